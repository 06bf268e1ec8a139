"""The subsidy arithmetic, free of the database: intern-days per month, caps, rounding.

A placement earns, for each calendar month, the share of that month it covered
(days in the placement ∩ month ÷ days of the month) times the center's monthly rate.
Shares are exact fractions until a line's amount is rounded half-up to the fen, so
splitting a period differently never creates or loses a day.
"""

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from mentorship.money import to_fen


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_between(first: date, last: date) -> Iterator[date]:
    """The first day of every calendar month from `first`'s to `last`'s, inclusive."""
    current = month_start(first)
    while current <= last:
        yield current
        current = month_end(current) + timedelta(days=1)


def overlap_days(start: date, end: date, period_start: date, period_end: date) -> int:
    """Days in both [start, end] and [period_start, period_end], all inclusive."""
    first, last = max(start, period_start), min(end, period_end)
    return max((last - first).days + 1, 0)


def month_shares(start: date, end: date, period_start: date, period_end: date) -> dict:
    """{first day of month: share of that month worked within the period} (exact)."""
    shares = {}
    first, last = max(start, period_start), min(end, period_end)
    if first > last:
        return shares
    for month in months_between(first, last):
        days = overlap_days(first, last, month, month_end(month))
        if days:
            shares[month] = Fraction(days, calendar.monthrange(month.year, month.month)[1])
    return shares


def placement_months(start: date, end: date) -> Fraction:
    """How many months a placement lasted, as the sum of its monthly shares."""
    return sum(month_shares(start, end, start, end).values(), Fraction(0))


@dataclass
class PlacementTerms:
    """What the computation needs to know of one placement."""

    key: object
    start: date
    # The last day worked: the planned end, or the day it was terminated.
    end: date
    terminated_early: bool = False
    # Months of it already paid in other claims: {month: share}.
    already_paid: dict = field(default_factory=dict)


@dataclass
class Line:
    key: object
    shares: dict  # {month: Fraction} newly claimed in this period
    months: Fraction
    amount: Decimal
    excluded_reason: str = ""

    @property
    def included(self) -> bool:
        return not self.excluded_reason


EXCLUDED_TOO_SHORT = "terminated_below_minimum"
EXCLUDED_CAP_REACHED = "maximum_months_reached"
EXCLUDED_NOTHING_NEW = "nothing_in_period"


def compute_line(
    terms: PlacementTerms,
    *,
    period_start: date,
    period_end: date,
    rate: Decimal,
    min_months: int,
    max_months: int,
) -> Line:
    """One claim line: the new month shares of this placement in the period, capped."""
    if terms.terminated_early and placement_months(terms.start, terms.end) < min_months:
        return Line(terms.key, {}, Fraction(0), Decimal("0.00"), EXCLUDED_TOO_SHORT)
    shares = month_shares(terms.start, terms.end, period_start, period_end)
    new_shares = {}
    paid_so_far = sum(terms.already_paid.values(), Fraction(0))
    for month in sorted(shares):
        # A month paid in an earlier claim is never paid again, even partly.
        if month in terms.already_paid:
            continue
        room = Fraction(max_months) - paid_so_far
        if room <= 0:
            break
        share = min(shares[month], room)
        new_shares[month] = share
        paid_so_far += share
    months = sum(new_shares.values(), Fraction(0))
    if not new_shares:
        reason = EXCLUDED_CAP_REACHED if shares and paid_so_far >= max_months else ""
        return Line(terms.key, {}, Fraction(0), Decimal("0.00"), reason or EXCLUDED_NOTHING_NEW)
    return Line(terms.key, new_shares, months, to_fen(months * Fraction(rate)))


def compute_lines(
    placements: Iterable[PlacementTerms], *, period_start, period_end, rate, min_months, max_months
) -> list[Line]:
    return [
        compute_line(
            terms,
            period_start=period_start,
            period_end=period_end,
            rate=rate,
            min_months=min_months,
            max_months=max_months,
        )
        for terms in placements
    ]


def total(lines: Iterable[Line]) -> Decimal:
    """The claim's total: exactly the sum of its (already rounded) included lines."""
    return sum((line.amount for line in lines if line.included), Decimal("0.00"))


def period_bounds(kind: str, year: int, number: int) -> tuple[date, date]:
    """First and last day of month `number` (kind "month") or quarter `number` ("quarter")."""
    if kind == "month":
        start = date(year, number, 1)
        return start, month_end(start)
    if kind == "quarter":
        start = date(year, 3 * (number - 1) + 1, 1)
        return start, month_end(date(year, 3 * number, 1))
    raise ValueError(f"unknown period kind {kind!r}")
