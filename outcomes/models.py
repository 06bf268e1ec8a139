"""Employment offers after a placement and the graduates' destination survey."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.models import CenterOwned
from students.models import Placement, StudentProfile


class EmploymentOffer(CenterOwned):
    """The base offered its intern employment after the placement: one fact per placement,
    whether the enterprise recorded it or the student reported it."""

    class Source(models.TextChoices):
        ENTERPRISE = "enterprise", _("Recorded by the enterprise")
        STUDENT = "student", _("Reported by the student")

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="employment_offer"
    )
    offered_on = models.DateField(_("offered on"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offer of employment")
        verbose_name_plural = _("offers of employment")
        ordering = ["-offered_on", "-pk"]

    def __str__(self):
        return f"{self.placement} · {self.offered_on}"


class DestinationSurvey(CenterOwned):
    """The short survey a graduate gets once after graduation; every answer is optional."""

    class Destination(models.TextChoices):
        EMPLOYED = "employed", pgettext_lazy("destination", "Employed")
        STUDY = "study", _("Further study")
        OTHER = "other", pgettext_lazy("destination", "Other")

    student = models.OneToOneField(
        StudentProfile, on_delete=models.CASCADE, related_name="destination_survey"
    )
    graduated_on = models.DateField(_("graduated on"))
    sent_at = models.DateTimeField()
    destination = models.CharField(
        _("what you do now"), max_length=10, choices=Destination.choices, blank=True
    )
    city = models.CharField(_("city"), max_length=40, blank=True)
    in_center_city = models.BooleanField(_("in the center's city"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("destination survey")
        verbose_name_plural = _("destination surveys")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["center", "graduated_on"])]

    def __str__(self):
        return f"{self.student} · {self.graduated_on}"
