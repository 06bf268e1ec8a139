"""The program's figures: what each one means and how it is counted, in one place.

Each app registers its figures in `<app>/figures.py` (`register_figure`): a name, a label and
a definition sentence in both languages, a unit, the rows it counts (a queryset of the
center, the date that places a row in a month, the value summed per month) and the
dimensions it can be cut by. A periodic task recomputes every figure of a center from those
rows into `FigureValue` (`recompute_center`); the dashboards and the open data read only
that table, and the tests compare it with a recount, so all of them share one definition.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import DateTimeField, F, Max, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from mentorship.demo import register_demo
from mentorship.models import FigureValue, ServiceCenter
from mentorship.scoping import center_scope

COUNT = "count"
CNY = "cny"
UNITS = (COUNT, CNY)

YEAR = "year"
MONTH = "month"
CENTER = "center"
KIND = "kind"
BASE = "base"

# Open data never shows a count this small: it could point at one student or one base.
SUPPRESS_BELOW = 5


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    definition: str
    unit: str
    # rows() -> the queryset of the current center's rows the figure counts.
    rows: Callable
    # The field (a date or a moment) that places a row in a year and month.
    date_field: str
    # Count("pk") or Sum("amount"): the value of a month's rows.
    value: object
    source: str
    order: int = 100
    # A field of the rows whose values cut the figure (a base's kind), with their labels.
    kind_field: str | None = None
    kind_labels: dict = field(default_factory=dict)
    # Public figures appear on the program's public dashboard and in the open data.
    public: bool = True
    # The path from a row to its training base: the figure is also read per base, on the
    # base's own page (counted from the rows, never published per base).
    base_field: str | None = None

    @property
    def dimensions(self) -> tuple[str, ...]:
        return (
            (YEAR, MONTH, CENTER)
            + ((KIND,) if self.kind_field else ())
            + ((BASE,) if self.base_field else ())
        )

    @property
    def is_count(self) -> bool:
        return self.unit == COUNT


FIGURES: dict[str, Figure] = {}


def register_figure(
    name: str,
    *,
    label,
    definition,
    unit: str,
    date_field: str,
    value,
    source,
    order: int = 100,
    kind_field: str | None = None,
    kind_labels=None,
    public: bool = True,
    base_field: str | None = None,
):
    """Register `rows() -> queryset` as the figure `name` ("app.what")."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")

    def decorator(rows):
        FIGURES[name] = Figure(
            name=name,
            label=label,
            definition=definition,
            unit=unit,
            rows=rows,
            date_field=date_field,
            value=value,
            source=source,
            order=order,
            kind_field=kind_field,
            kind_labels=dict(kind_labels or {}),
            public=public,
            base_field=base_field,
        )
        return rows

    return decorator


def figures(*, public_only: bool = False) -> list[Figure]:
    found = sorted(FIGURES.values(), key=lambda f: (f.order, f.name))
    return [f for f in found if f.public or not public_only]


def figure_named(name: str, *, public_only: bool = False) -> Figure | None:
    figure = FIGURES.get(name)
    if figure is None or (public_only and not figure.public):
        return None
    return figure


@dataclass(frozen=True)
class Rate:
    """A share of one figure in another, read from the same aggregates: the completed share
    of the placements that ended, say. `numerator_kind` / `denominator_kind` narrow a
    figure to one of its kinds."""

    name: str
    label: str
    definition: str
    numerator: str
    denominator: str
    numerator_kind: str | None = None
    denominator_kind: str | None = None
    order: int = 100

    @property
    def public(self) -> bool:
        return all(FIGURES[name].public for name in (self.numerator, self.denominator))


RATES: dict[str, Rate] = {}


def register_rate(
    name: str,
    *,
    label,
    definition,
    numerator: str,
    denominator: str,
    numerator_kind: str | None = None,
    denominator_kind: str | None = None,
    order: int = 100,
) -> None:
    """Register the rate `name`: `numerator` (a registered figure, or one kind of it) over
    `denominator`, both counts."""
    RATES[name] = Rate(
        name=name,
        label=label,
        definition=definition,
        numerator=numerator,
        denominator=denominator,
        numerator_kind=numerator_kind,
        denominator_kind=denominator_kind,
        order=order,
    )


def rates(*, public_only: bool = False) -> list[Rate]:
    found = sorted(RATES.values(), key=lambda r: (r.order, r.name))
    return [r for r in found if r.public or not public_only]


def rate_parts(
    shown: list[Rate], *, years, centers=None, through_month: int = 12
) -> dict[tuple[str, int], tuple[Decimal, Decimal]]:
    """(rate name, year) -> (numerator, denominator) over the months up to `through_month`,
    for every rate and year asked, in one query."""
    names = {name for rate in shown for name in (rate.numerator, rate.denominator)}
    rows = FigureValue.objects.filter(
        figure__in=list(names), year__in=list(years), month__lte=through_month
    )
    if centers is not None:
        rows = rows.filter(center__in=centers)
    sums: dict[tuple[str, int, str], Decimal] = {}
    for name, year, kind, value in (
        rows.values_list("figure", "year", "dimension").order_by().annotate(v=Sum("value"))
    ):
        sums[(name, year, kind)] = value

    def part(name, kind, year):
        return sum(
            (v for (n, y, k), v in sums.items() if n == name and y == year and kind in (None, k)),
            Decimal(0),
        )

    return {
        (rate.name, year): (
            part(rate.numerator, rate.numerator_kind, year),
            part(rate.denominator, rate.denominator_kind, year),
        )
        for rate in shown
        for year in years
    }


# --- Counting from the raw rows ------------------------------------------------------------


def count_rows(figure: Figure) -> dict[tuple[int, int, str], Decimal]:
    """The figure counted from the current center's raw rows: (year, month, kind) -> value.

    Runs inside the center's scope; one grouped query, so it stays cheap at program scale.
    """
    return _grouped(figure, figure.rows())


def _grouped(figure: Figure, queryset) -> dict[tuple[int, int, str], Decimal]:
    date = queryset.model._meta.get_field(figure.date_field.split("__")[0])
    # A moment is placed in Beijing's calendar; a date is already a day of it.
    tz = {"tzinfo": timezone.get_current_timezone()} if isinstance(date, DateTimeField) else {}
    groups = ["y", "m"] + (["k"] if figure.kind_field else [])
    annotations = {
        "y": ExtractYear(figure.date_field, **tz),
        "m": ExtractMonth(figure.date_field, **tz),
    }
    if figure.kind_field:
        annotations["k"] = F(figure.kind_field)
    grouped = (
        queryset.filter(**{f"{figure.date_field}__isnull": False})
        .annotate(**annotations)
        .values(*groups)
        .order_by()
        .annotate(v=figure.value)
    )
    counted = {}
    for row in grouped:
        if row["v"]:
            counted[(row["y"], row["m"], row.get("k", "") or "")] = Decimal(row["v"])
    return counted


def base_years(figure: Figure, *, base) -> dict[tuple[int, str], Decimal]:
    """(year, kind) -> the figure's value for one base, counted from its rows (inside the
    base's center scope): a base's page reads its own figures without waiting for the
    hourly count."""
    if not figure.base_field:
        raise ValueError(f"{figure.name} is not counted per base")
    queryset = figure.rows().filter(**{figure.base_field: base})
    found: dict[tuple[int, str], Decimal] = {}
    for (year, _month, kind), value in _grouped(figure, queryset).items():
        found[(year, kind)] = found.get((year, kind), Decimal(0)) + value
    return found


def recompute_center(*, center) -> int:
    """Replace the center's figures with a fresh count of its raw rows; safe to run twice.

    The center row is locked while its figures are replaced, so two runs for one center
    follow each other instead of interleaving their rows.
    """
    now = timezone.now()
    fresh = []
    for figure in figures():
        for (year, month, kind), value in count_rows(figure).items():
            fresh.append(
                FigureValue(
                    figure=figure.name,
                    center=center,
                    year=year,
                    month=month,
                    dimension=kind,
                    value=value,
                    computed_at=now,
                )
            )
    with transaction.atomic():
        ServiceCenter.objects.select_for_update().filter(pk=center.pk).first()
        FigureValue.objects.filter(center=center).delete()
        FigureValue.objects.bulk_create(fresh, batch_size=1000)
    return len(fresh)


# --- Reading the aggregates ----------------------------------------------------------------


def _values(figure: Figure, *, centers=None):
    rows = FigureValue.objects.filter(figure=figure.name)
    if centers is not None:
        rows = rows.filter(center__in=centers)
    return rows


def years_with_figures(*, centers=None) -> list[int]:
    rows = FigureValue.objects.all()
    if centers is not None:
        rows = rows.filter(center__in=centers)
    return sorted(rows.values_list("year", flat=True).distinct().order_by(), reverse=True)


def updated_at(*, centers=None):
    rows = FigureValue.objects.all()
    if centers is not None:
        rows = rows.filter(center__in=centers)
    return rows.aggregate(at=Max("computed_at"))["at"]


def months_of(names, *, years, centers=None) -> dict[tuple[str, int], list[Decimal]]:
    """(figure name, year) -> its twelve monthly values, for every figure and year asked, in
    one query: a dashboard's cards and trends."""
    found = {(name, year): [Decimal(0)] * 12 for name in names for year in years}
    rows = FigureValue.objects.filter(figure__in=list(names), year__in=list(years))
    if centers is not None:
        rows = rows.filter(center__in=centers)
    for name, year, month, value in (
        rows.values_list("figure", "year", "month").order_by().annotate(v=Sum("value"))
    ):
        found[(name, year)][month - 1] = value
    return found


def total(figure: Figure, *, year: int, centers=None, through_month: int = 12) -> Decimal:
    value = (
        _values(figure, centers=centers)
        .filter(year=year, month__lte=through_month)
        .aggregate(v=Sum("value"))["v"]
    )
    return value or Decimal(0)


def by_month(figure: Figure, *, year: int, centers=None) -> list[Decimal]:
    """Twelve values, January to December."""
    months = [Decimal(0)] * 12
    for month, value in (
        _values(figure, centers=centers)
        .filter(year=year)
        .values_list("month")
        .order_by()
        .annotate(v=Sum("value"))
    ):
        months[month - 1] = value
    return months


def by_center(figure: Figure, *, year: int, centers) -> list[tuple[ServiceCenter, Decimal]]:
    """Each of `centers` with its value of the year, largest first."""
    values = dict(
        _values(figure, centers=centers)
        .filter(year=year)
        .values_list("center")
        .order_by()
        .annotate(v=Sum("value"))
    )
    found = [(center, values.get(center.pk, Decimal(0))) for center in centers]
    return sorted(found, key=lambda pair: (-pair[1], pair[0].pk))


def by_kind(figure: Figure, *, year: int, centers=None) -> list[tuple[str, str, Decimal]]:
    """(kind, its label, value of the year) for each of the figure's kinds."""
    if not figure.kind_field:
        return []
    values = dict(
        _values(figure, centers=centers)
        .filter(year=year)
        .values_list("dimension")
        .order_by()
        .annotate(v=Sum("value"))
    )
    labels = figure.kind_labels.items()
    return [(kind, label, values.get(kind, Decimal(0))) for kind, label in labels]


def open_data_rows(figure: Figure, *, year: int | None = None) -> list[dict]:
    """The figure's published values per year, month, center and kind, small counts hidden.

    Each row: year, month, center slug and names, kind, value (None when suppressed).
    """
    rows = _values(figure, centers=publishing_centers())
    if year is not None:
        rows = rows.filter(year=year)
    found = []
    for value in rows.select_related("center").order_by("year", "month", "center__pk", "dimension"):
        suppressed = figure.is_count and value.value < SUPPRESS_BELOW
        found.append(
            {
                "year": value.year,
                "month": value.month,
                "center": value.center.slug,
                "center_name_zh": value.center.name_zh,
                "center_name_en": value.center.name_en,
                "kind": value.dimension,
                "value": None if suppressed else value.value,
                "suppressed": suppressed,
            }
        )
    return found


def publishing_centers() -> list[ServiceCenter]:
    """Centers whose figures the program publishes: licensed and running."""
    return list(
        ServiceCenter.objects.filter(
            status__in=(ServiceCenter.Status.LICENSED, ServiceCenter.Status.ACTIVE)
        ).order_by("pk")
    )


def dashboard_centers() -> list[ServiceCenter]:
    """Centers whose figures staff read: every center past its application."""
    return list(ServiceCenter.objects.exclude(status=ServiceCenter.Status.APPLIED).order_by("pk"))


def seed_figures(stdout=None, today=None) -> None:
    """The demo's figures, counted once every other part is seeded (call inside
    system_scope()): without beat in development, the dashboards would stay empty."""
    for center in dashboard_centers():
        with center_scope(center):
            recompute_center(center=center)


register_demo(seed_figures, order=1000)
