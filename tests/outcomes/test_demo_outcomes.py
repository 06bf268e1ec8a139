"""The demo's outcomes: Hangzhou's latest graduates got the destination survey on their
graduation day and most answered it, so the outcome figures and rates are not empty."""

import pytest
from django.urls import reverse

from mentorship.models import AuditEntry, FigureValue, User
from outcomes.models import DestinationSurvey
from outcomes.services import graduation_day
from students.demo_scale import last_class

pytestmark = pytest.mark.usefixtures("unscoped")


def test_the_latest_graduates_answered_the_survey(demo):
    surveys = DestinationSurvey.objects.filter(center__slug="hangzhou")
    assert surveys.count() == 6
    # SUITE_NOW is 31 March 2026: the latest class graduated on 1 July 2025.
    assert last_class(surveys.first().graduated_on) == 2025
    assert set(surveys.values_list("graduated_on", flat=True)) == {graduation_day(2025)}
    answered = surveys.filter(answered_at__isnull=False)
    assert answered.count() == 5
    assert answered.filter(in_center_city=True).count() == 3
    for survey in answered:
        assert survey.sent_at < survey.answered_at
        assert AuditEntry.objects.filter(
            verb="destination_survey.answered", target_id=str(survey.pk)
        ).exists()


def test_the_outcome_figures_and_rates_are_not_empty(demo, client):
    counted = set(
        FigureValue.objects.filter(center__slug="hangzhou", value__gt=0).values_list(
            "figure", flat=True
        )
    )
    assert {"outcomes.graduates_answered", "outcomes.graduates_in_city"} <= counted
    client.force_login(User.objects.get(email="coordinator.hangzhou@demo.example"))
    body = client.get(
        reverse("center:figures", kwargs={"center_slug": "hangzhou"}) + "?year=2025"
    ).content.decode()
    staying = body.split('id="rate-outcomes.staying_rate"')[1].split("</article>")[0]
    assert "60%" in staying and "of 5" in staying
