"""Concurrency on PostgreSQL: two coordinators run the assignment of a round at the same
moment, a judge submits the same scores twice at once, and a score races the decision
that closes the judging. Real threads, real connections, real row locks."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from mentorship.scoping import center_scope
from projects import services
from projects.models import Assignment, Entry, Score
from tests.mentors.factories import MentorApprovalFactory, MentorProfileFactory
from tests.projects.factories import EntryFactory, ProjectFactory
from tests.students.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def entries(world, n):
    return [
        EntryFactory(project=ProjectFactory(current_round=world.round, status="submitted"))
        for _ in range(n)
    ]


def assigning(world, coordinator):
    def job():
        with center_scope(world.center):
            return services.judges_assign(center=world.center, actor=coordinator, round=world.round)

    return job


def test_two_coordinators_assigning_at_once_make_each_assignment_once(
    postgres, world, member_factory
):
    for n in range(5):
        MentorApprovalFactory(
            center=world.center,
            profile=MentorProfileFactory(offers_judging=True, organization=f"机构{n}"),
        )
    made = entries(world, 16)
    second = member_factory(world.center, "coordinator")

    results = run_together([assigning(world, world.coordinator), assigning(world, second)])

    assert [kind for kind, _ in results] == ["ok", "ok"]
    assert sorted(len(value) for _, value in results) == [0, 32]
    pairs = list(Assignment.objects.filter(entry__in=made).values_list("entry_id", "judge_id"))
    assert len(pairs) == len(set(pairs)) == 32
    assert set(Counter(entry for entry, _ in pairs).values()) == {2}
    loads = Counter(judge for _, judge in pairs).values()
    assert max(loads) - min(loads) <= 1 and len(loads) == 8


def scoring(world, assignment, value=8):
    values = {c.pk: (value, "清楚") for c in world.round.criteria.all()}

    def job():
        with center_scope(world.center):
            return services.scores_submit(
                center=world.center, actor=assignment.judge, assignment=assignment, values=values
            )

    return job


def test_the_same_scores_submitted_twice_at_once_count_once(postgres, world):
    (entry,) = entries(world, 1)
    with center_scope(world.center):
        assignment, _other = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )

    results = run_together([scoring(world, assignment), scoring(world, assignment)])

    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and error.code == "already_scored", repr(error)
    assert Score.objects.filter(assignment=assignment).count() == world.round.criteria.count()
    assert entry.assignments.filter(status=Assignment.Status.SCORED).count() == 1


def test_a_score_after_the_decision_is_refused(postgres, world):
    (entry,) = entries(world, 1)
    with center_scope(world.center):
        first, second = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )
        scoring(world, first)()
        services.entry_decide(
            center=world.center, actor=world.coordinator, entry=entry, advance=True
        )
        with pytest.raises(ValidationError) as refused:
            scoring(world, second)()
    assert refused.value.code == "judging_closed"
    assert not Score.objects.filter(assignment=second).exists()


def test_a_score_racing_the_decision_lands_before_it_or_not_at_all(postgres, world):
    (entry,) = entries(world, 1)
    with center_scope(world.center):
        first, second = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )
        scoring(world, first)()

    def deciding():
        with center_scope(world.center):
            return services.entry_decide(
                center=world.center, actor=world.coordinator, entry=entry, advance=True
            )

    results = run_together([scoring(world, second), deciding])

    assert results[1][0] == "ok"
    entry.refresh_from_db()
    assert entry.decision == Entry.Decision.ADVANCED
    second.refresh_from_db()
    if results[0][0] == "ok":
        assert second.scored_at <= entry.decided_at
    else:
        assert results[0][1].code == "judging_closed"
        assert second.status == Assignment.Status.ASSIGNED
