"""The portal's positions, their bases and enterprises, read as they are (unmanaged)."""

from django.db import models


class Enterprise(models.Model):
    name_zh = models.CharField(max_length=200)

    class Meta:
        managed = False
        db_table = "bases_enterprise"

    def __str__(self):
        return self.name_zh


class TrainingBase(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.DO_NOTHING)

    class Meta:
        managed = False
        db_table = "bases_trainingbase"

    def __str__(self):
        return str(self.enterprise)


class Position(models.Model):
    base = models.ForeignKey(TrainingBase, on_delete=models.DO_NOTHING)
    center_id = models.BigIntegerField()
    title = models.CharField(max_length=200)
    city = models.CharField(max_length=50)
    stipend = models.DecimalField(max_digits=8, decimal_places=2)
    deadline = models.DateField()
    status = models.CharField(max_length=12)
    published_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "bases_position"

    def __str__(self):
        return self.title
