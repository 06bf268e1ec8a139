"""Subsidy claims, their computed lines, and the ledger that pays a placement-month once."""

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from mentorship.models import CenterOwned, ServiceCenter
from mentorship.uploads import PrivateUploadTo
from subsidies.subsidy_math import EXCLUDED_CAP_REACHED, EXCLUDED_NOTHING_NEW, EXCLUDED_TOO_SHORT

ZERO = Decimal("0.00")


def period_label(kind: str, year: int, number: int) -> str:
    """“2026 Q3” / “2026-07”, in the current language."""
    if kind == ServiceCenter.ClaimPeriod.QUARTER:
        return gettext("%(year)d Q%(number)d") % {"year": year, "number": number}
    return gettext("%(year)d-%(month)02d") % {"year": year, "month": number}


class SubsidyClaim(CenterOwned):
    """A base's claim for one period. Its lines are computed from the base's placements,
    never typed; the bureau decides on each line, then on the claim (twice above the
    center's threshold), then records the payment."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        SECOND_APPROVAL = "second_approval", _("Awaiting second approval")
        APPROVED = "approved", _("Approved")
        PARTLY_APPROVED = "partly_approved", _("Partly approved")
        RETURNED = "returned", _("Returned for changes")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    base = models.ForeignKey(
        "bases.TrainingBase",
        on_delete=models.PROTECT,
        related_name="subsidy_claims",
        verbose_name=_("base"),
    )
    period_kind = models.CharField(
        _("period"), max_length=8, choices=ServiceCenter.ClaimPeriod.choices
    )
    period_year = models.PositiveSmallIntegerField(_("year"))
    # The month (1–12) or the quarter (1–4) of the year.
    period_number = models.PositiveSmallIntegerField()
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The center's policy when the lines were last computed: a later change of policy
    # never alters a claim already in front of the bureau.
    rate = models.DecimalField(_("subsidy per intern-month (CNY)"), max_digits=9, decimal_places=2)
    min_months = models.PositiveSmallIntegerField(_("minimum subsidized months"))
    max_months = models.PositiveSmallIntegerField(_("maximum subsidized months"))
    second_approval_threshold = models.DecimalField(
        _("second approval above (CNY)"), max_digits=12, decimal_places=2
    )
    claimed_amount = models.DecimalField(
        _("claimed (CNY)"), max_digits=12, decimal_places=2, default=ZERO
    )
    approved_amount = models.DecimalField(
        _("approved (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    line_count = models.PositiveIntegerField(_("interns claimed"), default=0)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    first_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["center", "status", "submitted_at"]),
            models.Index(fields=["center", "period_start", "status"]),
            models.Index(fields=["base", "period_start"]),
        ]
        constraints = [
            # Four eyes, in the database too: the second approver is another person.
            models.CheckConstraint(
                condition=models.Q(second_approved_by__isnull=True)
                | ~models.Q(second_approved_by=models.F("first_approved_by")),
                name="subsidy_claim_two_different_approvers",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True)
                | models.Q(approved_amount__gte=0, approved_amount__lte=models.F("claimed_amount")),
                name="subsidy_claim_approved_within_claimed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | ~models.Q(payment_reference=""),
                name="subsidy_claim_paid_has_reference",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="subsidy_claim_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.base.enterprise} · {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.period_year, self.period_number)

    @property
    def is_editable(self) -> bool:
        """The enterprise may change evidence and recompute only before the bureau has it."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def in_review(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.UNDER_REVIEW)

    @property
    def awaits_decision(self) -> bool:
        return self.status in (
            self.Status.SUBMITTED,
            self.Status.UNDER_REVIEW,
            self.Status.SECOND_APPROVAL,
        )

    @property
    def needs_second_approval(self) -> bool:
        return self.claimed_amount > self.second_approval_threshold


class SubsidyLine(CenterOwned):
    """One placement of the base in the claim's period: what it earns, and its evidence."""

    class Exclusion(models.TextChoices):
        NONE = "", _("Included")
        TOO_SHORT = EXCLUDED_TOO_SHORT, _("Ended early, below the minimum subsidized months")
        CAP_REACHED = EXCLUDED_CAP_REACHED, _("The maximum subsidized months are already paid")
        NOTHING_NEW = EXCLUDED_NOTHING_NEW, _("Every month of it in this period is already claimed")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not yet reviewed")
        APPROVED = "approved", pgettext_lazy("subsidy line", "Approved")
        REDUCED = "reduced", _("Reduced")

    claim = models.ForeignKey(SubsidyClaim, on_delete=models.CASCADE, related_name="lines")
    placement = models.ForeignKey(
        "students.Placement", on_delete=models.PROTECT, related_name="subsidy_lines"
    )
    # The days the computation used: the placement's first day and its last day worked.
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day worked"))
    terminated_early = models.BooleanField(default=False)
    # For people; the exact shares are in the ledger (SubsidyMonth).
    months = models.DecimalField(_("intern-months"), max_digits=7, decimal_places=4, default=0)
    amount = models.DecimalField(_("computed (CNY)"), max_digits=12, decimal_places=2, default=ZERO)
    excluded_reason = models.CharField(
        _("excluded because"), max_length=32, choices=Exclusion.choices, blank=True
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    approved_amount = models.DecimalField(
        _("approved (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    stipend_proof = models.FileField(
        _("proof of the stipend paid"), upload_to=PrivateUploadTo("subsidy-evidence"), blank=True
    )
    insurance_proof = models.FileField(
        _("proof of accident insurance"),
        upload_to=PrivateUploadTo("subsidy-evidence"),
        blank=True,
    )

    class Meta:
        verbose_name = _("subsidy claim line")
        verbose_name_plural = _("subsidy claim lines")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "placement"], name="subsidy_line_per_placement"
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True)
                | models.Q(approved_amount__gte=0, approved_amount__lte=models.F("amount")),
                name="subsidy_line_approved_within_computed",
            ),
        ]

    def __str__(self):
        return f"{self.claim_id}: {self.placement_id}"

    @property
    def included(self) -> bool:
        return not self.excluded_reason

    @property
    def has_evidence(self) -> bool:
        return bool(self.stipend_proof) and bool(self.insurance_proof)


class SubsidyMonth(CenterOwned):
    """The ledger: one row per placement-month a claim holds.

    The unique key is what makes "never paid twice" true in the database, whatever races
    the application misses. A claim's rows go when it is rejected or discarded (nothing
    was paid); a reduced line keeps its months, so they cannot be claimed again.
    """

    placement = models.ForeignKey(
        "students.Placement", on_delete=models.PROTECT, related_name="subsidy_months"
    )
    month = models.DateField()  # its first day
    # The exact share of the month (days worked ÷ days of the month, or less at the cap).
    share_numerator = models.PositiveIntegerField()
    share_denominator = models.PositiveIntegerField()
    line = models.ForeignKey(SubsidyLine, on_delete=models.CASCADE, related_name="ledger")

    class Meta:
        ordering = ["placement", "month"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="subsidy_month_paid_once"),
            models.CheckConstraint(
                condition=models.Q(share_denominator__gt=0)
                & models.Q(share_numerator__lte=models.F("share_denominator")),
                name="subsidy_month_share_at_most_one",
            ),
        ]

    def __str__(self):
        return f"{self.placement_id} {self.month:%Y-%m}"

    @property
    def share(self) -> Fraction:
        return Fraction(self.share_numerator, self.share_denominator)
