"""Interviews: the enterprise proposes times, the student picks one or asks for others, the
enterprise cancels or proposes again; the .ics files; the student's part of the person's
calendar and its feed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar

from mentorship.models import AuditEntry, CalendarFeed, Notification
from mentorship.personal_data import sections
from mentorship.scoping import center_scope
from mentorship.services import calendar_feed_renew
from students.models import Application, Interview
from students.services import interviews
from tests.students.factories import (
    ApplicationFactory,
    PositionFactory,
    SavedSearchFactory,
    StudentProfileFactory,
)

S = Application.Status


def u(center, name, **kwargs):
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


def _times(*days):
    base = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    return [base + timedelta(days=day) for day in days]


@pytest.fixture
def shortlisted(world):
    return ApplicationFactory(position=world.position, student=world.profile, status=S.SHORTLISTED)


def _propose(world, application, **kwargs):
    values = {"mode": "in_person", "place": "Room 301, West Lake Tower", "starts": _times(3, 4)}
    values.update(kwargs)
    with center_scope(world.center):
        return interviews.interview_propose(
            center=world.center, actor=world.rep, application=application, **values
        )


def _choose(world, interview, slot=None):
    with center_scope(world.center):
        slot = slot or interview.slots.order_by("starts_at").first()
        return interviews.interview_choose(
            center=world.center, actor=world.student, interview=interview, slot_id=slot.pk
        )


def core(center, name, **kwargs):
    return reverse(f"center:{name}", kwargs={"center_slug": center.slug, **kwargs})


def _parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def test_proposing_moves_the_applicant_to_interview_and_tells_the_student(world, shortlisted):
    interview = _propose(world, shortlisted, note="Bring your portfolio")
    shortlisted.refresh_from_db()
    assert shortlisted.status == S.INTERVIEW
    assert interview.status == Interview.Status.PROPOSED
    assert interview.slots.count() == 2
    entry = AuditEntry.objects.get(verb="application.interview_proposed")
    assert entry.after["note"] == "Bring your portfolio"
    assert len(entry.after["times"]) == 2
    note = Notification.objects.filter(user=world.student).latest("pk")
    assert world.position.title in note.title


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"starts": []}, "times"),
        ({"starts": "past"}, "times"),
        ({"starts": "far"}, "times"),
        ({"mode": "in_person", "place": " "}, "place"),
        ({"mode": "online", "link": ""}, "link"),
    ],
)
def test_bad_proposals_are_refused_beside_the_field(world, shortlisted, kwargs, field):
    if kwargs.get("starts") == "past":
        kwargs = {"starts": _times(-1)}
    if kwargs.get("starts") == "far":
        kwargs = {"starts": _times(2, 400)}
    with pytest.raises(ValidationError) as error:
        _propose(world, shortlisted, **kwargs)
    assert field in error.value.error_dict
    assert not Interview.objects.exists()


def test_only_the_enterprise_proposes_and_only_to_shortlisted(world, shortlisted):
    with center_scope(world.center), pytest.raises(PermissionDenied):
        interviews.interview_propose(
            center=world.center,
            actor=world.student,
            application=shortlisted,
            mode="online",
            link="https://meeting.example.cn/1",
            starts=_times(2),
        )
    submitted = ApplicationFactory(
        position=PositionFactory(base=world.base), student=world.profile, status=S.SUBMITTED
    )
    with pytest.raises(ValidationError):
        _propose(world, submitted)


def test_student_chooses_a_time_and_both_sides_get_the_ics(client, world, shortlisted):
    interview = _propose(world, shortlisted)
    second = list(interview.slots.order_by("starts_at"))[1]
    interview = _choose(world, interview, second)
    assert interview.status == Interview.Status.SCHEDULED
    assert interview.starts_at == second.starts_at
    rep_note = Notification.objects.filter(user=world.rep).latest("pk")
    assert world.student.get_full_name() in rep_note.title
    student_note = Notification.objects.filter(user=world.student).latest("pk")
    assert student_note.url == u(world.center, "interview_ics", pk=world.position.pk)

    client.force_login(world.student)
    response = client.get(u(world.center, "interview_ics", pk=world.position.pk))
    assert response["Content-Type"].startswith("text/calendar")
    cal = _parse(response.content)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == second.starts_at
    assert str(event.decoded("dtstart").tzinfo) == "Asia/Shanghai"
    assert event["location"] == "Room 301, West Lake Tower"
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert cal.walk("VALARM")[0]["action"] == "DISPLAY"

    client.force_login(world.rep)
    rep_ics = client.get(u(world.center, "applicant_interview_ics", pk=shortlisted.pk))
    assert _parse(rep_ics.content).walk("VEVENT")[0]["uid"] == event["uid"]


def test_a_time_not_proposed_or_already_answered_is_refused(world, shortlisted):
    interview = _propose(world, shortlisted)
    with center_scope(world.center), pytest.raises(ValidationError) as error:
        interviews.interview_choose(
            center=world.center, actor=world.student, interview=interview, slot_id=999999
        )
    assert "slot" in error.value.error_dict
    _choose(world, interview)
    with pytest.raises(ValidationError):
        _choose(world, interview)


def test_another_student_cannot_answer(world, shortlisted):
    interview = _propose(world, shortlisted)
    stranger = StudentProfileFactory(center=world.center).user
    with center_scope(world.center), pytest.raises(PermissionDenied):
        interviews.interview_choose(
            center=world.center,
            actor=stranger,
            interview=interview,
            slot_id=interview.slots.first().pk,
        )


def test_asking_for_other_times_then_rescheduling(world, shortlisted):
    interview = _propose(world, shortlisted)
    with center_scope(world.center):
        interviews.interview_ask_other_times(
            center=world.center,
            actor=world.student,
            interview=interview,
            message="Exams until Friday",
        )
    interview.refresh_from_db()
    assert interview.status == Interview.Status.OTHER_TIMES
    assert "Exams until Friday" in Notification.objects.filter(user=world.rep).latest("pk").body
    again = _propose(world, shortlisted, starts=_times(8))
    assert again.pk == interview.pk
    assert again.sequence == interview.sequence + 1
    assert again.status == Interview.Status.PROPOSED
    assert [s.starts_at for s in again.slots.all()] == _times(8)
    assert AuditEntry.objects.filter(verb="application.interview_rescheduled").exists()


def test_cancelling_a_scheduled_interview_sends_a_cancelled_event(client, world, shortlisted):
    interview = _choose(world, _propose(world, shortlisted))
    with center_scope(world.center):
        interviews.interview_cancel(
            center=world.center, actor=world.rep, interview=interview, reason="Position paused"
        )
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    note = Notification.objects.filter(user=world.student).latest("pk")
    assert note.body == "Position paused"
    client.force_login(world.student)
    cal = _parse(client.get(u(world.center, "interview_ics", pk=world.position.pk)).content)
    assert cal["method"] == "CANCEL"
    assert cal.walk("VEVENT")[0]["status"] == "CANCELLED"


def test_next_step_asks_the_student_to_choose(client, world, shortlisted):
    _propose(world, shortlisted)
    client.force_login(world.student)
    page = client.get(u(world.center, "position_detail", pk=world.position.pk)).content.decode()
    assert "Choose one of the interview times above" in page


def test_timeline_shows_the_interview(client, world, shortlisted):
    _choose(world, _propose(world, shortlisted))
    client.force_login(world.student)
    page = client.get(u(world.center, "position_detail", pk=world.position.pk)).content.decode()
    assert "Interview time chosen" in page
    assert "Room 301, West Lake Tower" in page
    assert u(world.center, "interview_ics", pk=world.position.pk) in page


def test_propose_page_shows_errors_beside_the_fields(client, world, shortlisted):
    client.force_login(world.rep)
    response = client.post(
        u(world.center, "interview_propose", pk=shortlisted.pk),
        {"interview-mode": "online", "interview-time_1": "", "interview-duration_minutes": "45"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "field-error" in body
    assert not Interview.objects.exists()


def test_enterprise_and_student_use_the_pages(client, world, shortlisted):
    client.force_login(world.rep)
    first, second = (t.strftime("%Y-%m-%dT%H:%M") for t in _times(5, 6))
    response = client.post(
        u(world.center, "interview_propose", pk=shortlisted.pk),
        {
            "interview-mode": "online",
            "interview-link": "https://meeting.example.cn/42",
            "interview-time_1": first,
            "interview-time_2": second,
            "interview-duration_minutes": "30",
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.get()
    client.force_login(world.student)
    page = client.get(u(world.center, "position_detail", pk=world.position.pk)).content.decode()
    assert 'name="choose-slot"' in page
    slot = interview.slots.order_by("starts_at").last()
    response = client.post(
        u(world.center, "interview_answer", pk=world.position.pk),
        {"action": "choose", "choose-slot": str(slot.pk)},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == slot.starts_at
    assert interview.duration_minutes == 30


def test_calendar_lists_interviews_placements_and_deadlines(client, world, shortlisted):
    _choose(world, _propose(world, shortlisted))
    watched = PositionFactory(base=world.base, title="Data analyst watched", city="杭州")
    SavedSearchFactory(center=world.center, user=world.student, name="Data", q="watched")
    PositionFactory(base=world.base, title="Unrelated welder")
    client.force_login(world.student)
    page = client.get(core(world.center, "calendar")).content.decode()
    assert "Data analyst watched" in page
    assert world.position.title in page
    assert "Unrelated welder" not in page
    assert watched.deadline.isoformat() in page


def test_feed_token_serves_ics_and_revoking_closes_it(client, world, shortlisted):
    _choose(world, _propose(world, shortlisted))
    client.force_login(world.student)
    client.post(core(world.center, "calendar"), {"action": "renew"})
    feed = CalendarFeed.objects.get()
    url = core(world.center, "calendar_feed", token=feed.token)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    cal = _parse(response.content)
    assert cal.walk("VTIMEZONE") and cal.walk("VALARM")
    assert len(cal.walk("VEVENT")) >= 1
    assert client.get(core(world.center, "calendar_feed", token="wrong-token")).status_code == 404

    client.force_login(world.student)
    client.post(core(world.center, "calendar"), {"action": "renew"})
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(world.student)
    client.post(core(world.center, "calendar"), {"action": "revoke"})
    assert not CalendarFeed.objects.filter(revoked_at=None).exists()


def test_feed_of_one_center_is_not_served_by_another(client, world, other_center):
    client.force_login(world.student)
    client.post(core(world.center, "calendar"), {"action": "renew"})
    token = CalendarFeed.objects.get().token
    client.logout()
    assert client.get(core(other_center, "calendar_feed", token=token)).status_code == 404


def test_calendar_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for _ in range(6):
        position = PositionFactory(base=world.base)
        application = ApplicationFactory(
            position=position, student=world.profile, status=S.SHORTLISTED
        )
        _choose(world, _propose(world, application))
    SavedSearchFactory(center=world.center, user=world.student, name="All")
    client.force_login(world.student)
    with django_assert_max_num_queries(14):
        response = client.get(core(world.center, "calendar"))
    assert response.content.decode().count("calendar-interview") == 6


def test_personal_data_copy_and_erasure_cover_interviews(world, shortlisted):
    interview = _propose(world, shortlisted)
    with center_scope(world.center):
        interviews.interview_ask_other_times(
            center=world.center, actor=world.student, interview=interview, message="Mornings"
        )
        calendar_feed_renew(center=world.center, actor=world.student)
    section = next(s for s in sections() if s.key == "interviews")
    feeds = next(s for s in sections() if s.key == "calendar_feeds")
    with scopes_disabled():
        (copied,) = section.export(world.student)
        assert copied["my_message"] == "Mornings"
        assert len(feeds.export(world.student)) == 1
        section.erase(world.student)
        feeds.erase(world.student)
        interview.refresh_from_db()
        assert interview.student_message == ""
        assert not CalendarFeed.objects.exists()
