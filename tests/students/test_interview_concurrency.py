"""Concurrency on PostgreSQL: a student's two taps on two interview times at once, and a
student choosing while the enterprise proposes again. Real threads, real row locks."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorship.scoping import center_scope
from students.models import Application, Interview
from students.services import interviews
from tests.students.factories import (
    ApplicationFactory,
    EnterpriseFactory,
    PositionFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
    representative_of,
)
from tests.students.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def _proposed(center):
    enterprise = EnterpriseFactory()
    rep = representative_of(enterprise, center)
    position = PositionFactory(base=TrainingBaseFactory(center=center, enterprise=enterprise))
    application = ApplicationFactory(
        position=position,
        student=StudentProfileFactory(center=center),
        status=Application.Status.SHORTLISTED,
    )
    base = timezone.now().replace(microsecond=0, second=0) + timedelta(days=3)
    with center_scope(center):
        interview = interviews.interview_propose(
            center=center,
            actor=rep,
            application=application,
            mode="online",
            link="https://meeting.example.cn/race",
            starts=[base, base + timedelta(hours=2)],
        )
    return rep, application, interview


def _choosing(center, interview, slot):
    def job():
        with center_scope(center):
            return interviews.interview_choose(
                center=center,
                actor=interview.application.student.user,
                interview=interview,
                slot_id=slot.pk,
            )

    return job


def test_two_taps_on_two_times_fix_exactly_one(postgres, center, unscoped):
    _rep, _application, interview = _proposed(center)
    slots = list(interview.slots.order_by("starts_at"))

    results = run_together([_choosing(center, interview, slot) for slot in slots])

    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"]
    assert all(isinstance(v, ValidationError) for k, v in results if k == "error")
    winner = next(value for kind, value in results if kind == "ok")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED
    assert interview.starts_at == winner.starts_at


def test_choosing_while_the_enterprise_proposes_again_never_keeps_a_withdrawn_time(
    postgres, center, unscoped
):
    rep, application, interview = _proposed(center)
    slot = interview.slots.order_by("starts_at").first()
    later = timezone.now().replace(microsecond=0, second=0) + timedelta(days=9)

    def proposing():
        with center_scope(center):
            return interviews.interview_propose(
                center=center,
                actor=rep,
                application=application,
                mode="online",
                link="https://meeting.example.cn/race",
                starts=[later],
            )

    results = run_together([_choosing(center, interview, slot), proposing])

    assert results[1][0] == "ok", results[1]
    interview.refresh_from_db()
    if results[0][0] == "ok":
        # The choice came first; the new proposal reopened the interview with its time.
        assert interview.status == Interview.Status.PROPOSED
        assert interview.starts_at is None
    else:
        assert isinstance(results[0][1], ValidationError)
        assert interview.status == Interview.Status.PROPOSED
    assert [s.starts_at for s in interview.slots.all()] == [later]
