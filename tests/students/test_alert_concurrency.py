"""Digests on PostgreSQL: four workers run the same period's digest at the same moment
(beat fired twice, a retry overlapping a slow run); each student gets one email."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentorship.models import Notification, OutgoingEmail
from mentorship.scoping import center_scope
from students.models import AlertDigest
from students.services import alerts
from tests.students.factories import PositionFactory, SavedSearchFactory, TrainingBaseFactory
from tests.students.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_digest_runs_send_each_student_one_email(postgres, center, unscoped):
    base = TrainingBaseFactory(center=center)
    with time_machine.travel("2026-04-01 08:00 +0800", tick=False):
        searches = [SavedSearchFactory(center=center, q="数据") for _ in range(5)]
    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        PositionFactory(base=base, title="数据 Job")

    # The instant is passed in: moving the process's clock from several threads would race.
    now = datetime(2026, 4, 2, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))

    def run():
        with center_scope(center):
            return alerts.send_digests(center=center, frequency="daily", now=now)

    results = run_together([run for _ in range(4)])

    assert all(kind == "ok" for kind, _value in results), results
    assert sum(value for _kind, value in results) == 5
    for search in searches:
        assert OutgoingEmail.objects.filter(to=search.user.email).count() == 1
    assert AlertDigest.objects.count() == 5


def test_concurrent_instant_alert_runs_tell_each_student_once(postgres, center, unscoped):
    searches = [SavedSearchFactory(center=center, q="数据", alert="instant") for _ in range(3)]
    position = PositionFactory(base=TrainingBaseFactory(center=center), title="数据 Job")

    def run():
        with center_scope(center):
            return alerts.send_instant_alerts(center=center, position_id=position.pk)

    results = run_together([run for _ in range(4)])

    assert all(kind == "ok" for kind, _value in results), results
    assert sum(value for _kind, value in results) == 3
    for search in searches:
        assert Notification.objects.filter(user=search.user).count() == 1
