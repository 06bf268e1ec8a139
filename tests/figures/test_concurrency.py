"""Two recounts of one center at the same moment (a beat tick and a retry) on PostgreSQL:
both finish, and the center holds one set of figures, equal to a recount."""

import pytest

from mentorship.figures import FIGURES, recompute_center
from mentorship.models import FigureValue
from mentorship.scoping import center_scope
from tests.figures.test_aggregates import held, recount
from tests.figures.world import build_world
from tests.students.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def recounting(center):
    def job():
        with center_scope(center):
            return recompute_center(center=center)

    return job


def test_simultaneous_recounts_of_a_center_leave_one_set_of_figures(postgres, center, other_center):
    build_world(center, other_center)
    results = run_together([recounting(center) for _ in range(4)])
    assert [status for status, _value in results] == ["ok"] * 4, results
    assert len({value for _status, value in results}) == 1
    assert FigureValue.objects.filter(center=center).count() == results[0][1]
    for figure in FIGURES.values():
        assert held(center, figure.name) == recount(center, figure)
