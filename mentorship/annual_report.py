"""The annual program report: a PDF of a year's figures per center, with charts, notable
events, incubated projects and top bases, in Chinese or in English.

It reads only the core's registries: the program's figures (`mentorship.figures`, from their
aggregates) and the report's sections, which apps register in their `annual_report.py`
(`register_section`). The first report of a closed year keeps what it read in
`AnnualSnapshot`; every later report of that year reads the snapshot, so it shows the same
figures whatever changed in the records since. The year still running is read afresh.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from mentorship import figures as registry
from mentorship.figures_views import MONTHS
from mentorship.models import AnnualSnapshot, FigureValue
from mentorship.money import format_cny
from mentorship.pdf import render_pdf_pages
from mentorship.reports import register_report
from mentorship.scoping import center_scope

LANGUAGES = ("zh-hans", "en")


@dataclass(frozen=True)
class Section:
    name: str
    title: object  # a lazy translation
    # The heading of the items' value column (attendance, interns), or None when they have none.
    value_label: object
    # items(year) -> the current center's items of the year, each a dict: "title" (a text, or
    # {"zh-hans": ..., "en": ...}), "kind" (a key of kind_labels or ""), "on" (an ISO date or
    # ""), "value" (a whole number or None). Runs inside the center's scope.
    items: Callable
    kind_labels: dict = field(default_factory=dict)
    order: int = 100
    # How many items the report shows, the largest values (or the earliest) first.
    limit: int = 10


SECTIONS: dict[str, Section] = {}


def register_section(
    name: str, *, title, value_label=None, kind_labels=None, order: int = 100, limit: int = 10
):
    """Register `items(year)` as the section `name` ("app.what") of the annual report."""

    def decorator(items):
        SECTIONS[name] = Section(
            name=name,
            title=title,
            value_label=value_label,
            items=items,
            kind_labels=dict(kind_labels or {}),
            order=order,
            limit=limit,
        )
        return items

    return decorator


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.name))


# --- What a report of a year reads ---------------------------------------------------------


def _item_order(item) -> tuple:
    value = item.get("value")
    return (-(value or 0), item.get("on") or "", str(item.get("title")))


def collect(year: int) -> dict:
    """Everything the report of `year` shows, as plain data: the figures of the year (and
    the total of the year before) per center, and each section's items."""
    centers = registry.dashboard_centers()
    names = [f.name for f in registry.figures()]
    months = registry.months_of(names, years=(year, year - 1), centers=centers)
    per_center: dict[str, dict[str, str]] = {name: {} for name in names}
    slugs = {center.pk: center.slug for center in centers}
    for name, center_id, value in (
        FigureValue.objects.filter(figure__in=names, year=year, center__in=centers)
        .values_list("figure", "center")
        .order_by()
        .annotate(v=Sum("value"))
    ):
        per_center[name][slugs[center_id]] = str(value)
    counted_at = FigureValue.objects.filter(year=year).aggregate(at=Max("computed_at"))["at"]

    found: dict[str, list] = {section.name: [] for section in sections()}
    for center in centers:
        with center_scope(center):
            for section in sections():
                items = sorted(section.items(year), key=_item_order)[: section.limit]
                found[section.name] += [{**item, "center": center.slug} for item in items]
    return {
        "year": year,
        "counted_at": counted_at.isoformat() if counted_at else None,
        "centers": [
            {"slug": c.slug, "name_zh": c.name_zh, "name_en": c.name_en or c.name_zh}
            for c in centers
        ],
        "figures": {
            name: {
                "months": [str(v) for v in months[(name, year)]],
                "before": str(sum(months[(name, year - 1)])),
                "centers": per_center[name],
            }
            for name in names
        },
        "sections": {
            name: sorted(items, key=_item_order)[: SECTIONS[name].limit]
            for name, items in found.items()
        },
    }


def year_data(year: int) -> dict:
    """The report's data of `year`: kept from the first report once the year is over."""
    if year >= timezone.localdate().year:
        return collect(year)
    kept = AnnualSnapshot.objects.filter(year=year).first()
    if kept is not None:
        return kept.data
    # Two reports of the same year at once: the first to store its reading wins, and both
    # show that one.
    kept, _created = AnnualSnapshot.objects.get_or_create(
        year=year, defaults={"data": collect(year), "taken_at": timezone.now()}
    )
    return kept.data


# --- How the report shows it ---------------------------------------------------------------


def _shown(figure, value: Decimal) -> str:
    if figure is None or figure.is_count:
        return f"{int(value):,}"
    return format_cny(value)


def _in_language(text, language: str) -> str:
    if isinstance(text, dict):
        return text.get(language) or next(iter(text.values()), "")
    return str(text)


def _bars(pairs, figure) -> list[dict]:
    """(label, value) pairs as horizontal bars, the largest drawn the full width."""
    largest = max((value for _label, value in pairs), default=0) or 1
    return [
        {
            "label": label,
            "value": _shown(figure, value),
            "width": round(float(value) * 100 / float(largest), 1),
        }
        for label, value in pairs
    ]


COLUMN_WIDTH = 20
CHART_HEIGHT = 60
TOP = 8


def _columns(months: list[Decimal]) -> list[dict]:
    """Twelve months as columns of an SVG chart 240 wide: 8 for the values on top, 60 for
    the columns, the month names below."""
    largest = max(months, default=0) or 1
    found = []
    for n, (label, value) in enumerate(zip(MONTHS, months, strict=True)):
        height = round(float(value) * CHART_HEIGHT / float(largest), 1)
        found.append(
            {
                "label": str(label),
                "x": n * COLUMN_WIDTH + 3,
                "middle": n * COLUMN_WIDTH + COLUMN_WIDTH / 2,
                "y": TOP + CHART_HEIGHT - height,
                "top": TOP + CHART_HEIGHT - height - 1.5,
                "height": height,
                "value": f"{value:,.0f}" if value else "",
            }
        )
    return found


def _change(now: Decimal, before: Decimal) -> str | None:
    if not before:
        return None
    return f"{(now - before) * 100 / before:+.0f}%"


def report_context(data: dict) -> dict:
    """The template's context for `data`, in the current language."""
    language = "zh-hans" if (get_language() or "").startswith("zh") else "en"
    names = {c["slug"]: c[f"name_{language[:2]}"] for c in data["centers"]}
    order = {f.name: n for n, f in enumerate(registry.figures())}
    rows = []
    for name in sorted(data["figures"], key=lambda n: (order.get(n, len(order)), n)):
        values = data["figures"][name]
        figure = registry.FIGURES.get(name)
        months = [Decimal(v) for v in values["months"]]
        total = sum(months)
        # Every center of the year, those without a value too, the largest first.
        pairs = sorted(
            ((names[slug], Decimal(values["centers"].get(slug, 0))) for slug in names),
            key=lambda pair: (-pair[1], pair[0]),
        )
        rows.append(
            {
                "label": figure.label if figure else name,
                "definition": figure.definition if figure else "",
                "total": _shown(figure, total),
                "before": _shown(figure, Decimal(values["before"])),
                "change": _change(total, Decimal(values["before"])),
                "centers": _bars(pairs, figure),
                "months": _columns(months) if total else [],
            }
        )
    shown_sections = []
    for section in sections():
        items = data["sections"].get(section.name, [])
        shown_sections.append(
            {
                "title": section.title,
                "value_label": section.value_label,
                "items": [
                    {
                        "title": _in_language(item["title"], language),
                        "center": names.get(item["center"], item["center"]),
                        "kind": section.kind_labels.get(item.get("kind"), ""),
                        "on": item.get("on") or "",
                        "value": "" if item.get("value") is None else f"{item['value']:,}",
                    }
                    for item in items
                ],
            }
        )
    return {
        "year": data["year"],
        "counted_at": (
            timezone.localtime(datetime.fromisoformat(data["counted_at"]))
            if data["counted_at"]
            else None
        ),
        "centers": [names[c["slug"]] for c in data["centers"]],
        "figures": rows,
        "sections": shown_sections,
    }


def annual_report_pdf(*, year: int, language: str, progress=None) -> tuple[bytes, int]:
    """The report of `year` in `language` as a PDF, and its number of pages."""
    progress = progress or (lambda percent: None)
    data = year_data(year)
    progress(50)
    with override(language):
        context = report_context(data)
        context["generated_on"] = timezone.localdate()
        context["frozen"] = year < timezone.localdate().year
        document = render_pdf_pages("pdf/annual_report.html", context, language=language)
    progress(95)
    return document


@register_report(
    "annual_report", title=_("Annual program report"), program_staff=True, document=True
)
def annual_report(report, progress):
    language = report.params.get("language")
    return annual_report_pdf(
        year=int(report.params["year"]),
        language=language if language in LANGUAGES else "zh-hans",
        progress=progress,
    )
