"""The pages people use: applying from a position, answering an offer, the enterprise's
applicant list and next steps, and a placement's page for each party."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bases.models import Position
from mentorship.models import Notification
from students.models import Application, CheckIn, Placement
from tests.students.factories import ApplicationFactory, PlacementFactory

S = Application.Status


def u(center, name, **kwargs):
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


def test_student_applies_from_the_position_page(client, world):
    client.force_login(world.student)
    page = client.get(u(world.center, "position_detail", pk=world.position.pk)).content.decode()
    assert 'name="cover_letter"' in page
    response = client.post(
        u(world.center, "application_submit", pk=world.position.pk), {"cover_letter": "Hi"}
    )
    assert response.status_code == 302
    assert response.url == u(world.center, "my_applications")
    application = Application.objects.get(student=world.profile)
    assert application.cover_letter == "Hi"
    listing = client.get(response.url).content.decode()
    assert world.position.title in listing


def test_second_application_gets_a_clear_message(client, world):
    ApplicationFactory(position=world.position, student=world.profile)
    client.force_login(world.student)
    response = client.post(
        u(world.center, "application_submit", pk=world.position.pk),
        {"cover_letter": ""},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("already applied" in m or "已" in m for m in messages)
    assert Application.objects.filter(student=world.profile).count() == 1


def test_incomplete_profile_gets_missing_fields_and_a_link(client, world):
    world.profile.phone = ""
    world.profile.save()
    client.force_login(world.student)
    page = client.get(u(world.center, "position_detail", pk=world.position.pk)).content.decode()
    assert u(world.center, "profile") in page
    assert 'name="cover_letter"' not in page
    response = client.post(u(world.center, "application_submit", pk=world.position.pk), {})
    body = response.content.decode()
    assert response.status_code == 200
    assert u(world.center, "profile") in body
    assert not Application.objects.exists()


def test_non_student_member_is_told_only_students_apply(client, world):
    client.force_login(world.mentor)
    page = client.get(u(world.center, "position_detail", pk=world.position.pk)).content.decode()
    assert 'name="cover_letter"' not in page


def test_student_accepts_an_offer_and_lands_on_the_placement(client, world):
    ApplicationFactory(position=world.position, student=world.profile, status=S.OFFERED)
    client.force_login(world.student)
    page = client.get(u(world.center, "position_detail", pk=world.position.pk)).content.decode()
    assert u(world.center, "application_accept", pk=world.position.pk) in page
    response = client.post(u(world.center, "application_accept", pk=world.position.pk))
    placement = Placement.objects.get()
    assert response.url == u(world.center, "placement_detail", pk=placement.pk)
    assert client.get(response.url).status_code == 200


def test_accepting_a_full_position_shows_the_refusal(client, world):
    Position.objects.filter(pk=world.position.pk).update(accepted_count=2)
    ApplicationFactory(position=world.position, student=world.profile, status=S.OFFERED)
    client.force_login(world.student)
    response = client.post(u(world.center, "application_accept", pk=world.position.pk), follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    assert not Placement.objects.exists()


def test_student_withdraws_and_declines(client, world, unscoped):
    from tests.students.factories import PositionFactory

    ApplicationFactory(position=world.position, student=world.profile)
    other = PositionFactory(base=world.base)
    ApplicationFactory(position=other, student=world.profile, status=S.OFFERED)
    client.force_login(world.student)
    client.post(u(world.center, "application_withdraw", pk=world.position.pk))
    client.post(u(world.center, "application_decline", pk=other.pk))
    states = dict(Application.objects.values_list("position_id", "status"))
    assert states == {world.position.pk: S.WITHDRAWN, other.pk: S.DECLINED}


def test_student_without_an_application_is_turned_away(client, world):
    client.force_login(world.student)
    response = client.post(u(world.center, "application_withdraw", pk=world.position.pk))
    assert response.status_code == 302
    assert response.url == u(world.center, "position_detail", pk=world.position.pk)


def test_representative_filters_applicants_and_moves_one_on(client, world, unscoped):
    from tests.students.factories import StudentProfileFactory

    first = ApplicationFactory(position=world.position, student=world.profile)
    ApplicationFactory(
        position=world.position,
        student=StudentProfileFactory(center=world.center),
        status=S.REJECTED,
    )
    client.force_login(world.rep)
    overview = client.get(u(world.center, "applicant_positions")).content.decode()
    assert world.position.title in overview
    all_rows = client.get(u(world.center, "position_applicants", pk=world.position.pk))
    assert len(all_rows.context["page"].object_list) == 2
    tabs = {value: n for value, _label, n in all_rows.context["tabs"]}
    assert (tabs[""], tabs[S.SUBMITTED], tabs[S.REJECTED], tabs[S.OFFERED]) == (2, 1, 1, 0)
    submitted = client.get(
        u(world.center, "position_applicants", pk=world.position.pk), {"status": "submitted"}
    )
    assert [pk for pk, _row in submitted.context["rows"]] == [first.pk]
    detail = client.get(u(world.center, "applicant_detail", pk=first.pk))
    assert [v for v, _ in detail.context["form"].fields["to"].choices] == [
        S.SHORTLISTED,
        S.REJECTED,
    ]
    response = client.post(
        u(world.center, "applicant_detail", pk=first.pk),
        {"to": S.SHORTLISTED, "note": "请准备作品集"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == S.SHORTLISTED
    assert Notification.objects.filter(user=world.student, body__contains="请准备作品集").exists()


def tab_counts(client, world) -> dict:
    response = client.get(u(world.center, "position_applicants", pk=world.position.pk))
    return {value: n for value, _label, n in response.context["tabs"] if n}


def test_the_tabs_count_each_change_of_an_applicant(client, world, unscoped):
    """The counts are kept between visits, and every change of an application shows at once."""
    from students.services import application_move

    first = ApplicationFactory(position=world.position, student=world.profile)
    client.force_login(world.rep)
    assert tab_counts(client, world) == {"": 1, S.SUBMITTED: 1}
    with CaptureQueriesContext(connection) as queries:
        assert tab_counts(client, world) == {"": 1, S.SUBMITTED: 1}
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"]]

    application_move(center=world.center, actor=world.rep, application=first, to=S.SHORTLISTED)
    assert tab_counts(client, world) == {"": 1, S.SHORTLISTED: 1}
    ApplicationFactory(position=world.position)
    assert tab_counts(client, world) == {"": 2, S.SUBMITTED: 1, S.SHORTLISTED: 1}
    client.force_login(world.student)
    client.post(u(world.center, "application_withdraw", pk=world.position.pk))
    client.force_login(world.rep)
    assert tab_counts(client, world) == {"": 2, S.SUBMITTED: 1, S.WITHDRAWN: 1}
    first.delete()
    assert tab_counts(client, world) == {"": 1, S.SUBMITTED: 1}


def test_move_to_a_state_not_allowed_is_a_field_error(client, world):
    application = ApplicationFactory(position=world.position, student=world.profile)
    client.force_login(world.rep)
    response = client.post(
        u(world.center, "applicant_detail", pk=application.pk), {"to": S.OFFERED}
    )
    assert response.status_code == 200
    assert "to" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_coordinator_reads_applicants_but_cannot_move_them(client, world):
    application = ApplicationFactory(position=world.position, student=world.profile)
    client.force_login(world.coordinator)
    detail = client.get(u(world.center, "applicant_detail", pk=application.pk))
    assert detail.status_code == 200
    assert detail.context["form"] is None
    response = client.post(
        u(world.center, "applicant_detail", pk=application.pk), {"to": S.SHORTLISTED}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_representative_downloads_the_resume_until_withdrawn(client, world):
    application = ApplicationFactory(position=world.position, student=world.profile)
    client.force_login(world.rep)
    url = u(world.center, "applicant_resume", pk=application.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    Application.objects.filter(pk=application.pk).update(status=S.WITHDRAWN)
    assert client.get(url).status_code == 404


@pytest.fixture
def placement(world):
    application = ApplicationFactory(
        position=world.position, student=world.profile, status=S.ACCEPTED
    )
    return PlacementFactory(application=application)


def test_placement_page_gives_each_party_their_forms(client, world, placement):
    url = u(world.center, "placement_detail", pk=placement.pk)
    client.force_login(world.student)
    forms = client.get(url).context["forms"]
    assert forms.check_in and not forms.supervisor and not forms.terminate
    client.force_login(world.rep)
    forms = client.get(url).context["forms"]
    assert forms.supervisor and forms.terminate and not forms.check_in
    client.force_login(world.bureau)
    forms = client.get(url).context["forms"]
    assert not (forms.supervisor or forms.check_in or forms.terminate or forms.evaluation)


def test_student_checks_in_from_the_placement_page(client, world, placement):
    client.force_login(world.student)
    url = u(world.center, "placement_detail", pk=placement.pk)
    month = placement.start_date.replace(day=1).isoformat()
    response = client.post(
        url, {"action": "check_in", "check_in-month": month, "check_in-summary": "整理报表"}
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().summary == "整理报表"
    # The month is no longer offered; sending it again is a field error.
    again = client.post(
        url, {"action": "check_in", "check_in-month": month, "check_in-summary": "again"}
    )
    assert again.status_code == 200
    assert "month" in again.context["forms"].check_in.errors
    assert CheckIn.objects.count() == 1


def test_representative_sets_supervisor_and_ends_early_from_the_page(client, world, placement):
    client.force_login(world.rep)
    url = u(world.center, "placement_detail", pk=placement.pk)
    client.post(
        url,
        {
            "action": "supervisor",
            "supervisor-supervisor_name": "王工",
            "supervisor-supervisor_phone": "13800001111",
        },
    )
    no_reason = client.post(
        url, {"action": "terminate", "terminate-terminated_on": "", "terminate-reason": ""}
    )
    assert {"terminated_on", "reason"} <= set(no_reason.context["forms"].terminate.errors)
    # The service's refusal lands beside the field it is about.
    bad_date = client.post(
        url,
        {"action": "terminate", "terminate-terminated_on": "2000-01-01", "terminate-reason": "x"},
    )
    assert bad_date.status_code == 200
    assert set(bad_date.context["forms"].terminate.errors) == {"terminated_on"}
    today = timezone.localdate().isoformat()
    client.post(
        url, {"action": "terminate", "terminate-terminated_on": today, "terminate-reason": "转岗"}
    )
    placement.refresh_from_db()
    assert placement.supervisor_name == "王工"
    assert placement.status == Placement.Status.TERMINATED


def test_evaluation_and_feedback_from_the_page(client, world, placement):
    Placement.objects.filter(pk=placement.pk).update(
        end_date=timezone.localdate() + timedelta(days=5)
    )
    url = u(world.center, "placement_detail", pk=placement.pk)
    client.force_login(world.rep)
    client.post(url, {"action": "evaluation", "evaluation-rating": "5", "evaluation-text": "优秀"})
    client.post(url, {"action": "complete"})
    client.force_login(world.student)
    bad = client.post(url, {"action": "feedback", "feedback-rating": "9", "feedback-text": ""})
    assert {"rating", "text"} <= set(bad.context["forms"].feedback.errors)
    client.post(url, {"action": "feedback", "feedback-rating": "4", "feedback-text": "收获很大"})
    placement.refresh_from_db()
    assert (placement.enterprise_rating, placement.student_rating) == (5, 4)
    assert placement.status == Placement.Status.COMPLETED


def test_action_not_offered_to_the_visitor_is_refused(client, world, placement):
    client.force_login(world.student)
    response = client.post(
        u(world.center, "placement_detail", pk=placement.pk),
        {"action": "supervisor", "supervisor-supervisor_name": "Me"},
        follow=True,
    )
    assert response.status_code == 200
    placement.refresh_from_db()
    assert placement.supervisor_name == ""


def test_coordinator_and_bureau_list_the_centers_placements(client, world, placement):
    for who in (world.coordinator, world.bureau):
        client.force_login(who)
        response = client.get(u(world.center, "placement_list"))
        assert [p.pk for p in response.context["page"].object_list] == [placement.pk]
    client.force_login(world.coordinator)
    none = client.get(u(world.center, "placement_list"), {"status": "completed"})
    assert list(none.context["page"].object_list) == []


def test_nav_links_follow_the_roles(client, world):
    client.force_login(world.student)
    page = client.get(u(world.center, "position_search")).content.decode()
    assert u(world.center, "my_applications") in page
    assert u(world.center, "applicant_positions") not in page
    client.force_login(world.rep)
    page = client.get(u(world.center, "position_search")).content.decode()
    assert u(world.center, "applicant_positions") in page
    assert u(world.center, "my_applications") not in page
    client.force_login(world.mentor)
    page = client.get(u(world.center, "position_search")).content.decode()
    assert u(world.center, "position_search") in page
    assert u(world.center, "placement_list") not in page


def test_member_roles_each_reach_their_pages(client, world):
    for user, names in (
        (world.student, ["profile", "my_applications", "placement_list"]),
        (world.rep, ["applicant_positions", "placement_list"]),
        (world.coordinator, ["applicant_positions", "placement_list"]),
    ):
        client.force_login(user)
        for name in names:
            assert client.get(u(world.center, name)).status_code == 200, name


def test_csp_nonce_only_no_inline_style_or_script(client, world):
    client.force_login(world.student)
    body = client.get(u(world.center, "position_detail", pk=world.position.pk)).content.decode()
    assert "<script" not in body
    assert ' style="' not in body
