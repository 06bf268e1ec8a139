"""The outcomes' pages: the annual review (its figures, a decision, its query bound), a
base's outcomes on its page, the graduate's survey, and refusals beside the forms."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bases.models import BaseReview, TrainingBase
from mentorship.models import Role
from mentorship.scoping import center_scope
from outcomes import services
from outcomes.models import DestinationSurvey, EmploymentOffer
from tests.students.factories import (
    EnterpriseFactory,
    PlacementFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
    representative_of,
)

pytestmark = pytest.mark.usefixtures("unscoped")


def url(center, name, **kwargs):
    return reverse(f"center:outcomes:{name}", kwargs={"center_slug": center.slug, **kwargs})


def idle_base(center, name="Idle Co"):
    """Recognized two years ago and no intern since: the review lists it."""
    today = timezone.localdate()
    return TrainingBaseFactory(
        center=center,
        enterprise=EnterpriseFactory(name_en=name, name_zh=name),
        recognized_from=today - timedelta(days=730),
        recognized_until=today + timedelta(days=300),
    )


def rated_base(center, rating, name):
    today = timezone.localdate()
    base = TrainingBaseFactory(
        center=center,
        enterprise=EnterpriseFactory(name_en=name, name_zh=name),
        recognized_from=today - timedelta(days=400),
        submitted_at=timezone.now() - timedelta(days=420),
    )
    PlacementFactory(
        application__position__base=base,
        start_date=today - timedelta(days=120),
        end_date=today - timedelta(days=30),
        status="completed",
        student_rating=rating,
    )
    return base


@pytest.fixture
def bureau(center, member_factory):
    return member_factory(center, Role.BUREAU)


def test_review_lists_idle_and_poorly_rated_bases_with_their_figures(client, center, bureau):
    idle_base(center, "Idle Co")
    rated_base(center, 1, "Grumpy Co")
    rated_base(center, 5, "Happy Co")
    client.force_login(bureau)
    response = client.get(url(center, "review"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Idle Co" in body and "Grumpy Co" in body
    assert "Happy Co" not in body
    rows = {row["base"].enterprise.name_en: row for row in response.context["rows"]}
    assert rows["Idle Co"]["no_interns"] and rows["Idle Co"]["base"].interns_last_year == 0
    assert rows["Grumpy Co"]["poor_rating"] and str(rows["Grumpy Co"]["average"]) == "1.0"
    everyone = client.get(url(center, "review") + "?show=all").content.decode()
    assert "Happy Co" in everyone


def test_bureau_revokes_from_the_review_page_and_a_missing_reason_shows_beside_it(
    client, center, bureau
):
    base = idle_base(center)
    client.force_login(bureau)
    prefix = f"b{base.pk}"
    response = client.post(
        url(center, "review_decide", pk=base.pk), {f"{prefix}-decision": "revoke"}
    )
    assert response.status_code == 200
    assert f'id="id_{prefix}-reason_error"' in response.content.decode()
    response = client.post(
        url(center, "review_decide", pk=base.pk),
        {f"{prefix}-decision": "revoke", f"{prefix}-reason": "No intern for two years."},
    )
    assert response.status_code == 302
    base.refresh_from_db()
    assert base.status == TrainingBase.Status.REVOKED
    review = BaseReview.objects.get(base=base)
    assert review.criteria == {"interns_last_year": 0, "ratings": 0, "average_rating": None}
    page = client.get(url(center, "review")).content.decode()
    assert "No intern for two years." in page


def test_review_page_queries_do_not_grow_with_bases(
    client, center, bureau, django_assert_max_num_queries
):
    for n in range(3):
        idle_base(center, f"Idle {n}")
    client.force_login(bureau)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(center, "review")).status_code == 200
    for n in range(3, 30):
        base = idle_base(center, f"Idle {n}")
        if n % 5 == 0:
            BaseReview.objects.create(
                center=center,
                base=base,
                year=timezone.localdate().year,
                decision="warn",
                reason="Watch it.",
                decided_by=bureau,
            )
    with django_assert_max_num_queries(len(few)):
        response = client.get(url(center, "review"))
    assert len(response.context["rows"]) == 25 and response.context["page"].has_next


def test_a_bases_page_shows_its_outcomes_to_its_staff_and_the_bureau(
    client, center, bureau, member_factory
):
    base = rated_base(center, 4, "Outcome Co")
    rep = representative_of(base.enterprise, center)
    for visitor, sees in (
        (rep, True),
        (bureau, True),
        (member_factory(center, Role.COORDINATOR), False),
    ):
        client.force_login(visitor)
        body = client.get(
            reverse("center:bases:base_detail", kwargs={"center_slug": center.slug, "pk": base.pk})
        ).content.decode()
        assert ("Completion rate" in body) is sees


def test_the_graduate_answers_the_survey_on_its_page(client, center):
    center.city = "杭州"
    center.save(update_fields=["city"])
    profile = StudentProfileFactory(center=center, graduation_year=2025)
    client.force_login(profile.user)
    assert "After your graduation day" in client.get(url(center, "survey")).content.decode()
    with center_scope(center):
        services.destination_surveys_send(center=center)
    page = client.get(url(center, "survey")).content.decode()
    assert "Is it 杭州?" in page
    response = client.post(
        url(center, "survey"), {"destination": "study", "city": "上海", "in_center_city": "no"}
    )
    assert response.status_code == 302
    survey = DestinationSurvey.objects.get(student=profile)
    assert (survey.destination, survey.city, survey.in_center_city) == ("study", "上海", False)


def test_the_enterprise_records_an_offer_on_the_placement_page(client, center):
    today = timezone.localdate()
    placement = PlacementFactory(
        application__position__base__center=center,
        start_date=today - timedelta(days=120),
        end_date=today - timedelta(days=20),
        status="completed",
    )
    rep = representative_of(placement.base.enterprise, center)
    client.force_login(rep)
    path = url(center, "placement_offer", pk=placement.pk)
    future = (today + timedelta(days=3)).isoformat()
    response = client.post(path, {"offered_on": future})
    assert 'id="id_offered_on_error"' in response.content.decode()
    response = client.post(path, {"offered_on": (today - timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    assert EmploymentOffer.objects.get(placement=placement).source == "enterprise"
    assert "offered employment on" in client.get(path).content.decode()


def test_a_revoked_base_is_told_why_beside_the_claim_form(client, center, bureau):
    base = idle_base(center, "Revoked Co")
    rep = representative_of(base.enterprise, center)
    with center_scope(center):
        services.annual_review_decide(
            center=center, actor=bureau, base=base, decision="revoke", reason="Idle."
        )
    client.force_login(rep)
    claims = reverse("center:subsidies:claim_list", kwargs={"center_slug": center.slug})
    form = client.get(claims).context["open_form"]
    period = form.fields["period"].choices[0][0]
    response = client.post(
        reverse("center:subsidies:claim_open", kwargs={"center_slug": center.slug}),
        {"base": base.pk, "period": period},
    )
    body = response.content.decode()
    assert "revoked on" in body and "can no longer claim subsidies" in body
    assert 'id="id_base_error"' in body
