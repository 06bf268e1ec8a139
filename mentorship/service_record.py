"""Each mentor's record of service (帮扶台账): what a mentor did for the program, by year.

Each app registers the parts of the record it keeps in `<app>/service_record.py`
(`register_service_record_source`): a key, a label, a unit and a function that counts, for a
set of mentors at once, their values per service center and year. The mentor's own record,
the coordinators' list, the export and the service letter all read `records()`, so they share
one definition of every number; a source runs a few grouped queries whatever the number of
mentors, never one query per row.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DateTimeField
from django.db.models.functions import ExtractYear
from django.utils import timezone

COUNT = "count"
HOURS = "hours"

# A source's counts: (center id, mentor's user id, year) -> value. A source whose values
# cannot be added up across years (people reached: one person in two years is one person)
# also gives its total across years under the year None.
Counts = dict[tuple[int, int, int | None], Decimal]


@dataclass(frozen=True)
class RecordItem:
    """One line of detail under a source for one year: a talk, a round judged."""

    day: date | None
    text: str


@dataclass(frozen=True)
class RecordSource:
    key: str
    label: object  # a lazy translation
    # count(*, center, user_ids) -> Counts; center None reads every center (program staff,
    # inside their audited scope).
    count: Callable
    unit: str = COUNT
    order: int = 100
    # items(*, center, user, year) -> [RecordItem]: the detail one mentor's page shows.
    items: Callable | None = None


SOURCES: dict[str, RecordSource] = {}


def register_service_record_source(
    key: str, label, fn: Callable, *, unit: str = COUNT, order: int = 100, items=None
) -> RecordSource:
    """Register `fn(*, center, user_ids) -> Counts` as the part `key` ("app.what")."""
    if unit not in (COUNT, HOURS):
        raise ValueError(f"unknown unit {unit!r}")
    source = RecordSource(key=key, label=label, count=fn, unit=unit, order=order, items=items)
    SOURCES[key] = source
    return source


def sources() -> list[RecordSource]:
    return sorted(SOURCES.values(), key=lambda s: (s.order, s.key))


# --- Helpers for the sources ---------------------------------------------------------------


def year_of(queryset, date_field: str):
    """The year of the rows' date, or of their moment in Beijing's calendar."""
    model = queryset.model
    parts = date_field.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    if isinstance(model._meta.get_field(parts[-1]), DateTimeField):
        return ExtractYear(date_field, tzinfo=timezone.get_current_timezone())
    return ExtractYear(date_field)


def count_by_year(queryset, *, center, user_field: str, date_field: str, value=None) -> Counts:
    """One grouped query: `value` (a count of rows by default) per center, mentor and year."""
    if center is not None:
        queryset = queryset.filter(center=center)
    grouped = (
        queryset.filter(**{f"{date_field}__isnull": False})
        .annotate(record_year=year_of(queryset, date_field))
        .values("center_id", user_field, "record_year")
        .order_by()
        .annotate(v=value if value is not None else Count("pk"))
    )
    return {
        (row["center_id"], row[user_field], row["record_year"]): Decimal(row["v"] or 0)
        for row in grouped
    }


def add_counts(*parts: Counts) -> Counts:
    found: Counts = {}
    for part in parts:
        for key, value in part.items():
            found[key] = found.get(key, Decimal(0)) + value
    return found


def distinct_by_year(triples: Iterable[tuple[int, int, int, object]]) -> Counts:
    """(center, mentor, year, something) -> how many different somethings each mentor had
    per year, and across all years under the year None."""
    per_year: dict = {}
    overall: dict = {}
    for center_id, user_id, year, thing in triples:
        per_year.setdefault((center_id, user_id, year), set()).add(thing)
        overall.setdefault((center_id, user_id, None), set()).add(thing)
    return {key: Decimal(len(things)) for key, things in (per_year | overall).items()}


# --- The records ---------------------------------------------------------------------------


@dataclass
class MentorRecord:
    center_id: int
    user_id: int
    # year -> source key -> value
    by_year: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year, reverse=True)

    def values(self, year: int | None) -> list[Decimal]:
        """The value of each source (in `sources()` order) for the year, or the totals."""
        row = self.totals if year is None else self.by_year.get(year, {})
        return [row.get(source.key, Decimal(0)) for source in sources()]

    def lines(self, year: int | None) -> list[tuple[RecordSource, Decimal]]:
        return list(zip(sources(), self.values(year), strict=True))

    @property
    def is_empty(self) -> bool:
        return not any(self.totals.values())


def records(*, center, user_ids: Iterable[int]) -> dict[tuple[int, int], MentorRecord]:
    """(center id, user id) -> the mentor's record there, for every mentor in `user_ids`.

    With a center, only that center's rows (inside its scope); with None, every center's
    (inside program staff's scope). Mentors with nothing recorded have no entry.
    """
    user_ids = list(user_ids)
    found: dict[tuple[int, int], MentorRecord] = {}
    if not user_ids:
        return found
    for source in sources():
        counts = source.count(center=center, user_ids=user_ids)
        given_totals = {(c, u) for (c, u, y) in counts if y is None}
        for (center_id, user_id, year), value in counts.items():
            record = found.setdefault(
                (center_id, user_id), MentorRecord(center_id=center_id, user_id=user_id)
            )
            if year is None:
                record.totals[source.key] = value
                continue
            record.by_year.setdefault(year, {})[source.key] = value
            if (center_id, user_id) not in given_totals:
                record.totals[source.key] = record.totals.get(source.key, Decimal(0)) + value
    return found


def record_of(*, center, user) -> MentorRecord:
    return records(center=center, user_ids=[user.pk]).get(
        (center.pk, user.pk), MentorRecord(center_id=center.pk, user_id=user.pk)
    )


def items_of(*, center, user, year: int) -> list[tuple[RecordSource, list[RecordItem]]]:
    """Each source's detail lines for one mentor and year (sources without any left out)."""
    found = []
    for source in sources():
        if source.items is None:
            continue
        lines = source.items(center=center, user=user, year=year)
        if lines:
            found.append((source, lines))
    return found


def record_years(record: MentorRecord, *, this_year: int) -> list[int]:
    """The years a record page offers: those with anything recorded, and this year."""
    return sorted({*record.years, this_year}, reverse=True)


def chosen_year(raw, *, years: list[int], default: int) -> int:
    """The year asked for in the query string when it is one of `years`, else `default`."""
    text = str(raw or "").strip()
    if text.isascii() and text.isdigit() and len(text) == 4 and int(text) in years:
        return int(text)
    return default


def as_number(source: RecordSource, value) -> int | Decimal:
    """A value as files carry it: a whole count, or hours to a tenth (half up)."""
    value = Decimal(value or 0)
    if source.unit == HOURS:
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return int(value)


def shown(source: RecordSource, value) -> str:
    """A value as pages and letters show it."""
    return str(as_number(source, value))


def record_table(record: MentorRecord, years: list[int]) -> list[tuple[RecordSource, list, str]]:
    """Rows of a record page: each source with its value in each of `years` and in total."""
    return [
        (
            source,
            [shown(source, record.by_year.get(year, {}).get(source.key)) for year in years],
            shown(source, record.totals.get(source.key)),
        )
        for source in sources()
    ]
