"""Each registered figure of a hand-built program is the number a person would count."""

from decimal import Decimal

import pytest
from django.utils import translation

from mentorship import figures
from mentorship.figures import FIGURES, recompute_center
from mentorship.models import FigureValue
from mentorship.scoping import center_scope
from tests.figures.world import build_world

pytestmark = pytest.mark.django_db


def held(center, name):
    """What the aggregates hold for one figure of one center: (year, month, kind) -> value."""
    return {
        (v.year, v.month, v.dimension): v.value
        for v in FigureValue.objects.filter(center=center, figure=name)
    }


@pytest.fixture
def world(center, other_center):
    build_world(center, other_center)
    with center_scope(center):
        recompute_center(center=center)
    with center_scope(other_center):
        recompute_center(center=other_center)
    return center


def test_the_apps_register_the_figures_of_today():
    assert {
        "bases.recognized_training_bases",
        "bases.positions_open",
        "bases.openings_offered",
        "students.trainees",
        "students.applications",
        "subsidies.paid_amount",
    } <= set(FIGURES)


@pytest.mark.parametrize("figure", list(FIGURES.values()), ids=lambda f: f.name)
def test_each_figure_says_what_it_counts(figure):
    assert str(figure.label) and len(str(figure.definition)) > 40 and str(figure.source)
    assert figures.YEAR in figure.dimensions and figures.CENTER in figure.dimensions
    if figure.kind_field:
        assert figures.KIND in figure.dimensions and figure.kind_labels


def test_recognized_bases_are_counted_by_the_month_and_kind_recognition_starts(world):
    assert held(world, "bases.recognized_training_bases") == {
        (2025, 3, "internship"): 1,
        (2025, 7, "internship"): 1,
        (2026, 1, "workplace"): 1,
    }


def test_positions_count_in_the_beijing_month_they_were_published(world):
    # 23:50 on 31 December is 2025; 00:10 on 1 January (still 2025 in UTC) is 2026; the
    # draft and the other center's position are not here.
    assert held(world, "bases.positions_open") == {
        (2025, 12, ""): 1,
        (2026, 1, ""): 1,
        (2026, 2, ""): 1,
    }
    assert held(world, "bases.openings_offered") == {
        (2025, 12, ""): 3,
        (2026, 1, ""): 4,
        (2026, 2, ""): 2,
    }


def test_trainees_count_every_placement_by_its_start_and_the_base_kind(world):
    assert held(world, "students.trainees") == {
        (2026, 1, "internship"): 1,
        (2026, 2, "workplace"): 1,  # ended early, still a trainee
    }


def test_applications_count_whatever_became_of_them(world):
    assert held(world, "students.applications") == {
        (2025, 11, ""): 2,
        (2025, 12, ""): 1,
        (2026, 1, ""): 1,
        (2026, 2, ""): 1,
    }


def test_subsidies_paid_count_only_paid_claims_in_the_month_of_payment(world):
    assert held(world, "subsidies.paid_amount") == {(2026, 2, ""): Decimal("5000.50")}


def test_year_totals_and_breakdowns_read_the_aggregates(world, other_center):
    trainees = FIGURES["students.trainees"]
    assert figures.total(trainees, year=2026, centers=[world]) == 2
    assert figures.total(trainees, year=2026) == 3
    assert figures.total(trainees, year=2026, through_month=1) == 2
    assert figures.by_month(trainees, year=2026, centers=[world])[:3] == [1, 1, 0]
    assert [
        (c.slug, v)
        for c, v in figures.by_center(trainees, year=2026, centers=[world, other_center])
    ] == [
        ("alpha", 2),
        ("beta", 1),
    ]
    assert [(k, v) for k, _label, v in figures.by_kind(trainees, year=2026, centers=[world])] == [
        ("internship", 1),
        ("workplace", 1),
    ]


def test_recomputing_twice_changes_nothing(world):
    before = sorted(
        FigureValue.objects.values_list("figure", "center", "year", "month", "dimension", "value")
    )
    with center_scope(world):
        recompute_center(center=world)
    after = sorted(
        FigureValue.objects.values_list("figure", "center", "year", "month", "dimension", "value")
    )
    assert before == after


@pytest.mark.parametrize("figure", list(FIGURES.values()), ids=lambda f: f.name)
def test_each_figure_is_defined_in_both_languages(figure):
    for text in (figure.label, figure.definition, figure.source):
        with translation.override("en"):
            english = str(text)
        with translation.override("zh-hans"):
            chinese = str(text)
        assert chinese != english and not chinese.isascii()
