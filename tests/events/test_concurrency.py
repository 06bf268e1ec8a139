"""Events under concurrency on PostgreSQL: many students take the last seats at once, many
seats are freed at once, and one ticket is scanned at two gates at once. Real threads,
real connections, real row locks."""

import pytest
from django.core.exceptions import ValidationError

from events import services
from events.models import Booth, DoorScan, Registration, SeatOffer
from mentorship.scoping import center_scope
from tests.bases.factories import EnterpriseFactory
from tests.events.factories import EventFactory, EventSessionFactory, RegistrationFactory
from tests.students.factories import StudentProfileFactory
from tests.students.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)

S = Registration.Status


def in_scope(center, act):
    def job():
        with center_scope(center):
            return act()

    return job


def test_ten_students_at_once_fill_three_seats_and_queue_the_rest_in_order(
    postgres, center, unscoped
):
    event = EventFactory(center=center, capacity=3)
    people = [StudentProfileFactory(center=center).user for _ in range(10)]

    results = run_together(
        [
            in_scope(
                center,
                lambda p=p: services.registration_create(center=center, actor=p, event=event),
            )
            for p in people
        ]
    )

    assert [kind for kind, _ in results] == ["ok"] * 10
    rows = list(
        Registration.objects.filter(event=event)
        .order_by("queue_number")
        .values_list("queue_number", "status")
    )
    assert [n for n, _ in rows] == list(range(1, 11))
    assert [s for _, s in rows] == [S.REGISTERED] * 3 + [S.WAITLISTED] * 7
    event.refresh_from_db()
    assert event.queue_counter == 10


def test_concurrent_cancellations_offer_each_seat_to_exactly_one_person(postgres, center, unscoped):
    event = EventFactory(center=center, capacity=5)
    seated = [
        RegistrationFactory(event=event, user=StudentProfileFactory(center=center).user)
        for _ in range(5)
    ]
    waiting = [
        RegistrationFactory(
            event=event, user=StudentProfileFactory(center=center).user, status=S.WAITLISTED
        )
        for _ in range(8)
    ]
    event.queue_counter = 13
    event.save(update_fields=["queue_counter"])

    results = run_together(
        [
            in_scope(
                center,
                lambda r=r: services.registration_cancel(
                    center=center, actor=r.user, registration=r
                ),
            )
            for r in seated
        ]
    )

    assert [kind for kind, _ in results] == ["ok"] * 5
    offers = list(SeatOffer.objects.values_list("registration_id", flat=True))
    assert sorted(offers) == sorted(r.pk for r in waiting[:5])
    assert len(set(offers)) == 5
    statuses = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    assert [statuses[r.pk] for r in waiting] == [S.OFFERED] * 5 + [S.WAITLISTED] * 3
    assert services.seats_taken(event) == 5


def test_one_ticket_scanned_at_two_gates_at_once_is_checked_in_once(
    postgres, center, coordinator, unscoped
):
    event = EventFactory(center=center)
    ticket = RegistrationFactory(event=event)

    def scan(gate):
        return in_scope(
            center,
            lambda: services.door_check_in(
                center=center, actor=coordinator, event=event, code=ticket.ticket_code, gate=gate
            ),
        )

    results = run_together([scan("东门"), scan("西门")])

    assert [kind for kind, _ in results] == ["ok", "ok"]
    assert sorted(value.result for _, value in results) == [
        DoorScan.Result.ALREADY,
        DoorScan.Result.VALID,
    ]
    assert DoorScan.objects.filter(registration=ticket).count() == 2
    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None


def test_two_coordinators_giving_one_number_to_two_booths_at_once_give_it_once(
    postgres, center, coordinator, unscoped
):
    fair = EventFactory(center=center, kind="fair")
    booths = [
        Booth.objects.create(center=center, event=fair, enterprise=EnterpriseFactory(), openings=4)
        for _ in range(2)
    ]

    results = run_together(
        [
            in_scope(
                center,
                lambda b=b: services.booth_decide(
                    center=center, actor=coordinator, booth=b, approve=True, number="A1"
                ),
            )
            for b in booths
        ]
    )

    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"]
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, ValidationError) and "number" in error.message_dict
    assert list(Booth.objects.filter(number="A1").values_list("status", flat=True)) == ["approved"]


def test_students_racing_for_the_last_seat_of_one_session_leave_the_other_untouched(
    postgres, center, unscoped
):
    event = EventFactory(center=center, capacity=20)
    morning = EventSessionFactory(event=event, title="上午场", capacity=3)
    afternoon = EventSessionFactory(event=event, title="下午场", capacity=3)
    early = [StudentProfileFactory(center=center).user for _ in range(2)]
    for person in early:
        RegistrationFactory(event=event, session=morning, user=person)
    kept = RegistrationFactory(event=event, session=afternoon, user=early[0])
    racers = [StudentProfileFactory(center=center).user for _ in range(8)]

    results = run_together(
        [
            in_scope(
                center,
                lambda p=p: services.registration_create(
                    center=center, actor=p, event=event, session=morning
                ),
            )
            for p in racers
        ]
    )

    assert [kind for kind, _ in results] == ["ok"] * 8
    rows = list(
        Registration.objects.filter(session=morning, user__in=racers)
        .order_by("queue_number")
        .values_list("status", flat=True)
    )
    assert rows == [S.REGISTERED] + [S.WAITLISTED] * 7
    assert Registration.objects.filter(session=morning, status=S.REGISTERED).count() == 3
    numbers = list(
        Registration.objects.filter(event=event)
        .order_by("queue_number")
        .values_list("queue_number", flat=True)
    )
    assert numbers == sorted(set(numbers)) and len(numbers) == 11
    assert list(Registration.objects.filter(session=afternoon).values_list("pk", "status")) == [
        (kept.pk, S.REGISTERED)
    ]
