"""Properties of claims on the database: however a year is split into monthly and quarterly
claims, and in whatever order they are opened, no placement-day is paid twice, the cap
holds, and every claim's total is exactly the sum of its lines."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorship.models import ServiceCenter
from subsidies.models import SubsidyClaim, SubsidyMonth
from subsidies.services import last_day_worked
from subsidies.subsidy_math import month_shares
from tests.subsidies.factories import internship_base, open_claim, placement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

MAX_MONTHS = 6


@st.composite
def interns(draw):
    start = draw(st.dates(min_value=date(2024, 11, 1), max_value=date(2025, 11, 30)))
    days = draw(st.integers(min_value=20, max_value=260))
    end = start + timedelta(days=days)  # the day after the last day
    terminated = draw(st.booleans()) and days > 2
    on = start + timedelta(days=draw(st.integers(0, days - 2))) if terminated else None
    return start, end, on


@st.composite
def splits(draw):
    """2025 as claim periods: each quarter claimed whole, or month by month."""
    periods = []
    for quarter in range(1, 5):
        if draw(st.booleans()):
            periods.append(("quarter", quarter))
        else:
            periods.extend(("month", 3 * (quarter - 1) + m) for m in range(1, 4))
    return draw(st.permutations(periods))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(interns(), min_size=1, max_size=3), splits())
def test_no_day_is_paid_twice_and_totals_are_sums_over_any_split(center, rep, people, periods):
    with transaction.atomic():
        base = internship_base(center, rep)
        placements = [placement(base, s, e, terminated_on=on) for s, e, on in people]
        for kind, number in periods:
            ServiceCenter.objects.filter(pk=center.pk).update(subsidy_claim_period=kind)
            try:
                open_claim(center, rep, base, 2025, number, evidence=False)
            except ValidationError:
                continue  # nothing left to claim in this period
        for claim in SubsidyClaim.objects.filter(base=base):
            lines = claim.lines.filter(excluded_reason="")
            assert claim.claimed_amount == sum((x.amount for x in lines), Decimal("0"))
            assert claim.line_count == lines.count()
        for p in placements:
            ledger = {row.month: row.share for row in SubsidyMonth.objects.filter(placement=p)}
            worked = month_shares(
                p.start_date, last_day_worked(p), date(2025, 1, 1), date(2025, 12, 31)
            )
            assert set(ledger) <= set(worked)
            assert all(ledger[m] <= worked[m] for m in ledger)
            assert sum(ledger.values(), Fraction(0)) <= MAX_MONTHS
        transaction.set_rollback(True)
