"""The face-to-face pages as people use them: the coordinator sets up an activity and sees
its door poster and counts, students book and take numbers, the mentor runs only their own
queue; and query bounds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentors import face_to_face as services
from mentors.models import ConsultationSlot, FaceToFaceActivity, QueueTicket
from mentorship.models import Role
from mentorship.scoping import center_scope
from tests.mentors.factories import (
    ActivityMentorFactory,
    ConsultationSlotFactory,
    FaceToFaceActivityFactory,
    QueueTicketFactory,
)

pytestmark = pytest.mark.django_db


def u(center, name, **kwargs):
    return reverse(f"center:mentors:{name}", kwargs={"center_slug": center.slug, **kwargs})


@pytest.fixture
def seat(world, unscoped):
    activity = FaceToFaceActivityFactory(center=world.center, title="春季导师面对面")
    return ActivityMentorFactory(activity=activity, mentor=world.approvals[0].profile)


def test_a_coordinator_sets_up_an_activity_and_sees_its_door_poster(client, world, unscoped):
    client.force_login(world.coordinator)
    starts = timezone.localtime() + timedelta(days=3)
    response = client.post(
        u(world.center, "activity_create"),
        {
            "title": "导师面对面·秋招专场",
            "venue": "滨江区人才中心",
            "starts_at": starts.strftime("%Y-%m-%dT14:00"),
            "ends_at": starts.strftime("%Y-%m-%dT17:00"),
            "minutes_per_consultation": 15,
            "mentors": [str(world.approvals[0].pk), str(world.approvals[1].pk)],
        },
    )
    activity = FaceToFaceActivity.objects.get()
    assert response.status_code == 302
    assert activity.panel.count() == 2
    body = client.get(response.url).content.decode()
    assert "<svg" in body and activity.door_code in body
    assert "walk-in/" + activity.door_code in body


def test_an_activity_that_ends_before_it_starts_is_shown_beside_the_field(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        u(world.center, "activity_create"),
        {
            "title": "x",
            "venue": "y",
            "starts_at": "2026-12-20T14:00",
            "ends_at": "2026-12-20T13:00",
            "minutes_per_consultation": 15,
            "mentors": [str(world.approvals[0].pk)],
        },
    )
    assert response.status_code == 200
    assert "The activity must end after it starts." in response.content.decode()


def test_a_student_books_and_cancels_from_the_activity_page(client, world, unscoped):
    slot = ConsultationSlotFactory(activity__center=world.center)
    client.force_login(world.student)
    page = u(world.center, "activity", pk=slot.activity_id)
    assert "Book" in client.get(page).content.decode()
    client.post(u(world.center, "slot_book", pk=slot.pk))
    assert ConsultationSlot.objects.get(pk=slot.pk).student == world.student
    assert "Booked by you" in client.get(page).content.decode()
    client.post(u(world.center, "slot_cancel", pk=slot.pk))
    assert ConsultationSlot.objects.get(pk=slot.pk).student is None


def test_a_mentor_publishes_slots_and_a_bad_time_shows_beside_the_field(client, world, seat):
    client.force_login(world.mentors[0])
    start = timezone.localtime(seat.activity.ends_at) - timedelta(minutes=10)
    response = client.post(
        u(world.center, "slots_publish", pk=seat.activity_id),
        {
            "first_start": start.strftime("%Y-%m-%dT%H:%M"),
            "count": 3,
            "length_minutes": 20,
            "buffer_minutes": 5,
            "notice_hours": 0,
        },
    )
    assert response.status_code == 200
    assert "The slots must fit between" in response.content.decode()
    start = timezone.localtime(seat.activity.starts_at) + timedelta(hours=2)
    client.post(
        u(world.center, "slots_publish", pk=seat.activity_id),
        {
            "first_start": start.strftime("%Y-%m-%dT%H:%M"),
            "count": 3,
            "length_minutes": 20,
            "buffer_minutes": 5,
            "notice_hours": 0,
        },
    )
    assert ConsultationSlot.objects.filter(activity=seat.activity).count() == 3


def test_the_door_code_leads_to_the_take_a_number_page(client, world, seat):
    client.force_login(world.student)
    response = client.get(u(world.center, "walk_in"), {"code": seat.activity.door_code.lower()})
    assert response.url == u(world.center, "walk_in_take", code=seat.activity.door_code)
    wrong = client.get(u(world.center, "walk_in"), {"code": "ZZZZZZ"}).content.decode()
    assert "No activity has this door code." in wrong


def test_a_student_takes_a_number_and_sees_it_live(client, world, seat, member_factory):
    ahead = member_factory(world.center, Role.STUDENT)
    with center_scope(world.center):
        services.ticket_take(center=world.center, actor=ahead, activity=seat.activity, seat=seat)
    client.force_login(world.student)
    response = client.post(
        u(world.center, "walk_in_take", code=seat.activity.door_code), {"seat": seat.pk}
    )
    assert response.url == u(world.center, "my_number", pk=seat.activity_id)
    live = client.get(u(world.center, "my_number_live", pk=seat.activity_id))
    assert live["Cache-Control"] == "no-store"
    body = live.content.decode()
    assert 'data-ticket="2"' in body and "data-position>2<" in body
    with center_scope(world.center):
        services.queue_call_next(
            center=world.center, actor=world.mentors[0], activity=seat.activity
        )
    body = client.get(u(world.center, "my_number_live", pk=seat.activity_id)).content.decode()
    assert 'data-alert="next"' in body and "You're next!" in body


def test_the_mentor_runs_their_queue_from_the_phone_page(client, world, seat, unscoped):
    ticket = QueueTicketFactory(seat=seat, student=world.student, number=1)
    client.force_login(world.mentors[0])
    page = u(world.center, "queue", pk=seat.activity_id)
    assert 'data-waiting="1"' in client.get(page).content.decode()
    client.post(u(world.center, "queue_call", pk=seat.activity_id))
    assert QueueTicket.objects.get(pk=ticket.pk).status == QueueTicket.Status.CALLED
    client.post(
        u(world.center, "ticket_finish", pk=seat.activity_id, ticket_pk=ticket.pk),
        {"outcome": "done", "note": "建议投递数据分析岗位\n下周再聊"},
    )
    ticket.refresh_from_db()
    assert ticket.status == QueueTicket.Status.DONE and ticket.note.startswith("建议")
    profile = client.get(u(world.center, "profile")).content.decode()
    assert 'data-figure="mentor-students">1<' in profile
    client.force_login(world.student)
    client.post(
        u(world.center, "consultation_pair", pk=seat.activity_id), {"mentor": seat.mentor_id}
    )
    assert world.approvals[0].profile.pairings.filter(student=world.student).exists()


def test_another_mentors_queue_is_404_and_their_actions_are_refused(client, world, seat, unscoped):
    ticket = QueueTicketFactory(seat=seat, student=world.student, number=1)
    other = world.mentors[1]
    ActivityMentorFactory(activity=seat.activity, mentor=world.approvals[1].profile)
    client.force_login(other)
    body = client.get(u(world.center, "queue", pk=seat.activity_id)).content.decode()
    assert world.student.get_full_name() not in body
    assert (
        client.get(u(world.center, "queue", pk=seat.activity_id), {"mentor": seat.mentor_id})
        .content.decode()
        .count(world.student.get_full_name())
        == 0
    )
    client.post(
        u(world.center, "ticket_finish", pk=seat.activity_id, ticket_pk=ticket.pk),
        {"outcome": "done"},
    )
    assert QueueTicket.objects.get(pk=ticket.pk).status == QueueTicket.Status.WAITING
    # A mentor of the center who is not on the panel has no queue here at all.
    client.force_login(world.mentors[2])
    assert client.get(u(world.center, "queue", pk=seat.activity_id)).status_code == 404
    assert client.get(u(world.center, "queue_live", pk=seat.activity_id)).status_code == 404


def test_the_activity_page_counts_students_reached_for_coordinators(client, world, seat, unscoped):
    QueueTicketFactory(seat=seat, student=world.student, number=1, status="done")
    client.force_login(world.coordinator)
    body = client.get(u(world.center, "activity", pk=seat.activity_id)).content.decode()
    assert 'data-figure="activity-students">1<' in body
    assert 'data-figure="center-students">1<' in body
    client.force_login(world.student)
    body = client.get(u(world.center, "activity", pk=seat.activity_id)).content.decode()
    assert "activity-students" not in body and "<svg" not in body


def test_my_number_in_chinese(client, world, seat, unscoped):
    QueueTicketFactory(seat=seat, student=world.student, number=7)
    client.force_login(world.student)
    client.cookies["django_language"] = "zh-hans"
    body = client.get(
        u(world.center, "my_number", pk=seat.activity_id), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "我的号码" in body and "预计等待" in body


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_activity_lists_and_pages_do_not_grow_in_queries(client, world, seat, member_factory):
    client.force_login(world.coordinator)
    list_url = u(world.center, "activities")
    page_url = u(world.center, "activity", pk=seat.activity_id)
    queue_url = u(world.center, "queue", pk=seat.activity_id)
    FaceToFaceActivityFactory(center=world.center)
    client.get(list_url)  # the first request of a session reads more than the next ones
    few = [count_queries(client, url) for url in (list_url, page_url, queue_url)]
    for n in range(12):
        FaceToFaceActivityFactory(center=world.center)
        ConsultationSlotFactory(
            activity=seat.activity,
            mentor=seat.mentor,
            starts_at=seat.activity.starts_at + timedelta(minutes=10 * n),
            ends_at=seat.activity.starts_at + timedelta(minutes=10 * n + 5),
            student=member_factory(world.center, Role.STUDENT),
        )
        QueueTicketFactory(seat=seat, number=100 + n)
    assert [count_queries(client, url) for url in (list_url, page_url, queue_url)] == few


def test_the_mentor_marks_a_begun_booked_slot_done_from_the_activity_page(client, world, seat):
    activity = seat.activity
    slot = ConsultationSlotFactory(
        activity=activity,
        mentor=seat.mentor,
        starts_at=activity.starts_at,
        ends_at=activity.starts_at + timedelta(minutes=20),
        student=world.student,
    )
    page = u(world.center, "activity", pk=activity.pk)
    client.force_login(world.mentors[0])
    assert u(world.center, "slot_outcome", pk=slot.pk) in client.get(page).content.decode()
    client.post(
        u(world.center, "slot_outcome", pk=slot.pk),
        {"outcome": "done", "note": "看了简历\n约了下次"},
    )
    slot.refresh_from_db()
    assert (slot.outcome, slot.outcome_note) == ("done", "看了简历\n约了下次")
    assert 'data-outcome="done"' in client.get(page).content.decode()
    # Another mentor of the center cannot mark it.
    client.force_login(world.mentors[1])
    client.post(u(world.center, "slot_outcome", pk=slot.pk), {"outcome": "not_here"})
    slot.refresh_from_db()
    assert slot.outcome == "done"
