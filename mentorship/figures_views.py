"""The program's figures: the public dashboard, program staff's and a center's dashboards,
and the open data of each public figure. Every page reads only the aggregates."""

import csv
import io
from decimal import Decimal

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorship import figures as registry
from mentorship.access import center_member, program_staff_required
from mentorship.models import Role
from mentorship.money import format_cny
from mentorship.request_values import whole_number

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CHARTS = ("trend", "centers", "kinds")
HIDDEN_NOTE = gettext_lazy("Counts under 5 are not drawn: the table beside gives each value.")
NOTHING_NOTE = gettext_lazy("Nothing to draw for this year.")
SUPPRESSION = gettext_lazy("Counts from 1 to %(n)d are not published (shown as <5).")
MONTHS = [
    gettext_lazy("Jan"),
    gettext_lazy("Feb"),
    gettext_lazy("Mar"),
    gettext_lazy("Apr"),
    gettext_lazy("May"),
    gettext_lazy("Jun"),
    gettext_lazy("Jul"),
    gettext_lazy("Aug"),
    gettext_lazy("Sep"),
    gettext_lazy("Oct"),
    gettext_lazy("Nov"),
    gettext_lazy("Dec"),
]


def _shown(figure, value, *, suppress: bool) -> str:
    """The value as a reader sees it; on public pages a count of 1 to 4 reads "<5"."""
    if value is None:
        return "—"
    if suppress and figure.is_count and 0 < value < registry.SUPPRESS_BELOW:
        return f"<{registry.SUPPRESS_BELOW}"
    if figure.is_count:
        return f"{int(value):,}"
    return format_cny(value)


def _plain(figure, value, *, suppress: bool):
    """The value for a chart or a file: a number, or None where it is suppressed."""
    if value is None:
        return None
    if suppress and figure.is_count and 0 < value < registry.SUPPRESS_BELOW:
        return None
    return int(value) if figure.is_count else float(value)


def _change(now: Decimal, before: Decimal) -> str | None:
    if not before:
        return None
    percent = (now - before) * 100 / before
    return f"{percent:+.0f}%"


def _year(request, years: list[int]) -> int:
    this_year = timezone.localdate().year
    asked = whole_number(request.GET.get("year"), maximum=9999)
    if asked in years or asked == this_year:
        return asked
    return this_year


def _dashboard(request, *, scope: str, centers, public_only: bool, center=None):
    """Cards of every figure and the charts of one, for `centers`, read from the aggregates."""
    suppress = scope == "public"
    shown = registry.figures(public_only=public_only)
    figure = registry.figure_named(request.GET.get("figure", ""), public_only=public_only)
    figure = figure or shown[0]
    this_year = timezone.localdate().year
    years = sorted(set(registry.years_with_figures(centers=centers)) | {this_year}, reverse=True)
    year = _year(request, years)
    # The year still running is compared with the same months of the year before.
    through = timezone.localdate().month if year == this_year else 12

    months_of = registry.months_of([f.name for f in shown], years=(year, year - 1), centers=centers)
    cards = []
    for each in shown:
        value = sum(months_of[(each.name, year)])
        before = sum(months_of[(each.name, year - 1)][:through])
        so_far = sum(months_of[(each.name, year)][:through])
        # A change between small counts would tell them: it is hidden with them.
        hidden = suppress and any(_plain(each, v, suppress=True) is None for v in (so_far, before))
        cards.append(
            {
                "figure": each,
                "value": _shown(each, value, suppress=suppress),
                "change": None if hidden else _change(so_far, before),
                "change_hidden": hidden,
                "selected": each.name == figure.name,
            }
        )

    rate_cards = _rate_cards(
        registry.rates(public_only=public_only),
        year=year,
        centers=centers,
        through=through,
        suppress=suppress,
    )

    # Months still to come have no figure yet, unless rows already fall in them.
    months = [
        None if (n > through and not v) else v
        for n, v in enumerate(months_of[(figure.name, year)], start=1)
    ]
    months_before = months_of[(figure.name, year - 1)]
    trend = {
        "kind": "line",
        "categories": [str(m) for m in MONTHS],
        "series": [
            {"name": str(year), "data": [_plain(figure, v, suppress=suppress) for v in months]},
            {
                "name": str(year - 1),
                "data": [_plain(figure, v, suppress=suppress) for v in months_before],
            },
        ],
        "rows": [
            [str(label), _shown(figure, a, suppress=suppress), _shown(figure, b, suppress=suppress)]
            for label, a, b in zip(MONTHS, months, months_before, strict=True)
        ],
        "head": [_("Month"), str(year), str(year - 1)],
    }
    charts = {"trend": trend}
    if len(centers) > 1:
        pairs = registry.by_center(figure, year=year, centers=centers)
        charts["centers"] = {
            "kind": "hbar",
            "categories": [c.name for c, _v in pairs],
            "series": [
                {
                    "name": str(year),
                    "data": [_plain(figure, v, suppress=suppress) for _c, v in pairs],
                }
            ],
            "rows": [[c.name, _shown(figure, v, suppress=suppress)] for c, v in pairs],
            "links": [_drill_link(scope, c, figure, year) for c, _v in pairs],
            "head": [_("Service center"), str(year)],
        }
    if figure.kind_field:
        kinds = registry.by_kind(figure, year=year, centers=centers)
        charts["kinds"] = {
            "kind": "pie",
            "categories": [str(label) for _k, label, _v in kinds],
            "series": [
                {
                    "name": str(year),
                    "data": [_plain(figure, v, suppress=suppress) for _k, _l, v in kinds],
                }
            ],
            "rows": [[str(label), _shown(figure, v, suppress=suppress)] for _k, label, v in kinds],
            "head": [_("Kind"), str(year)],
        }

    chart = request.GET.get("download")
    if chart in charts:
        return _chart_csv(figure, year, chart, charts[chart])

    titles = {
        "trend": _("%(figure)s by month") % {"figure": figure.label},
        "centers": _("%(figure)s by service center") % {"figure": figure.label},
        "kinds": _("%(figure)s by kind") % {"figure": figure.label},
    }
    query = {"year": year, "figure": figure.name}
    if center is not None and scope == "program":
        query["center"] = center.slug
    panels = [
        {
            "id": name,
            "title": titles[name],
            "data": charts[name],
            "payload": {
                **{k: charts[name][k] for k in ("kind", "categories", "series")},
                # Shown in place of a chart whose every value is hidden or none.
                "empty": str(HIDDEN_NOTE if suppress else NOTHING_NOTE),
            },
            "script_id": f"chart-data-{name}",
            "table": [
                {"head": row[0], "cells": row[1:], "link": link}
                for row, link in zip(
                    charts[name]["rows"],
                    charts[name].get("links") or [None] * len(charts[name]["rows"]),
                    strict=True,
                )
            ],
            "download": "?" + urlencode({**query, "download": name}),
        }
        for name in CHARTS
        if name in charts
    ]
    return render(
        request,
        "figures/dashboard.html",
        {
            "scope": scope,
            "cards": cards,
            "rate_cards": rate_cards,
            "figure": figure,
            "year": year,
            "years": years,
            "panels": panels,
            "centers": centers,
            "center": center,
            "all_centers": registry.dashboard_centers() if scope == "program" else [],
            "updated_at": registry.updated_at(centers=centers),
            "through_month": through,
            "open_data": figure.public,
        },
    )


def _percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return numerator * 100 / denominator if denominator else None


def _rate_cards(rates, *, year, centers, through, suppress) -> list[dict]:
    """Each rate of the year so far, beside the same months of the year before (in points).

    On public pages a rate whose parts include a count from 1 to 4 is not shown: with its
    parts, it would tell them."""
    parts = registry.rate_parts(
        rates, years=(year, year - 1), centers=centers, through_month=through
    )

    def hidden(pair):
        return suppress and any(0 < v < registry.SUPPRESS_BELOW for v in pair)

    cards = []
    for rate in rates:
        now, before = parts[(rate.name, year)], parts[(rate.name, year - 1)]
        percent = None if hidden(now) else _percent(*now)
        earlier = None if hidden(before) else _percent(*before)
        points = None if percent is None or earlier is None else percent - earlier
        cards.append(
            {
                "rate": rate,
                "value": "—" if percent is None else f"{percent:.0f}%",
                "hidden": hidden(now),
                "of": _shown_count(now[1]),
                "change": None if points is None else f"{points:+.0f}",
            }
        )
    return cards


def _shown_count(value: Decimal) -> str:
    return f"{int(value):,}"


def _drill_link(scope, center, figure, year):
    if scope == "program":
        query = urlencode({"center": center.slug, "year": year, "figure": figure.name})
        return f"{reverse('program_figures')}?{query}"
    return None


def _chart_csv(figure, year, chart, data) -> HttpResponse:
    """The table beside a chart as CSV (UTF-8 with a BOM, so spreadsheet programs read it)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(data["head"])
    writer.writerows(data["rows"])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{figure.name}-{year}-{chart}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def public_dashboard(request):
    """The program's published figures, every center together; anyone may read them."""
    return _dashboard(
        request, scope="public", centers=registry.publishing_centers(), public_only=True
    )


@program_staff_required
def program_dashboard(request):
    """Every figure of every center, with a drill-down into one center (`?center=`)."""
    everyone = registry.dashboard_centers()
    center = next((c for c in everyone if c.slug == request.GET.get("center")), None)
    return _dashboard(
        request,
        scope="program",
        centers=[center] if center else everyone,
        public_only=False,
        center=center,
    )


@center_member(Role.COORDINATOR)
def center_dashboard(request):
    """The center's own figures, for its coordinators."""
    return _dashboard(
        request,
        scope="center",
        centers=[request.center],
        public_only=False,
        center=request.center,
    )


def _metadata(request, figure, year) -> dict:
    updated = registry.updated_at(centers=registry.publishing_centers())
    return {
        "figure": figure.name,
        "label": {"zh-hans": _in("zh-hans", figure.label), "en": _in("en", figure.label)},
        "definition": {
            "zh-hans": _in("zh-hans", figure.definition),
            "en": _in("en", figure.definition),
        },
        "unit": figure.unit,
        "source": {"zh-hans": _in("zh-hans", figure.source), "en": _in("en", figure.source)},
        "dimensions": list(figure.dimensions),
        "kinds": {
            kind: {"zh-hans": _in("zh-hans", label), "en": _in("en", label)}
            for kind, label in figure.kind_labels.items()
        },
        "period": str(year) if year else "all",
        "updated_at": updated.isoformat() if updated else None,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "suppression": {
            language: _in(language, SUPPRESSION) % {"n": registry.SUPPRESS_BELOW - 1}
            for language in ("zh-hans", "en")
        },
        "url": request.build_absolute_uri(request.path),
    }


def _in(language, text) -> str:
    with translation.override(language):
        return str(text)


def _open_figure(name):
    figure = registry.figure_named(name, public_only=True)
    if figure is None:
        raise Http404
    return figure


def open_data_json(request, name):
    """One public figure's values per year, month, center and kind, with what they mean."""
    figure = _open_figure(name)
    year = whole_number(request.GET.get("year"), maximum=9999)
    rows = registry.open_data_rows(figure, year=year)
    for row in rows:
        if row["value"] is not None:
            row["value"] = int(row["value"]) if figure.is_count else str(row["value"])
    payload = {"metadata": _metadata(request, figure, year), "values": rows}
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_csv(request, name):
    """The same values as CSV, UTF-8 with a BOM; the metadata heads the file as comments."""
    figure = _open_figure(name)
    year = whole_number(request.GET.get("year"), maximum=9999)
    meta = _metadata(request, figure, year)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for key in ("figure", "unit", "period", "updated_at", "licence"):
        writer.writerow([f"# {key}", meta[key]])
    for key in ("label", "definition", "source"):
        writer.writerow([f"# {key}", meta[key]["zh-hans"], meta[key]["en"]])
    writer.writerow(["# suppression", meta["suppression"]["zh-hans"], meta["suppression"]["en"]])
    writer.writerow(
        ["year", "month", "center", "center_name_zh", "center_name_en", "kind", "value"]
    )
    for row in registry.open_data_rows(figure, year=year):
        writer.writerow(
            [
                row["year"],
                row["month"],
                row["center"],
                row["center_name_zh"],
                row["center_name_en"],
                row["kind"],
                f"<{registry.SUPPRESS_BELOW}" if row["suppressed"] else row["value"],
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{figure.name}.csv"'
    return response


def open_data_index(request):
    """Every published figure, what it means and where its data is: where open data starts."""
    return JsonResponse(
        {
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "figures": [
                {
                    "figure": figure.name,
                    "label": {
                        "zh-hans": _in("zh-hans", figure.label),
                        "en": _in("en", figure.label),
                    },
                    "definition": {
                        "zh-hans": _in("zh-hans", figure.definition),
                        "en": _in("en", figure.definition),
                    },
                    "unit": figure.unit,
                    "dimensions": list(figure.dimensions),
                    "json": request.build_absolute_uri(
                        reverse("figures_json", kwargs={"name": figure.name})
                    ),
                    "csv": request.build_absolute_uri(
                        reverse("figures_csv", kwargs={"name": figure.name})
                    ),
                }
                for figure in registry.figures(public_only=True)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
        headers={"Access-Control-Allow-Origin": "*"},
    )
