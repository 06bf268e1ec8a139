"""Enterprises (shared reference data), their training bases per center, and positions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from bases.validators import validate_credit_code
from mentorship.models import CenterOwned
from mentorship.uploads import PrivateUploadTo


class Enterprise(models.Model):
    """An enterprise's public identity, shared by all centers on purpose (not center-owned):
    the same company may become a training base in several cities."""

    class Size(models.TextChoices):
        MICRO = "micro", _("Micro (under 10 staff)")
        SMALL = "small", _("Small (10–99 staff)")
        MEDIUM = "medium", _("Medium (100–999 staff)")
        LARGE = "large", _("Large (1,000 staff or more)")

    name_zh = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    industry = models.CharField(_("industry"), max_length=80)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices)
    address = models.CharField(_("address"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    business_licence = models.FileField(
        _("business licence"), upload_to=PrivateUploadTo("licences"), blank=True
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="enterprises", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["pk"]

    def __str__(self):
        if (get_language() or "").startswith("zh") or not self.name_en:
            return self.name_zh
        return self.name_en


class TrainingBase(CenterOwned):
    """An enterprise's application to be, and then its standing as, a base of one center.

    One row carries the whole workflow: draft → submitted → under review → recognized
    (with a validity period) / returned for changes / rejected.
    """

    class Kind(models.TextChoices):
        INTERNSHIP = "internship", _("Internship training base")
        WORKPLACE = "workplace", _("Workplace experience base")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        RECOGNIZED = "recognized", _("Recognized")
        RETURNED = "returned", _("Returned for changes")
        REJECTED = "rejected", _("Rejected")
        # A recognition ends: at the end of its validity (the daily beat), or when the
        # bureau revokes it after the annual review.
        EXPIRED = "expired", pgettext_lazy("recognition", "Expired")
        REVOKED = "revoked", pgettext_lazy("recognition", "Revoked")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="bases", verbose_name=_("enterprise")
    )
    kind = models.CharField(
        pgettext_lazy("training base", "kind"), max_length=12, choices=Kind.choices
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    introduction = models.TextField(
        _("what interns will do and learn"), max_length=3000, blank=True
    )
    yearly_capacity = models.PositiveIntegerField(_("interns per year"), default=10)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    recognized_from = models.DateField(_("recognized from"), null=True, blank=True)
    recognized_until = models.DateField(_("recognized until"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    # The reminders before the recognition ends, each sent once.
    expiry_reminded_60_at = models.DateTimeField(null=True, blank=True)
    expiry_reminded_30_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "enterprise", "kind"], name="training_base_unique_kind"
            )
        ]
        indexes = [models.Index(fields=["center", "status", "submitted_at"])]

    def __str__(self):
        return f"{self.enterprise} · {self.get_kind_display()}"

    @property
    def is_editable(self) -> bool:
        """The enterprise may change its application only before review or when returned."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def recognition_valid_on(self, day) -> bool:
        return (
            self.status == self.Status.RECOGNIZED
            and self.recognized_from is not None
            and self.recognized_until is not None
            and self.recognized_from <= day <= self.recognized_until
        )

    @property
    def is_recognition_valid(self) -> bool:
        return self.recognition_valid_on(timezone.localdate())

    @property
    def was_recognized(self) -> bool:
        """Recognized once, whether still, or until its validity ended or it was revoked."""
        return self.status in (self.Status.RECOGNIZED, self.Status.EXPIRED, self.Status.REVOKED)

    @property
    def accepts_positions(self) -> bool:
        """Only an internship training base, recognized today, posts positions."""
        return self.kind == self.Kind.INTERNSHIP and self.is_recognition_valid


class Position(CenterOwned):
    """An internship position of a recognized internship training base."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("position status", "Open")
        CLOSED = "closed", pgettext_lazy("position status", "Closed")
        FILLED = "filled", pgettext_lazy("position status", "Filled")

    base = models.ForeignKey(
        TrainingBase, on_delete=models.PROTECT, related_name="positions", verbose_name=_("base")
    )
    title = models.CharField(pgettext_lazy("position", "title"), max_length=120)
    description = models.TextField(pgettext_lazy("position", "description"), max_length=5000)
    department = models.CharField(_("department"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=40)
    location = models.CharField(_("workplace address"), max_length=200, blank=True)
    openings = models.PositiveSmallIntegerField(
        _("openings"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(3), MaxValueValidator(6)]
    )
    stipend = models.DecimalField(
        _("monthly stipend (CNY)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    majors = models.CharField(
        _("majors wanted"), max_length=300, blank=True, help_text=_("Separate majors with commas.")
    )
    start_date = models.DateField(_("start date"))
    deadline = models.DateField(_("application deadline"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    accepted_count = models.PositiveSmallIntegerField(
        pgettext_lazy("number of students", "accepted"), default=0
    )
    # Lower-cased title, enterprise, department, city, majors and description: what keyword
    # search reads (a trigram index on PostgreSQL).
    search_text = models.TextField(editable=False, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["center", "status", "-published_at"]),
            models.Index(fields=["base", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted_count__lte=models.F("openings")),
                name="position_never_over_filled",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_months__gte=3, duration_months__lte=6),
                name="position_duration_3_to_6_months",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.deadline and self.start_date and self.deadline > self.start_date:
            errors["deadline"] = _("The application deadline must be on or before the start date.")
        if self.openings is not None and self.openings < self.accepted_count:
            errors["openings"] = ngettext(
                "%(n)d student has already accepted; openings cannot be fewer.",
                "%(n)d students have already accepted; openings cannot be fewer.",
                self.accepted_count,
            ) % {"n": self.accepted_count}
        if errors:
            raise ValidationError(errors)

    @property
    def majors_list(self) -> list[str]:
        return [major.strip() for major in self.majors.split(",") if major.strip()]

    @property
    def remaining_openings(self) -> int:
        return max(self.openings - self.accepted_count, 0)

    def build_search_text(self) -> str:
        enterprise = self.base.enterprise
        parts = [
            self.title,
            enterprise.name_zh,
            enterprise.name_en,
            self.department,
            self.city,
            self.majors,
            self.description,
        ]
        return " ".join(p for p in parts if p).lower()

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class BaseReview(CenterOwned):
    """The bureau's decision on a base in the annual review, with the figures it saw."""

    class Decision(models.TextChoices):
        KEEP = "keep", pgettext_lazy("base review", "Keep")
        WARN = "warn", pgettext_lazy("base review", "Warn")
        REVOKE = "revoke", pgettext_lazy("base review", "Revoke")

    base = models.ForeignKey(TrainingBase, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("review year"))
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    # What the review showed when the decision was taken (interns, ratings).
    criteria = models.JSONField(default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("annual review of a base")
        verbose_name_plural = _("annual reviews of bases")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["base", "year"], name="base_review_once_a_year")
        ]

    def __str__(self):
        return f"{self.base} · {self.year}"


__all__ = [
    "BaseReview",
    "Enterprise",
    "Position",
    "TrainingBase",
]
