"""Capacity on PostgreSQL: more mentees accepted at once than a mentor has places, more
students than slots, more phones at the door than numbers handed out at once.
Real threads, real connections, real row locks."""

import pytest
from django.core.exceptions import ValidationError

from mentors import batches, face_to_face, services
from mentors.models import ConsultationSlot, MentorProfile, Pairing
from mentorship.models import Role
from mentorship.scoping import center_scope
from tests.factories import MembershipFactory
from tests.mentors.factories import (
    ActivityMentorFactory,
    ConsultationSlotFactory,
    MentorApprovalFactory,
    PairingFactory,
)
from tests.students.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def accepting(center, mentor, pairing):
    def job():
        with center_scope(center):
            return services.pairing_accept(center=center, actor=mentor, pairing=pairing)

    return job


def test_eight_concurrent_accepts_never_pass_a_capacity_of_three(postgres, center, unscoped):
    approval = MentorApprovalFactory(center=center, profile__capacity=3)
    mentor = approval.profile.user
    requests = [PairingFactory(center=center, mentor=approval.profile) for _ in range(8)]

    results = run_together([accepting(center, mentor, p) for p in requests])

    accepted = [value for kind, value in results if kind == "ok"]
    refused = [value for kind, value in results if kind == "error"]
    assert len(accepted) == 3
    assert len(refused) == 5
    for error in refused:
        assert isinstance(error, ValidationError) and error.code == "mentor_full", repr(error)
    assert MentorProfile.objects.get(pk=approval.profile_id).active_mentees == 3
    assert Pairing.objects.filter(mentor=approval.profile, status="active").count() == 3


def booking(center, student, slot):
    def job():
        with center_scope(center):
            return face_to_face.slot_book(center=center, actor=student, slot=slot)

    return job


def test_eight_students_racing_for_the_last_slot_book_it_once(postgres, center, unscoped):
    slot = ConsultationSlotFactory(activity__center=center)
    students = [MembershipFactory(center=center, role=Role.STUDENT).user for _ in range(8)]

    results = run_together([booking(center, s, slot) for s in students])

    booked = [value for kind, value in results if kind == "ok"]
    refused = [value for kind, value in results if kind == "error"]
    assert len(booked) == 1
    assert len(refused) == 7
    for error in refused:
        assert isinstance(error, ValidationError) and error.code == "slot_taken", repr(error)
    assert ConsultationSlot.objects.get(pk=slot.pk).student == booked[0].student


def taking(center, student, seat):
    def job():
        with center_scope(center):
            return face_to_face.ticket_take(
                center=center, actor=student, activity=seat.activity, seat=seat
            )

    return job


def test_phones_taking_numbers_at_once_get_distinct_numbers_in_a_row(postgres, center, unscoped):
    seat = ActivityMentorFactory(activity__center=center)
    students = [MembershipFactory(center=center, role=Role.STUDENT).user for _ in range(6)]

    results = run_together([taking(center, s, seat) for s in students])

    assert all(kind == "ok" for kind, _value in results), results
    assert sorted(t.number for _kind, t in results) == [1, 2, 3, 4, 5, 6]


def test_a_batch_published_while_the_mentor_accepts_never_passes_the_capacity(
    postgres, center, unscoped, member_factory
):
    approval = MentorApprovalFactory(center=center, profile__capacity=2)
    coordinator = member_factory(center, Role.COORDINATOR)
    waiting = [MembershipFactory(center=center, role=Role.STUDENT).user for _ in range(2)]
    with center_scope(center):
        batch = batches.batch_create(center=center, actor=coordinator)
    assert batch.proposals.filter(mentor=approval.profile).count() == 2
    requests = [PairingFactory(center=center, mentor=approval.profile) for _ in range(2)]

    def publishing():
        with center_scope(center):
            return batches.batch_publish(center=center, actor=coordinator, batch=batch)

    run_together([publishing, *(accepting(center, approval.profile.user, p) for p in requests)])

    profile = MentorProfile.objects.get(pk=approval.profile_id)
    active = Pairing.objects.filter(mentor=profile, status="active").count()
    assert profile.active_mentees == active == 2
    paired = batch.proposals.filter(outcome="paired").count()
    assert (
        paired + Pairing.objects.filter(pk__in=[p.pk for p in requests], status="active").count()
        == 2
    )
    assert {w.pk for w in waiting} >= set(
        batch.proposals.filter(outcome="paired").values_list("student_id", flat=True)
    )
