"""Face-to-face activities: slots booked and cancelled, the walk-in queue's order, positions,
estimates and notifications, the counts of students reached, and a pairing asked for after
a consultation."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentors import face_to_face as services
from mentors import face_to_face_selectors as selectors
from mentors.models import ConsultationSlot, Pairing, QueueTicket
from mentorship import figures
from mentorship.figures import FIGURES, recompute_center
from mentorship.models import AuditEntry, Notification, NotificationKind, Role
from mentorship.scoping import center_scope
from tests.mentors.factories import (
    ActivityMentorFactory,
    ConsultationSlotFactory,
    FaceToFaceActivityFactory,
    MentorApprovalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(center, unscoped):
    return FaceToFaceActivityFactory(center=center)


@pytest.fixture
def seat(activity):
    return ActivityMentorFactory(activity=activity)


@pytest.fixture
def students(center, member_factory):
    return [member_factory(center, Role.STUDENT) for _ in range(3)]


def take(center, student, activity, seat):
    with center_scope(center):
        return services.ticket_take(center=center, actor=student, activity=activity, seat=seat)


def call(center, seat):
    with center_scope(center):
        return services.queue_call_next(
            center=center, actor=seat.mentor.user, activity=seat.activity
        )


def finish(center, seat, ticket, outcome="done", note=""):
    with center_scope(center):
        return services.ticket_finish(
            center=center, actor=seat.mentor.user, ticket=ticket, outcome=outcome, note=note
        )


def kinds_of(user):
    """The titles of the person's queue notifications, in English."""
    return [
        translations["en"][0]
        for translations in Notification.objects.filter(
            user=user, kind=NotificationKind.WALK_IN_QUEUE
        )
        .order_by("pk")
        .values_list("translations", flat=True)
    ]


# Slots


def test_a_mentor_publishes_slots_with_a_buffer_between_them(center, activity, seat):
    first = activity.starts_at + timedelta(hours=1, minutes=30)
    with center_scope(center):
        slots = services.slots_publish(
            center=center,
            actor=seat.mentor.user,
            activity=activity,
            first_start=first,
            count=3,
            length_minutes=20,
            buffer_minutes=10,
            notice_hours=1,
        )
    assert [s.starts_at - first for s in slots] == [
        timedelta(0),
        timedelta(minutes=30),
        timedelta(minutes=60),
    ]
    assert all(s.ends_at - s.starts_at == timedelta(minutes=20) for s in slots)


def test_slots_outside_the_activity_or_overlapping_are_refused(center, activity, seat):
    args = dict(
        center=center,
        actor=seat.mentor.user,
        activity=activity,
        length_minutes=20,
        buffer_minutes=0,
        notice_hours=0,
    )
    with center_scope(center), pytest.raises(ValidationError) as error:
        services.slots_publish(
            first_start=activity.ends_at - timedelta(minutes=30), count=2, **args
        )
    assert "first_start" in error.value.error_dict
    start = activity.starts_at + timedelta(hours=2)
    with center_scope(center):
        services.slots_publish(first_start=start, count=1, **args)
        with pytest.raises(ValidationError):
            services.slots_publish(first_start=start + timedelta(minutes=10), count=1, **args)


def test_a_mentor_off_the_panel_cannot_publish(center, activity, seat):
    stranger = MentorApprovalFactory(center=center).profile.user
    with center_scope(center), pytest.raises(PermissionDenied):
        services.slots_publish(
            center=center,
            actor=stranger,
            activity=activity,
            first_start=activity.starts_at + timedelta(hours=2),
            count=1,
            length_minutes=20,
            buffer_minutes=0,
            notice_hours=0,
        )


def test_a_student_books_one_slot_per_mentor_and_a_taken_slot_stays_taken(
    center, students, unscoped
):
    slot = ConsultationSlotFactory(activity__center=center)
    other = ConsultationSlotFactory(
        activity=slot.activity,
        mentor=slot.mentor,
        starts_at=slot.starts_at + timedelta(hours=1),
        ends_at=slot.ends_at + timedelta(hours=1),
    )
    first, second, _third = students
    with center_scope(center):
        services.slot_book(center=center, actor=first, slot=slot)
        with pytest.raises(ValidationError) as error:
            services.slot_book(center=center, actor=second, slot=slot)
        assert error.value.code == "slot_taken"
        with pytest.raises(ValidationError) as error:
            services.slot_book(center=center, actor=first, slot=other)
        assert error.value.code == "one_per_mentor"
    assert ConsultationSlot.objects.get(pk=slot.pk).student == first
    assert Notification.objects.filter(
        user=slot.mentor.user, kind=NotificationKind.CONSULTATION_SLOT
    ).exists()


def test_booking_and_cancelling_close_at_the_minimum_notice(center, students, unscoped):
    slot = ConsultationSlotFactory(activity__center=center, notice_hours=2)
    student = students[0]
    with center_scope(center):
        services.slot_book(center=center, actor=student, slot=slot)
    with (
        time_machine.travel(slot.starts_at - timedelta(hours=1)),
        center_scope(center),
        pytest.raises(ValidationError),
    ):
        services.slot_cancel(center=center, actor=student, slot=slot)
    with center_scope(center):
        services.slot_cancel(center=center, actor=student, slot=slot)
    assert ConsultationSlot.objects.get(pk=slot.pk).student is None
    with (
        time_machine.travel(slot.starts_at - timedelta(hours=1)),
        center_scope(center),
        pytest.raises(ValidationError) as error,
    ):
        services.slot_book(center=center, actor=students[1], slot=slot)
    assert error.value.code == "too_late"


def test_only_the_student_who_booked_can_cancel(center, students, unscoped):
    slot = ConsultationSlotFactory(activity__center=center)
    with center_scope(center):
        services.slot_book(center=center, actor=students[0], slot=slot)
        with pytest.raises(PermissionDenied):
            services.slot_cancel(center=center, actor=students[1], slot=slot)


def test_the_reminder_goes_once_the_day_before(center, students, unscoped):
    slot = ConsultationSlotFactory(activity__center=center)
    with center_scope(center):
        services.slot_book(center=center, actor=students[0], slot=slot)
    with time_machine.travel(slot.starts_at - timedelta(days=2)), center_scope(center):
        assert services.slots_remind(center=center) == 0
    with time_machine.travel(slot.starts_at - timedelta(hours=20)), center_scope(center):
        assert services.slots_remind(center=center) == 1
        assert services.slots_remind(center=center) == 0
    titles = Notification.objects.filter(user=students[0], kind=NotificationKind.CONSULTATION_SLOT)
    assert titles.count() == 1


# The walk-in queue


def test_numbers_are_handed_out_in_order_and_a_second_tap_keeps_the_number(
    center, activity, seat, students
):
    tickets = [take(center, s, activity, seat) for s in students]
    assert [t.number for t in tickets] == [1, 2, 3]
    assert take(center, students[0], activity, seat).pk == tickets[0].pk


def test_positions_and_estimates_follow_the_calls(center, activity, seat, students):
    tickets = [take(center, s, activity, seat) for s in students]
    with center_scope(center):
        assert [selectors.standing_of(t).position for t in tickets] == [1, 2, 3]
        assert [selectors.standing_of(t).wait_minutes for t in tickets] == [0, 15, 30]
    called = call(center, seat)
    assert called.pk == tickets[0].pk
    with center_scope(center):
        fresh = [QueueTicket.objects.get(pk=t.pk) for t in tickets]
        assert selectors.standing_of(fresh[0]).is_called
        assert [selectors.standing_of(t).position for t in fresh[1:]] == [1, 2]
        # Someone is with the mentor: the next waits one consultation.
        assert [selectors.standing_of(t).wait_minutes for t in fresh[1:]] == [15, 30]


def test_the_called_student_and_the_next_one_are_told(center, activity, seat, students):
    first, second, third = students
    for s in students:
        take(center, s, activity, seat)
    # The first number is next as soon as it is taken.
    assert len(kinds_of(first)) == 1 and "You're next" in kinds_of(first)[0]
    assert kinds_of(second) == []
    call(center, seat)
    assert "It's your turn" in kinds_of(first)[1]
    assert len(kinds_of(second)) == 1 and "You're next" in kinds_of(second)[0]
    assert kinds_of(third) == []


def test_a_mentor_cannot_call_again_before_finishing(center, activity, seat, students):
    take(center, students[0], activity, seat)
    take(center, students[1], activity, seat)
    call(center, seat)
    with pytest.raises(ValidationError):
        call(center, seat)


def test_finishing_keeps_two_lines_of_note_and_the_queue_moves_on(center, activity, seat, students):
    tickets = [take(center, s, activity, seat) for s in students]
    call(center, seat)
    done = finish(center, seat, tickets[0], note="简历需要突出项目经历\n下周投递\n第三行不保留")
    assert done.status == QueueTicket.Status.DONE
    assert done.note == "简历需要突出项目经历\n下周投递"
    second = call(center, seat)
    assert second.pk == tickets[1].pk
    finish(center, seat, second, outcome="not_here")
    # The third hears "next" once, when the second was called.
    assert len(kinds_of(students[2])) == 1


def test_leaving_moves_the_one_behind_up(center, activity, seat, students):
    tickets = [take(center, s, activity, seat) for s in students]
    with center_scope(center):
        services.ticket_leave(center=center, actor=students[0], ticket=tickets[0])
        assert selectors.standing_of(QueueTicket.objects.get(pk=tickets[1].pk)).position == 1
    assert "You're next" in kinds_of(students[1])[0]
    with center_scope(center), pytest.raises(PermissionDenied):
        services.ticket_leave(center=center, actor=students[2], ticket=tickets[1])


def test_another_mentor_cannot_run_a_queue(center, activity, seat, students):
    ticket = take(center, students[0], activity, seat)
    other = ActivityMentorFactory(activity=activity)
    with center_scope(center), pytest.raises(PermissionDenied):
        services.ticket_finish(
            center=center, actor=other.mentor.user, ticket=ticket, outcome="done"
        )


def test_the_queue_is_closed_after_the_activity(center, activity, seat, students):
    with (
        time_machine.travel(activity.ends_at + timedelta(minutes=1)),
        pytest.raises(ValidationError),
    ):
        take(center, students[0], activity, seat)


def test_the_estimate_learns_from_consultations_held(
    center, activity, seat, students, member_factory
):
    more = [member_factory(center, Role.STUDENT) for _ in range(2)]
    everyone = students + more
    tickets = [take(center, s, activity, seat) for s in everyone]
    start = timezone.now()
    for n in range(3):
        with time_machine.travel(start + timedelta(minutes=30 * n), tick=False):
            call(center, seat)
        with time_machine.travel(start + timedelta(minutes=30 * n + 30), tick=False):
            finish(center, seat, tickets[n])
    with center_scope(center):
        assert selectors.per_consultation(seat) == 30
        assert selectors.standing_of(QueueTicket.objects.get(pk=tickets[4].pk)).wait_minutes == 30


# Students reached, and what follows a consultation


def test_students_reached_count_per_activity_mentor_and_center(
    center, activity, seat, students, unscoped
):
    second_seat = ActivityMentorFactory(activity=activity)
    first, second, third = students
    for student in (first, second):
        take(center, student, activity, seat)
        call(center, seat)
        finish(center, seat, QueueTicket.objects.get(student=student, seat=seat))
    take(center, first, activity, second_seat)
    call(center, second_seat)
    finish(center, second_seat, QueueTicket.objects.get(student=first, seat=second_seat))
    # A number not held to the end does not count.
    take(center, third, activity, seat)
    call(center, seat)
    finish(center, seat, QueueTicket.objects.get(student=third), outcome="not_here")
    # A booked slot its mentor marked held counts; another activity counts for the center
    # only. A slot that has begun but is not marked yet does not count.
    later = FaceToFaceActivityFactory(center=center, starts_at=timezone.now() - timedelta(days=3))
    slot = ConsultationSlotFactory(
        activity=later,
        starts_at=later.starts_at,
        ends_at=later.starts_at + timedelta(minutes=20),
        student=third,
    )
    ConsultationSlotFactory(
        activity=later,
        starts_at=later.starts_at + timedelta(minutes=30),
        ends_at=later.starts_at + timedelta(minutes=50),
        student=second,
    )
    with center_scope(center):
        services.slot_record_outcome(
            center=center, actor=slot.mentor.user, slot=slot, outcome="done", note="聊了简历"
        )
        reach = selectors.reach_of_activity(activity)
        assert (reach["students"], reach["consultations"]) == (2, 3)
        assert reach["by_mentor"][seat.mentor_id] == {"consultations": 2, "students": 2}
        assert reach["by_mentor"][second_seat.mentor_id] == {"consultations": 1, "students": 1}
        total = selectors.reach_of_center(center)
        assert (total["students"], total["consultations"], total["activities"]) == (3, 4, 2)
        mine = selectors.reach_of_mentor(center=center, mentor=slot.mentor)
        assert (mine["students"], mine["consultations"]) == (1, 1)


def test_a_consultation_turns_into_a_pairing_request(center, activity, seat, students):
    student = students[0]
    take(center, student, activity, seat)
    with center_scope(center), pytest.raises(PermissionDenied):
        services.consultation_pairing_request(
            center=center, actor=student, activity=activity, mentor=seat.mentor
        )
    call(center, seat)
    finish(center, seat, QueueTicket.objects.get(student=student))
    with center_scope(center):
        request = services.consultation_pairing_request(
            center=center, actor=student, activity=activity, mentor=seat.mentor
        )
        pairing = Pairing.objects.get(request=request)
    assert pairing.mentor == seat.mentor and pairing.status == Pairing.Status.REQUESTED
    assert activity.title in request.reason


def test_the_program_counts_activities_and_consultations_held(center, activity, seat, students):
    tickets = [take(center, s, activity, seat) for s in students[:2]]
    call(center, seat)
    finish(center, seat, tickets[0])
    call(center, seat)
    finish(center, seat, tickets[1], outcome="not_here")
    held = ConsultationSlotFactory(
        activity=activity,
        mentor=seat.mentor,
        starts_at=activity.starts_at,
        ends_at=activity.starts_at + timedelta(minutes=20),
        student=students[2],
    )
    missed = ConsultationSlotFactory(
        activity=activity,
        mentor=seat.mentor,
        starts_at=activity.starts_at + timedelta(minutes=30),
        ends_at=activity.starts_at + timedelta(minutes=50),
        student=students[1],
    )
    with center_scope(center):
        for slot, outcome in ((held, "done"), (missed, "not_here")):
            services.slot_record_outcome(
                center=center, actor=seat.mentor.user, slot=slot, outcome=outcome
            )
        recompute_center(center=center)
        totals = {
            name: figures.total(FIGURES[name], year=timezone.localdate().year, centers=[center])
            for name in (
                "mentors.face_to_face_activities",
                "mentors.walk_in_consultations",
                "mentors.booked_consultations",
            )
        }
    assert list(totals.values()) == [1, 1, 1]


def test_the_mentor_records_a_booked_slot_once_it_has_begun(center, activity, seat, students):
    slot = ConsultationSlotFactory(
        activity=activity,
        mentor=seat.mentor,
        starts_at=activity.starts_at,
        ends_at=activity.starts_at + timedelta(minutes=20),
        student=students[0],
    )
    mentor = seat.mentor.user
    with center_scope(center):
        early = time_machine.travel(activity.starts_at - timedelta(minutes=5), tick=False)
        with early, pytest.raises(ValidationError):
            services.slot_record_outcome(center=center, actor=mentor, slot=slot, outcome="done")
        with time_machine.travel(activity.starts_at + timedelta(minutes=25), tick=False):
            with pytest.raises(PermissionDenied):
                services.slot_record_outcome(
                    center=center, actor=students[1], slot=slot, outcome="done"
                )
            done = services.slot_record_outcome(
                center=center,
                actor=mentor,
                slot=slot,
                outcome="done",
                note="  改了简历\n 下次聊面试 \n第三行不留",
            )
            with pytest.raises(ValidationError):
                services.slot_record_outcome(
                    center=center, actor=mentor, slot=slot, outcome="not_here"
                )
    assert done.outcome == "done" and done.outcome_note == "改了简历\n下次聊面试"
    assert AuditEntry.objects.filter(verb="consultation_slot.done", target_id=str(slot.pk)).exists()
    with center_scope(center):
        assert services.had_consultation(activity=activity, student=students[0], mentor=seat.mentor)
