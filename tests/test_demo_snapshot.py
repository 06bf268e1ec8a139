"""The demo copied into tests: a run that crosses midnight in Shanghai still gets the demo of
the day its browser tests run on."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from mentorship.models import ServiceCenter
from tests.demo_snapshot import DemoSnapshots

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db(transaction=True)
def test_a_test_after_midnight_gets_the_demo_seeded_for_the_new_day(tmp_path):
    after_midnight = datetime(2026, 12, 4, 0, 5, tzinfo=SHANGHAI)
    snapshots = DemoSnapshots(tmp_path)
    snapshots.rows[after_midnight.date() - timedelta(days=1)] = ({}, tmp_path / "yesterday")
    with time_machine.travel(after_midnight, tick=True):
        snapshots.restore()
        assert timezone.localdate() in snapshots.rows
    assert ServiceCenter.objects.filter(slug="hangzhou").exists()
