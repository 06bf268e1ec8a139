"""Events of a center: lectures, recruitment fairs, tutor activities, visits, forums."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.models import CenterOwned


class Event(CenterOwned):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture or training")
        FAIR = "fair", _("Recruitment fair")
        TUTOR = "tutor", _("Face-to-face tutor activity")
        VISIT = "visit", _("Workplace-experience visit")
        FORUM = "forum", _("Forum")
        CEREMONY = "ceremony", _("Ceremony or career festival")
        ROADSHOW = "roadshow", _("Project roadshow")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", pgettext_lazy("event status", "Published")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(pgettext_lazy("event", "kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("event", "title"), max_length=150)
    description = models.TextField(pgettext_lazy("event", "description"), max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["center", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title
