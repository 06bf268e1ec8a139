"""Claim lines computed from real placements: month boundaries, leap February, early ends,
the maximum months, the ledger across claims, rounding."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bases.models import TrainingBase
from mentorship.models import ServiceCenter
from mentorship.scoping import center_scope
from subsidies import services
from subsidies.models import SubsidyClaim, SubsidyLine, SubsidyMonth
from tests.subsidies.factories import internship_base, open_claim, placement, submitted_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

E = SubsidyLine.Exclusion


def lines_by_placement(claim):
    return {line.placement_id: line for line in claim.lines.all()}


def set_policy(center, **fields):
    ServiceCenter.objects.filter(pk=center.pk).update(**fields)
    center.refresh_from_db()


def test_whole_months_of_a_quarter(center, rep, base):
    p = placement(base, date(2025, 6, 15), date(2025, 12, 15))
    claim = open_claim(center, rep, base, 2025, 3)
    line = lines_by_placement(claim)[p.pk]
    assert line.months == Decimal("3.0000")
    assert line.amount == Decimal("6000.00")
    assert claim.claimed_amount == Decimal("6000.00")
    assert (line.first_day, line.last_day) == (date(2025, 6, 15), date(2025, 12, 14))


def test_a_placement_starting_mid_month_counts_its_days(center, rep, base):
    # 16 of August's 31 days, then all of September.
    p = placement(base, date(2025, 8, 16), date(2026, 2, 16))
    line = lines_by_placement(open_claim(center, rep, base, 2025, 3))[p.pk]
    assert line.amount == Decimal("3032.26")
    assert line.months == Decimal("1.5161")


def test_a_placement_ending_mid_month_stops_at_its_last_day(center, rep, base):
    # end_date is the day after the last day: the last day worked is 14 August.
    p = placement(base, date(2025, 4, 1), date(2025, 8, 15))
    line = lines_by_placement(open_claim(center, rep, base, 2025, 3))[p.pk]
    assert line.last_day == date(2025, 8, 14)
    assert line.amount == Decimal("2903.23")  # July, and 14/31 of August


def test_leap_february_is_divided_by_29_days(center, rep, base):
    set_policy(center, subsidy_claim_period=ServiceCenter.ClaimPeriod.MONTH)
    whole = placement(base, date(2024, 1, 10), date(2024, 5, 10))
    half = placement(base, date(2024, 2, 15), date(2024, 6, 15))
    claim = open_claim(center, rep, base, 2024, 2)
    lines = lines_by_placement(claim)
    assert lines[whole.pk].amount == Decimal("2000.00")
    assert lines[half.pk].amount == Decimal("1034.48")  # 15 of 29 days
    assert claim.period_end == date(2024, 2, 29)


def test_early_termination_below_the_minimum_is_shown_excluded_with_its_reason(center, rep, base):
    kept = placement(base, date(2025, 6, 1), date(2025, 12, 1))
    short = placement(base, date(2025, 7, 1), date(2025, 11, 1), terminated_on=date(2025, 8, 20))
    claim = open_claim(center, rep, base, 2025, 3)
    lines = lines_by_placement(claim)
    assert lines[short.pk].excluded_reason == E.TOO_SHORT
    assert lines[short.pk].amount == 0
    assert lines[short.pk].last_day == date(2025, 8, 20)
    assert claim.claimed_amount == lines[kept.pk].amount == Decimal("6000.00")
    assert claim.line_count == 1
    assert not SubsidyMonth.objects.filter(placement=short).exists()


def test_early_termination_after_the_minimum_is_paid_to_its_last_day(center, rep, base):
    p = placement(base, date(2025, 4, 1), date(2025, 10, 1), terminated_on=date(2025, 7, 20))
    line = lines_by_placement(open_claim(center, rep, base, 2025, 3))[p.pk]
    assert line.included
    assert line.amount == Decimal("1290.32")  # 20 of July's 31 days


def test_the_maximum_months_cut_a_placement_across_claims(center, rep, base):
    set_policy(center, subsidy_max_months=4)
    long = placement(base, date(2025, 1, 1), date(2026, 1, 1))
    other = placement(base, date(2025, 7, 1), date(2025, 12, 1))
    open_claim(center, rep, base, 2025, 1)
    second = open_claim(center, rep, base, 2025, 2)
    assert lines_by_placement(second)[long.pk].amount == Decimal("2000.00")  # April only
    third = open_claim(center, rep, base, 2025, 3)
    capped = lines_by_placement(third)[long.pk]
    assert capped.excluded_reason == E.CAP_REACHED
    assert lines_by_placement(third)[other.pk].amount == Decimal("6000.00")
    assert SubsidyMonth.objects.filter(placement=long).count() == 4


def test_no_placement_month_is_claimed_twice_across_periods_of_either_kind(center, rep, base):
    p = placement(base, date(2025, 6, 1), date(2025, 12, 1))
    open_claim(center, rep, base, 2025, 3)
    with pytest.raises(ValidationError) as duplicate:
        open_claim(center, rep, base, 2025, 3)
    assert "already has a claim" in str(duplicate.value)
    # The center switches to monthly claims: July to September are taken, October is not.
    set_policy(center, subsidy_claim_period=ServiceCenter.ClaimPeriod.MONTH)
    with pytest.raises(ValidationError) as nothing:
        open_claim(center, rep, base, 2025, 8)
    assert "Nothing to claim" in str(nothing.value)
    october = open_claim(center, rep, base, 2025, 10)
    assert october.claimed_amount == Decimal("2000.00")
    months = SubsidyMonth.objects.filter(placement=p).values_list("month", flat=True)
    assert sorted(months) == [date(2025, m, 1) for m in (7, 8, 9, 10)]
    line = SubsidyLine.objects.get(claim__period_kind="quarter", placement=p)
    assert line.amount == Decimal("6000.00")


def test_a_rejected_claim_gives_its_months_back(center, rep, base, bureau):
    placement(base, date(2025, 6, 1), date(2025, 12, 1))
    claim = submitted_claim(center, rep, base)
    with center_scope(center):
        services.subsidy_claim_reject(center=center, actor=bureau, claim=claim, comment="材料不实")
    assert not SubsidyMonth.objects.filter(line__claim=claim).exists()
    again = open_claim(center, rep, base, 2025, 3)
    assert again.claimed_amount == Decimal("6000.00")


def test_discarding_a_draft_gives_its_months_back(center, rep, base):
    placement(base, date(2025, 6, 1), date(2025, 12, 1))
    claim = open_claim(center, rep, base)
    with center_scope(center):
        services.subsidy_claim_discard(center=center, actor=rep, claim=claim)
    assert not SubsidyClaim.objects.filter(pk=claim.pk).exists()
    assert not SubsidyMonth.objects.exists()
    assert open_claim(center, rep, base).claimed_amount == Decimal("6000.00")


def test_lines_round_half_up_and_the_total_is_their_exact_sum(center, rep, base):
    set_policy(center, subsidy_rate=Decimal("1999.99"))
    for start in (date(2025, 7, 3), date(2025, 7, 17), date(2025, 8, 9), date(2025, 9, 30)):
        placement(base, start, date(2026, 3, 1))
    claim = open_claim(center, rep, base)
    amounts = [line.amount for line in claim.lines.all()]
    assert all(a == a.quantize(Decimal("0.01")) for a in amounts)
    assert claim.claimed_amount == sum(amounts)
    # 29 of July's 31 days plus two months at 1,999.99: 5,870.94 exactly (half-up).
    assert Decimal("5870.94") in amounts


def test_recomputing_sees_a_placement_ended_early_since(center, rep, base):
    kept = placement(base, date(2025, 6, 1), date(2025, 12, 1))
    p = placement(base, date(2025, 7, 1), date(2025, 11, 1))
    claim = open_claim(center, rep, base)
    assert claim.claimed_amount == Decimal("12000.00")
    p.status, p.terminated_on = p.Status.TERMINATED, date(2025, 8, 10)
    p.save()
    with center_scope(center):
        claim = services.subsidy_claim_recompute(center=center, actor=rep, claim=claim)
    assert lines_by_placement(claim)[p.pk].excluded_reason == E.TOO_SHORT
    assert claim.claimed_amount == lines_by_placement(claim)[kept.pk].amount
    entry = claim_history(claim)[-1]
    assert entry.before["claimed_amount"] == "12000.00"
    assert entry.after["claimed_amount"] == "6000.00"


def claim_history(claim):
    from mentorship.models import AuditEntry

    return list(
        AuditEntry.objects.filter(
            target_type="subsidies.subsidyclaim", target_id=str(claim.pk)
        ).order_by("pk")
    )


def test_only_days_of_the_recognition_earn_subsidy(center, rep):
    base = internship_base(center, rep, recognized_from=date(2025, 8, 1))
    placement(base, date(2025, 6, 1), date(2025, 12, 1))
    claim = open_claim(center, rep, base)
    assert claim.claimed_amount == Decimal("4000.00")  # August and September


@pytest.mark.parametrize(
    ("fields", "period", "message"),
    [
        ({}, (2099, 1), "has not ended"),
        ({"status": TrainingBase.Status.UNDER_REVIEW}, (2025, 3), "recognized internship"),
        ({"kind": TrainingBase.Kind.WORKPLACE}, (2025, 3), "recognized internship"),
        ({"recognized_from": date(2026, 1, 1)}, (2025, 3), "not recognized during"),
    ],
)
def test_claims_only_for_ended_periods_of_a_recognized_internship_base(
    center, rep, fields, period, message
):
    base = internship_base(center, rep, **fields)
    placement(base, date(2025, 6, 1), date(2025, 12, 1))
    with pytest.raises(ValidationError) as refused:
        open_claim(center, rep, base, *period)
    assert message in str(refused.value)
    assert not SubsidyClaim.objects.exists()
