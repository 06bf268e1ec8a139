"""The demo copied into tests: seeded once for the processes of a run, and a run that crosses
midnight in Shanghai still gets the demo of the day its browser tests run on.

Seeding the whole demo takes a minute; these tests of the copying seed a stand-in that
writes one center through the same command call, so what is copied is a real row."""

import pickle
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from mentorship.models import ServiceCenter
from tests import demo_snapshot
from tests.demo_snapshot import DemoSnapshots
from tests.factories import ServiceCenterFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seedings(monkeypatch):
    """The days a small demo was seeded on, by any DemoSnapshots of the test."""
    days = []

    def seed_demo(name, **options):
        assert name == "seed_demo"
        days.append(timezone.localdate())
        ServiceCenterFactory(slug="hangzhou", name_en=f"Seeded {len(days)}")

    monkeypatch.setattr(demo_snapshot, "call_command", seed_demo)
    return days


def test_a_test_after_midnight_gets_the_demo_seeded_for_the_new_day(tmp_path, seedings):
    after_midnight = datetime(2026, 12, 4, 0, 5, tzinfo=SHANGHAI)
    snapshots = DemoSnapshots(tmp_path)
    snapshots.rows[after_midnight.date() - timedelta(days=1)] = ({}, tmp_path / "yesterday")
    with time_machine.travel(after_midnight, tick=True):
        snapshots.restore()
        assert timezone.localdate() in snapshots.rows
    assert seedings == [after_midnight.date()]
    assert ServiceCenter.objects.filter(slug="hangzhou").exists()


def test_the_processes_of_a_run_share_one_seeding(postgres, tmp_path, seedings):
    # On SQLite, emptying the database is Django's flush, which writes content types and
    # permissions anew: the second process's own rows then differ, and it seeds its own.
    first, second = DemoSnapshots(tmp_path), DemoSnapshots(tmp_path)
    first.seed(None)
    assert not ServiceCenter.objects.exists(), "seeding leaves the database empty"
    second.seed(None)
    assert len(seedings) == 1
    second.restore()
    assert ServiceCenter.objects.get(slug="hangzhou").name_en == "Seeded 1"


def test_a_process_whose_own_rows_differ_seeds_its_own(tmp_path, seedings):
    DemoSnapshots(tmp_path).seed(None)
    shared = tmp_path / f"{timezone.localdate().isoformat()}.pickle"
    _digest, rows = pickle.loads(shared.read_bytes())
    # As if the other process's migrations had written other content types.
    shared.write_bytes(pickle.dumps(("another process's rows", rows)))
    other = DemoSnapshots(tmp_path)
    other.seed(None)
    assert len(seedings) == 2
    other.restore()
    assert ServiceCenter.objects.get(slug="hangzhou").name_en == "Seeded 2"
