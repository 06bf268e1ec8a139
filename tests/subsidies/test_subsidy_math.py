"""The subsidy arithmetic: month boundaries, leap years, caps, rounding, no double counting."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from subsidies.subsidy_math import (
    EXCLUDED_CAP_REACHED,
    EXCLUDED_TOO_SHORT,
    PlacementTerms,
    compute_line,
    compute_lines,
    month_shares,
    period_bounds,
    to_fen,
    total,
)

RATE = Decimal("2000.00")


def line(start, end, period=(2026, 1), kind="quarter", **terms):
    period_start, period_end = period_bounds(kind, *period)
    return compute_line(
        PlacementTerms("p", start, end, **terms),
        period_start=period_start,
        period_end=period_end,
        rate=RATE,
        min_months=3,
        max_months=6,
    )


def test_whole_months_of_a_quarter_are_three_months():
    result = line(date(2025, 12, 1), date(2026, 5, 31))
    assert result.months == 3
    assert result.amount == Decimal("6000.00")


def test_a_placement_starting_mid_month_counts_the_days_it_worked():
    # 16 of January's 31 days, then all of February and March.
    result = line(date(2026, 1, 16), date(2026, 6, 15))
    assert result.shares[date(2026, 1, 1)] == Fraction(16, 31)
    assert result.amount == to_fen((Fraction(16, 31) + 2) * 2000)
    assert result.amount == Decimal("5032.26")


def test_a_placement_ending_mid_month():
    result = line(date(2025, 10, 1), date(2026, 2, 14))
    assert result.shares == {date(2026, 1, 1): 1, date(2026, 2, 1): Fraction(14, 28)}
    assert result.amount == Decimal("3000.00")


def test_leap_february_has_29_days():
    result = line(date(2028, 2, 1), date(2028, 2, 15), period=(2028, 2), kind="month")
    assert result.shares == {date(2028, 2, 1): Fraction(15, 29)}
    assert result.amount == Decimal("1034.48")


def test_ordinary_february_has_28_days():
    assert month_shares(
        date(2026, 2, 1), date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)
    ) == {date(2026, 2, 1): Fraction(1, 2)}


def test_early_termination_below_the_minimum_is_excluded_with_its_reason():
    result = line(date(2026, 1, 1), date(2026, 2, 20), terminated_early=True)
    assert result.excluded_reason == EXCLUDED_TOO_SHORT
    assert result.amount == 0


def test_early_termination_after_the_minimum_is_paid_until_the_last_day():
    result = line(date(2025, 11, 1), date(2026, 2, 10), terminated_early=True)
    assert result.included
    assert result.months == 1 + Fraction(10, 28)


def test_the_maximum_months_cap_cuts_the_month_that_crosses_it():
    paid = {date(2025, m, 1): Fraction(1) for m in range(8, 13)}  # five months paid
    paid[date(2025, 7, 1)] = Fraction(1, 2)  # and half of July
    result = line(date(2025, 7, 16), date(2026, 3, 31), already_paid=paid)
    assert result.months == Fraction(1, 2)
    assert result.amount == Decimal("1000.00")
    after = line(
        date(2025, 7, 16),
        date(2026, 3, 31),
        already_paid={**paid, date(2026, 1, 1): Fraction(1, 2)},
    )
    assert after.excluded_reason == EXCLUDED_CAP_REACHED


def test_a_month_paid_in_an_earlier_claim_is_not_paid_again():
    result = line(
        date(2025, 12, 1), date(2026, 5, 31), already_paid={date(2026, 1, 1): Fraction(1)}
    )
    assert set(result.shares) == {date(2026, 2, 1), date(2026, 3, 1)}


def test_rounding_is_half_up_to_the_fen():
    assert to_fen(Decimal("0.005")) == Decimal("0.01")
    assert to_fen(Decimal("2.675")) == Decimal("2.68")
    assert to_fen(Fraction(1, 200)) == Decimal("0.01")
    assert to_fen(Fraction(-1, 200)) == Decimal("-0.01")


def test_quarter_bounds():
    assert period_bounds("quarter", 2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_bounds("quarter", 2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_bounds("month", 2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@st.composite
def placements(draw):
    start = draw(days)
    length = draw(st.integers(min_value=1, max_value=240))
    return PlacementTerms(
        key=draw(st.integers()),
        start=start,
        end=start + timedelta(days=length - 1),
        terminated_early=draw(st.booleans()),
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(placements(), min_size=1, max_size=8),
    st.sampled_from([Decimal("1500.00"), Decimal("2000.00"), Decimal("1999.99")]),
)
def test_total_is_exactly_the_sum_of_the_included_lines(terms, rate):
    lines = compute_lines(
        terms,
        period_start=date(2024, 1, 1),
        period_end=date(2028, 12, 31),
        rate=rate,
        min_months=3,
        max_months=6,
    )
    assert total(lines) == sum((x.amount for x in lines if x.included), Decimal("0"))
    assert all(x.amount == x.amount.quantize(Decimal("0.01")) for x in lines)


months = st.dates(min_value=date(2024, 2, 1), max_value=date(2028, 12, 1)).map(
    lambda d: d.replace(day=1)
)


@settings(max_examples=200, deadline=None)
@given(placements(), st.lists(months, min_size=0, max_size=8, unique=True))
def test_no_placement_day_is_counted_twice_over_any_split_of_periods(terms, cuts):
    """Claim periods are whole months. Claiming period after period, however the range is
    split, pays each placement-month once and adds up to claiming the range at once."""
    whole_start, whole_end = date(2024, 1, 1), date(2028, 12, 31)
    edges = sorted({whole_start, *cuts, whole_end + timedelta(days=1)})
    periods = [(a, b - timedelta(days=1)) for a, b in pairwise(edges)]
    paid: dict = {}
    for period_start, period_end in periods:
        result = compute_line(
            PlacementTerms(terms.key, terms.start, terms.end, terms.terminated_early, dict(paid)),
            period_start=period_start,
            period_end=period_end,
            rate=RATE,
            min_months=3,
            max_months=6,
        )
        assert not set(result.shares) & set(paid), "a placement-month was paid twice"
        paid.update(result.shares)
    whole = compute_line(
        PlacementTerms(terms.key, terms.start, terms.end, terms.terminated_early),
        period_start=whole_start,
        period_end=whole_end,
        rate=RATE,
        min_months=3,
        max_months=6,
    )
    assert paid == whole.shares
    assert sum(paid.values(), Fraction(0)) <= 6


def test_a_placement_across_the_new_year_splits_between_the_years_quarters():
    start, end = date(2025, 11, 16), date(2026, 4, 15)
    q4 = line(start, end, period=(2025, 4))
    q1 = line(start, end, period=(2026, 1))
    assert q4.shares == {date(2025, 11, 1): Fraction(15, 30), date(2025, 12, 1): 1}
    assert q1.months == 3
    assert q4.amount + q1.amount == Decimal("9000.00")


def test_a_single_day_is_a_share_of_its_month():
    assert month_shares(
        date(2026, 1, 31), date(2026, 1, 31), date(2026, 1, 1), date(2026, 3, 31)
    ) == {date(2026, 1, 1): Fraction(1, 31)}


def test_each_line_is_rounded_and_the_total_is_never_rounded_again():
    # Three interns each worked a third of April at 100.00 a month: 33.33 each, 99.99 in all.
    thirds = [
        PlacementTerms(n, date(2026, 4, 1 + 10 * n), date(2026, 4, 10 + 10 * n)) for n in range(3)
    ]
    lines = compute_lines(
        thirds,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 4, 30),
        rate=Decimal("100.00"),
        min_months=3,
        max_months=6,
    )
    assert [x.amount for x in lines] == [Decimal("33.33")] * 3
    assert total(lines) == Decimal("99.99")


@settings(max_examples=200, deadline=None)
@given(placements(), st.sampled_from([Decimal("1500.00"), Decimal("1999.99")]))
def test_a_line_is_its_months_times_the_rate_rounded_once(terms, rate):
    result = compute_line(
        terms,
        period_start=date(2024, 1, 1),
        period_end=date(2028, 12, 31),
        rate=rate,
        min_months=3,
        max_months=6,
    )
    assert result.amount == to_fen(result.months * Fraction(rate))
    assert all(0 < share <= 1 for share in result.shares.values())
    assert result.amount <= 6 * rate
