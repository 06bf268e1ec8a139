"""Concurrency on PostgreSQL: ten students accept offers for two openings at the same
moment, fifty students each accept two overlapping offers at once, and one student
double-submits an application. Real threads, real connections,
real row locks."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from bases.models import Position
from mentorship.scoping import center_scope
from students import services
from students.models import Application, Placement
from tests.students.factories import (
    ApplicationFactory,
    PlacementFactory,
    PositionFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    """Start every job at the same instant; collect what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", job())
        except Exception as error:  # collected and asserted on by the test
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def accepting(center, application):
    """A job in which the application's student accepts its offer."""

    def job():
        with center_scope(center):
            return services.application_accept(
                center=center, actor=application.student.user, application=application
            )

    return job


def test_ten_concurrent_accepts_fill_exactly_two_openings(postgres, center, unscoped):
    position = PositionFactory(base=TrainingBaseFactory(center=center), openings=2)
    offers = [
        ApplicationFactory(
            position=position,
            student=StudentProfileFactory(center=center),
            status=Application.Status.OFFERED,
        )
        for _ in range(10)
    ]

    results = run_together([accepting(center, a) for a in offers])

    accepted = [value for kind, value in results if kind == "ok"]
    refused = [value for kind, value in results if kind == "error"]
    assert len(accepted) == 2
    assert len(refused) == 8
    for error in refused:
        assert isinstance(error, ValidationError), repr(error)
        assert error.code == "position_full"
        assert error.messages == [str(services.POSITION_FULL)]
    position.refresh_from_db()
    assert (position.accepted_count, position.status) == (2, Position.Status.FILLED)
    assert Placement.objects.filter(position=position).count() == 2
    states = list(Application.objects.filter(position=position).values_list("status", flat=True))
    assert states.count(Application.Status.ACCEPTED) == 2
    assert states.count(Application.Status.OFFERED) == 8


def test_concurrent_double_application_creates_one(postgres, center, unscoped):
    position = PositionFactory(base=TrainingBaseFactory(center=center))
    profile = StudentProfileFactory(center=center)

    def apply():
        with center_scope(center):
            return services.application_submit(
                center=center, actor=profile.user, position=position, cover_letter="hello"
            )

    results = run_together([apply, apply])

    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError), repr(error)
    assert error.code == "already_applied"
    assert Application.objects.filter(position=position, student=profile).count() == 1


def test_trigram_index_serves_keyword_search(postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'bases_position_search_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
    assert "search_text" in definition


def test_fifty_students_accepting_two_overlapping_offers_at_once_get_one_placement_each(
    postgres, center, unscoped
):
    base = TrainingBaseFactory(center=center)
    # Two positions whose months overlap, each with room for everyone.
    first, second = (PositionFactory(base=base, openings=60) for _ in range(2))
    results = []
    students = []
    for _wave in range(5):  # ten students (twenty connections) at a time
        wave = [StudentProfileFactory(center=center) for _ in range(10)]
        students += wave
        offers = [
            ApplicationFactory(position=position, student=student, status="offered")
            for student in wave
            for position in (first, second)
        ]
        results += run_together([accepting(center, a) for a in offers])

    refused = [value for kind, value in results if kind == "error"]
    assert len(refused) == 50
    assert all(getattr(error, "code", None) == "overlapping_placement" for error in refused)
    for student in students:
        assert Placement.objects.filter(student=student).count() == 1


def test_the_database_refuses_an_overlapping_placement_written_past_the_service(postgres, unscoped):
    placement = PlacementFactory()
    second = ApplicationFactory(
        position=PositionFactory(base=placement.base),
        student=placement.student,
        status=Application.Status.ACCEPTED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            center=placement.center,
            application=second,
            student=placement.student,
            base=placement.base,
            position=second.position,
            start_date=placement.start_date,
            end_date=placement.end_date,
        )
