"""The outcome rates beside the figures: read from the same aggregates, each with its
definition, compared in points with the same months of last year, hidden on the public
dashboard when a part is a small count."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentorship.figures import RATES, figure_named, rate_parts, rates
from mentorship.models import FigureValue, Role

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 31, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def values(center, year, *, completed, ended_early, retained, answered, in_city, month=2):
    rows = [
        ("outcomes.placements_ended", "completed", completed),
        ("outcomes.placements_ended", "terminated", ended_early),
        ("outcomes.interns_retained", "", retained),
        ("outcomes.graduates_answered", "employed", answered),
        ("outcomes.graduates_in_city", "employed", in_city),
    ]
    for figure, kind, value in rows:
        if value:
            FigureValue.objects.create(
                figure=figure,
                center=center,
                year=year,
                month=month,
                dimension=kind,
                value=Decimal(value),
                computed_at=NOW,
            )


def card(body, name):
    return body.split(f'id="rate-{name}"')[1].split("</article>")[0]


def test_the_outcomes_register_three_rates_of_their_figures():
    assert [r.name for r in rates()] == [
        "outcomes.completion_rate",
        "outcomes.retention_rate",
        "outcomes.staying_rate",
    ]
    for rate in RATES.values():
        assert figure_named(rate.numerator) and figure_named(rate.denominator)
        assert str(rate.definition).endswith(".") and rate.public


def test_a_rate_narrows_its_figures_to_their_kinds(center):
    values(center, 2026, completed=40, ended_early=10, retained=12, answered=20, in_city=15)
    # A month after the months asked is left out.
    values(center, 2026, completed=9, ended_early=9, retained=9, answered=9, in_city=9, month=5)
    parts = rate_parts(rates(), years=(2026,), centers=[center], through_month=3)
    assert parts[("outcomes.completion_rate", 2026)] == (40, 50)
    assert parts[("outcomes.retention_rate", 2026)] == (12, 40)
    assert parts[("outcomes.staying_rate", 2026)] == (15, 20)


def test_the_center_dashboard_shows_each_rate_with_its_definition_and_change(
    client, center, member_factory, django_assert_max_num_queries
):
    values(center, 2026, completed=40, ended_early=10, retained=12, answered=20, in_city=15)
    values(center, 2025, completed=30, ended_early=10, retained=6, answered=10, in_city=5)
    client.force_login(member_factory(center, Role.COORDINATOR))
    with django_assert_max_num_queries(30):
        body = client.get(reverse("center:figures", kwargs={"center_slug": center.slug}))
    body = body.content.decode()
    assert "Outcome rates" in body
    completion = card(body, "outcomes.completion_rate")
    assert "80%" in completion and "of 50" in completion
    assert "+5 points on the same months of last year" in completion
    assert "the share completed rather than ended early" in completion
    retention = card(body, "outcomes.retention_rate")
    assert "30%" in retention and "+10 points" in retention
    staying = card(body, "outcomes.staying_rate")
    assert "75%" in staying and "+25 points" in staying
    assert "live in the city of their service center" in staying


def test_the_public_dashboard_hides_a_rate_of_small_counts(client, center, member_factory):
    values(center, 2026, completed=40, ended_early=10, retained=12, answered=4, in_city=3)
    body = client.get("/figures/?year=2026").content.decode()
    assert "80%" in card(body, "outcomes.completion_rate")
    staying = card(body, "outcomes.staying_rate")
    assert "%" not in staying.split('class="definition"')[0]
    assert "Not shown: counts under 5" in staying
    # Its coordinators read it whole.
    client.force_login(member_factory(center, Role.COORDINATOR))
    body = client.get(f"/c/{center.slug}/figures/?year=2026").content.decode()
    assert "75%" in card(body, "outcomes.staying_rate")


def test_a_rate_with_nothing_counted_says_so(client, center):
    body = client.get("/figures/?year=2026").content.decode()
    assert "Nothing counted yet this year" in card(body, "outcomes.retention_rate")
