"""A recognition's life: reminders 60 and 30 days before it ends (once each), its end the
day after its validity, the annual review's decisions, and what a revoked base may not do."""

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from bases import services as base_services
from bases.models import BaseReview, TrainingBase
from bases.recognition import base_review_decide
from bases.tasks import recognitions_task
from mentorship.models import AuditEntry, Notification, NotificationKind, Role
from mentorship.scoping import center_scope
from subsidies.services import subsidy_claim_open
from tests.students.factories import (
    EnterpriseFactory,
    PositionFactory,
    TrainingBaseFactory,
    representative_of,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
UNTIL = date(2027, 6, 30)


def morning(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=SHANGHAI)


@pytest.fixture
def lifecycle(center, member_factory, unscoped):
    enterprise = EnterpriseFactory(name_en="Gamma Tech", name_zh="伽马科技")
    rep = representative_of(enterprise, center)
    base = TrainingBaseFactory(
        center=center,
        enterprise=enterprise,
        recognized_from=date(2025, 7, 1),
        recognized_until=UNTIL,
    )
    return SimpleNamespace(
        center=center,
        base=base,
        rep=rep,
        coordinator=member_factory(center, Role.COORDINATOR),
        bureau=member_factory(center, Role.BUREAU),
    )


def standing_notes(user):
    notes = Notification.objects.filter(user=user, kind=NotificationKind.BASE_STANDING)
    return [note.translations["en"][0] for note in notes.order_by("pk")]


def run_on(day: date) -> None:
    with time_machine.travel(morning(day), tick=False):
        recognitions_task.delay()
        recognitions_task.delay()  # a second run the same day changes and sends nothing


def test_reminders_go_at_60_and_30_days_once_each_then_the_recognition_ends(lifecycle):
    run_on(UNTIL - timedelta(days=61))
    assert standing_notes(lifecycle.rep) == []

    run_on(UNTIL - timedelta(days=60))
    assert len(standing_notes(lifecycle.rep)) == 1
    assert "ends on 2027-06-30" in standing_notes(lifecycle.rep)[0]
    assert len(standing_notes(lifecycle.coordinator)) == 1

    run_on(UNTIL - timedelta(days=45))
    assert len(standing_notes(lifecycle.rep)) == 1

    run_on(UNTIL - timedelta(days=30))
    assert len(standing_notes(lifecycle.rep)) == 2
    assert len(standing_notes(lifecycle.coordinator)) == 2

    run_on(UNTIL)  # the last day of validity: still recognized
    lifecycle.base.refresh_from_db()
    assert lifecycle.base.status == TrainingBase.Status.RECOGNIZED

    run_on(UNTIL + timedelta(days=1))
    lifecycle.base.refresh_from_db()
    assert lifecycle.base.status == TrainingBase.Status.EXPIRED
    notes = standing_notes(lifecycle.rep)
    assert len(notes) == 3 and "has ended" in notes[-1]
    assert AuditEntry.objects.filter(verb="base.expiry_reminded").count() == 2
    assert AuditEntry.objects.filter(verb="base.expired", actor=None).count() == 1

    run_on(UNTIL + timedelta(days=2))
    assert len(standing_notes(lifecycle.rep)) == 3


def test_a_base_first_seen_inside_30_days_gets_one_reminder(lifecycle):
    run_on(UNTIL - timedelta(days=20))
    run_on(UNTIL - timedelta(days=10))
    assert len(standing_notes(lifecycle.rep)) == 1
    lifecycle.base.refresh_from_db()
    assert lifecycle.base.expiry_reminded_30_at is not None
    assert lifecycle.base.expiry_reminded_60_at is not None


def test_an_expired_base_no_longer_posts_positions(lifecycle):
    run_on(UNTIL + timedelta(days=1))
    with (
        time_machine.travel(morning(UNTIL + timedelta(days=1)), tick=False),
        center_scope(lifecycle.center),
        pytest.raises(ValidationError, match="valid today"),
    ):
        base_services.position_create(
            center=lifecycle.center,
            actor=lifecycle.rep,
            base=lifecycle.base,
            title="Late intern",
            description="x",
            city="杭州",
            openings=1,
            duration_months=3,
            stipend=1000,
            start_date=UNTIL + timedelta(days=40),
            deadline=UNTIL + timedelta(days=20),
        )


def decide(world, decision, reason="Checked with the enterprise.", actor=None):
    with center_scope(world.center):
        return base_review_decide(
            center=world.center,
            actor=actor or world.bureau,
            base=world.base,
            year=2026,
            decision=decision,
            reason=reason,
            criteria={"interns_last_year": 0, "ratings": 0, "average_rating": None},
        )


def test_keep_and_warn_leave_the_base_recognized_and_tell_it_why(lifecycle):
    review = decide(lifecycle, BaseReview.Decision.WARN, reason="No intern for a year.")
    lifecycle.base.refresh_from_db()
    assert lifecycle.base.status == TrainingBase.Status.RECOGNIZED
    assert review.criteria["interns_last_year"] == 0
    notes = Notification.objects.filter(user=lifecycle.rep, kind=NotificationKind.BASE_STANDING)
    assert notes.count() == 1 and "No intern for a year." in notes.get().translations["en"][1]
    entry = AuditEntry.objects.get(verb="base.review_warn")
    assert entry.actor == lifecycle.bureau and entry.after["reason"] == "No intern for a year."
    with pytest.raises(ValidationError, match="already has a decision"):
        decide(lifecycle, BaseReview.Decision.KEEP)


def test_a_decision_needs_a_reason_and_bureau_staff(lifecycle):
    with pytest.raises(ValidationError) as refused:
        decide(lifecycle, BaseReview.Decision.REVOKE, reason="  ")
    assert "reason" in refused.value.error_dict
    with pytest.raises(PermissionDenied):
        decide(lifecycle, BaseReview.Decision.KEEP, actor=lifecycle.coordinator)
    assert not BaseReview.objects.exists()


def test_a_revoked_base_may_not_post_positions_or_claim_subsidies(lifecycle):
    position = PositionFactory(base=lifecycle.base, status="draft", published_at=None)
    decide(lifecycle, BaseReview.Decision.REVOKE, reason="Interns rated it 1.5 on average.")
    lifecycle.base.refresh_from_db()
    assert lifecycle.base.status == TrainingBase.Status.REVOKED
    assert lifecycle.base.revoked_on is not None
    assert lifecycle.base.accepts_positions is False
    with center_scope(lifecycle.center):
        with pytest.raises(ValidationError, match="revoked"):
            base_services.position_publish(
                center=lifecycle.center, actor=lifecycle.rep, position=position
            )
        with pytest.raises(ValidationError) as refused:
            subsidy_claim_open(
                center=lifecycle.center,
                actor=lifecycle.rep,
                base=lifecycle.base,
                year=2026,
                number=1,
            )
    assert "revoked" in refused.value.error_dict["base"][0].message
    with pytest.raises(ValidationError, match="Only a base whose recognition runs"):
        decide(lifecycle, BaseReview.Decision.KEEP)
