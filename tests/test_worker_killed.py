"""A Celery worker killed with SIGKILL in the middle of sending, five times: every email
still reaches the SMTP server exactly once, and those that were in flight once their claim
ran out and the relay looked (in production 90 s and every 30 s; here 15 s and every 5 s,
the same code on a shorter clock).

The worker is the production one, `celery worker` with its prefork pool and beat embedded
(for the relay), started as a process of its own on the test database and Redis; the SMTP
server is a sink started by the test that counts what it accepts.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from mentorship.celery import app as celery_app
from mentorship.models import OutgoingEmail
from mentorship.notifications import queue_email
from tests.smtp_sink import SmtpSink
from tests.support import require_or_skip

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

ROOT = Path(__file__).resolve().parents[1]
EMAILS = 20
KILLS = 5
LEASE_SECONDS = 15
RELAY_EVERY_SECONDS = 5
# The claim runs out, the relay enqueues the email again, within the few seconds a restarted
# worker takes to boot.
LATE_WITHIN = LEASE_SECONDS + RELAY_EVERY_SECONDS + 10


class WorkerProcess:
    """`celery worker -B` in a process group of its own, so SIGKILL takes its pool too."""

    def __init__(self, env: dict, folder: Path):
        self.env = env
        self.folder = folder
        self.process = None

    def start(self):
        log = open(self.folder / "worker.log", "ab")  # noqa: SIM115  (the process keeps it)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "mentorship",
                "worker",
                "-B",
                "--schedule",
                str(self.folder / "beat-schedule"),
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def real_worker(postgres, tmp_path):
    """A worker process on the test's database and Redis, sending to a sink."""
    require_or_skip(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    celery_app.control.purge()
    with SmtpSink(hold_seconds=1.0) as sink:
        database = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "EMAIL_RETRY_BASE_SECONDS": "0",
            "EMAIL_LEASE_SECONDS": str(LEASE_SECONDS),
            "OUTBOX_RELAY_EVERY_SECONDS": str(RELAY_EVERY_SECONDS),
            "DJANGO_ENV": "",
        }
        worker = WorkerProcess(env, tmp_path)
        try:
            yield worker, sink
        finally:
            worker.kill()
            celery_app.control.purge()


def wait_for(condition, seconds: float, what: str):
    """Poll a condition another process makes true, up to a deadline."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.2)


def test_every_email_goes_out_exactly_once_through_five_kills_mid_send(real_worker):
    worker, sink = real_worker
    with transaction.atomic():
        emails = [
            queue_email(to=f"student{n}@example.test", subject=f"录取通知 {n}", body="您好")
            for n in range(EMAILS)
        ]
    holds = 0
    for _ in range(KILLS):
        worker.start()
        holds = sink.next_hold(after=holds, timeout=60)
        worker.kill()
    worker.start()

    wait_for(lambda: sink.count() == EMAILS, LATE_WITHIN + 30, "every email accepted")
    # The worker writes "sent" just after the server accepted: killed in between, the last
    # email would wait for its claim to run out, as any email does after a kill.
    wait_for(
        lambda: not OutgoingEmail.objects.exclude(status="sent").exists(), 30, "every send recorded"
    )
    worker.kill()

    ids = {e.pk: e.message_id for e in OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails])}
    assert set(sink.accepted) == set(ids.values())
    assert all(len(times) == 1 for times in sink.accepted.values()), sink.accepted
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    # Each kill left an email mid-send; it went out again once its claim ran out.
    assert sum(map(len, sink.dropped.values())) >= KILLS
    for message_id, dropped_at in sink.dropped.items():
        late = sink.accepted[message_id][0] - max(dropped_at)
        assert 0 < late <= LATE_WITHIN, (message_id, late)
