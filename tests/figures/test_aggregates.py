"""The aggregates the dashboards read equal a recount of the raw rows, after any changes."""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from bases.models import Position, TrainingBase
from mentorship.celery import app
from mentorship.figures import FIGURES, recompute_center
from mentorship.figures_tasks import recompute_figures_task
from mentorship.models import FigureValue
from mentorship.scoping import center_scope
from students.models import Application, Placement
from tests.figures.world import SHANGHAI, build_world
from tests.students.factories import ApplicationFactory, PlacementFactory, PositionFactory

pytestmark = pytest.mark.django_db


def recount(center, figure) -> dict:
    """The figure counted one row at a time in Python, each row's day read in Beijing."""
    counted = defaultdict(Decimal)
    with center_scope(center):
        for row in figure.rows():
            day = row
            for part in figure.date_field.split("__"):
                day = getattr(day, part)
            if day is None:
                continue
            if isinstance(day, datetime):
                day = timezone.localtime(day, SHANGHAI).date()
            kind = row
            for part in (figure.kind_field or "").split("__"):
                kind = getattr(kind, part) if part else ""
            field = figure.value.source_expressions[0].name
            amount = Decimal(1) if field == "pk" else Decimal(getattr(row, field) or 0)
            counted[(day.year, day.month, kind)] += amount
    return {key: value for key, value in counted.items() if value}


def held(center, name) -> dict:
    return {
        (v.year, v.month, v.dimension): v.value
        for v in FigureValue.objects.filter(center=center, figure=name)
    }


def a_moment(rng) -> datetime:
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(3 * 366))
    return datetime(
        day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=SHANGHAI
    )


def change_something(rng, center):
    """One random change of the kinds people make: new rows, status changes, deletions."""
    with scopes_disabled():
        bases = list(TrainingBase.objects.filter(center=center))
        positions = list(Position.objects.filter(center=center))
        step = rng.randrange(7)
        if step == 0:
            PositionFactory(
                base=rng.choice(bases), openings=rng.randint(1, 9), published_at=a_moment(rng)
            )
        elif step == 1:
            application = ApplicationFactory(position=rng.choice(positions))
            Application.objects.filter(pk=application.pk).update(created_at=a_moment(rng))
        elif step == 2:
            PlacementFactory(
                application__position=rng.choice(positions),
                start_date=a_moment(rng).date(),
            )
        elif step == 3:
            position = rng.choice(positions)
            Position.objects.filter(pk=position.pk).update(
                status=rng.choice(Position.Status.values)
            )
        elif step == 4:
            base = rng.choice(bases)
            TrainingBase.objects.filter(pk=base.pk).update(
                status=rng.choice(TrainingBase.Status.values),
                recognized_from=a_moment(rng).date(),
            )
        elif step == 5:
            doomed = Application.objects.filter(center=center, placement__isnull=True).first()
            if doomed:
                doomed.delete()
        else:
            placement = Placement.objects.filter(center=center).order_by("pk").last()
            if placement:
                start = a_moment(rng).date()
                Placement.objects.filter(pk=placement.pk).update(
                    start_date=start, end_date=start + timedelta(days=91)
                )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_aggregates_equal_a_recount_after_random_changes(center, other_center, seed):
    rng = random.Random(seed)
    build_world(center, other_center)
    for _round in range(6):
        for _change in range(rng.randint(1, 5)):
            change_something(rng, center)
        with center_scope(center):
            recompute_center(center=center)
        for figure in FIGURES.values():
            assert held(center, figure.name) == recount(center, figure), figure.name


def test_the_hourly_task_recounts_every_center(center, other_center):
    build_world(center, other_center)
    assert recompute_figures_task() == 2
    for figure in FIGURES.values():
        assert held(center, figure.name) == recount(center, figure)
        assert held(other_center, figure.name) == recount(other_center, figure)
    # Rows that vanished leave no aggregate behind.
    with scopes_disabled():
        Application.objects.filter(center=center, placement__isnull=True).delete()
    recompute_figures_task()
    assert sum(held(center, "students.applications").values()) == 2


def test_beat_runs_the_recount_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["recompute-figures"]
    assert entry["task"] in app.tasks
