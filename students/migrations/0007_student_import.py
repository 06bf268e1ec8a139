# Student imports, taken over from the program core.

import django.db.models.deletion
import mentorship.uploads
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mentorship', '0010_student_import_moves_out'),
        ('students', '0006_placement_no_overlap'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The table was created by mentorship.0003 and is renamed by 0008: here the model only
    # changes hands.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StudentImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to=mentorship.uploads.PrivateUploadTo('imports'))),
                        ('original_name', models.CharField(max_length=200)),
                        ('status', models.CharField(choices=[('checked', 'Checked'), ('importing', 'Importing'), ('done', 'Imported'), ('failed', 'Failed')], default='checked', max_length=10)),
                        ('total_rows', models.PositiveIntegerField(default=0)),
                        ('processed_rows', models.PositiveIntegerField(default=0)),
                        ('problems', models.JSONField(blank=True, default=list)),
                        ('error', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('center', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='mentorship.servicecenter', verbose_name='center')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'student import',
                        'verbose_name_plural': 'student imports',
                        'db_table': 'mentorship_studentimport',
                        'ordering': ['-pk'],
                    },
                ),
            ],
        ),
    ]
