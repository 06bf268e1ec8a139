"""Claim lines computed from a base's placements and the ledger of months already claimed."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.models import TrainingBase
from bases.recognition import refused_claims_message
from mentorship.models import ServiceCenter
from students.models import Placement
from subsidies.models import SubsidyLine, SubsidyMonth
from subsidies.services.common import MONTHS_TAKEN, D, money_text
from subsidies.subsidy_math import PlacementTerms, compute_line, month_shares, total


def last_day_worked(placement) -> date:
    """The placement's last day; an early end cuts it."""
    last = placement.last_day
    if placement.status == placement.Status.TERMINATED and placement.terminated_on:
        last = min(last, placement.terminated_on)
    return last


def claim_window(claim, base) -> tuple[date, date] | None:
    """The days of the period on which the base was recognized: only they earn subsidy."""
    if base.recognized_from is None or base.recognized_until is None:
        return None
    first = max(claim.period_start, base.recognized_from)
    last = min(claim.period_end, base.recognized_until)
    return (first, last) if first <= last else None


def _placements_in(center, base, first: date, last: date):
    return list(
        Placement.objects.filter(center=center, base=base, start_date__lte=last, end_date__gt=first)
        .exclude(status=Placement.Status.TERMINATED, terminated_on__lt=first)
        .order_by("start_date", "pk")
    )


def _already_claimed(center, placements, claim) -> dict:
    """{placement id: {month: share}} held by other claims."""
    paid: dict = {}
    rows = SubsidyMonth.objects.filter(
        center=center, placement__in=[p.pk for p in placements]
    ).exclude(line__claim=claim)
    for row in rows.values("placement_id", "month", "share_numerator", "share_denominator"):
        paid.setdefault(row["placement_id"], {})[row["month"]] = Fraction(
            row["share_numerator"], row["share_denominator"]
        )
    return paid


def _as_months(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.0001"))


def compute_claim(center, claim, base, *, keep_decisions: bool) -> None:
    """(Re)compute the claim's lines and its hold on the ledger, with the current policy.

    The caller holds the base's lock, so two claims of the base never compute at once;
    the ledger's unique key still refuses a month taken by any other path.
    """
    policy = ServiceCenter.objects.get(pk=center.pk)
    claim.rate = policy.subsidy_rate
    claim.min_months = policy.subsidy_min_months
    claim.max_months = policy.subsidy_max_months
    claim.second_approval_threshold = policy.second_approval_threshold
    SubsidyMonth.objects.filter(center=center, line__claim=claim).delete()
    window = claim_window(claim, base)
    placements = _placements_in(center, base, *window) if window else []
    paid = _already_claimed(center, placements, claim)
    existing = {line.placement_id: line for line in claim.lines.all()}
    results, ledger = [], []
    for placement in placements:
        last = last_day_worked(placement)
        if not month_shares(placement.start_date, last, *window):
            continue
        result = compute_line(
            PlacementTerms(
                key=placement.pk,
                start=placement.start_date,
                end=last,
                terminated_early=placement.status == placement.Status.TERMINATED,
                already_paid=paid.get(placement.pk, {}),
            ),
            period_start=window[0],
            period_end=window[1],
            rate=claim.rate,
            min_months=claim.min_months,
            max_months=claim.max_months,
        )
        results.append(result)
        line = existing.pop(placement.pk, None) or SubsidyLine(
            center=center, claim=claim, placement=placement
        )
        changed = line.pk is None or line.amount != result.amount
        line.first_day = placement.start_date
        line.last_day = last
        line.terminated_early = placement.status == placement.Status.TERMINATED
        line.months = _as_months(result.months)
        line.amount = result.amount
        line.excluded_reason = result.excluded_reason
        if changed or not keep_decisions or not result.included:
            line.decision = D.PENDING
            line.approved_amount = None
            line.review_comment = ""
            line.reviewed_by = None
            line.reviewed_at = None
        line.save()
        for month, share in result.shares.items():
            ledger.append(
                SubsidyMonth(
                    center=center,
                    placement=placement,
                    month=month,
                    share_numerator=share.numerator,
                    share_denominator=share.denominator,
                    line=line,
                )
            )
    for gone in existing.values():
        gone.delete()
    try:
        with transaction.atomic():
            SubsidyMonth.objects.bulk_create(ledger)
    except IntegrityError as error:
        raise ValidationError(MONTHS_TAKEN, code="months_taken") from error
    claim.claimed_amount = total(results)
    claim.line_count = sum(1 for r in results if r.included)
    claim.approved_amount = None
    claim.save()


def claim_summary(claim) -> dict:
    return {
        "claimed_amount": money_text(claim.claimed_amount),
        "lines": claim.line_count,
        "rate": money_text(claim.rate),
    }


def claimable_periods(center, *, today=None, count: int = 8) -> list[tuple[int, int]]:
    """The latest `count` periods of the center's kind that have ended, newest first."""
    today = today or timezone.localdate()
    kind = center.subsidy_claim_period
    per_year = 4 if kind == ServiceCenter.ClaimPeriod.QUARTER else 12
    year = today.year
    number = (today.month - 1) // 3 + 1 if per_year == 4 else today.month
    periods = []
    while len(periods) < count:
        number -= 1
        if number == 0:
            year, number = year - 1, per_year
        periods.append((year, number))
    return periods


CLAIMING_STATUSES = (TrainingBase.Status.RECOGNIZED, TrainingBase.Status.EXPIRED)


def ensure_claimable_base(base) -> None:
    """An internship training base claims for the periods it was recognized, also after its
    validity ended; a revoked one no longer claims at all."""
    if base.status == TrainingBase.Status.REVOKED:
        raise ValidationError({"base": refused_claims_message(base)}, code="revoked")
    if base.kind != TrainingBase.Kind.INTERNSHIP or base.status not in CLAIMING_STATUSES:
        raise ValidationError(
            {"base": _("Only a recognized internship training base can claim subsidies.")}
        )
