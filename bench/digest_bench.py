"""The daily digest of saved searches at program scale, on the data of bench/search_bench.py:

    DATABASE_URL=postgres://…/mp_bench REDIS_URL=redis://127.0.0.1:6379/8 \
        .venv/bin/python bench/digest_bench.py [--students 20000]

Gives that many students of the bench centers (spread as the students are) a daily saved
search (a keyword, a city, a major or a mix, as students save them) that started a day
before the newest position, then runs the daily digest of every center the way beat's
fan-out does (`send_digests` per center, one after the other in this process), up to the
outbox: each digest is an `AlertDigest` row, an in-app notification and an email row, written
a chunk of students per transaction, whose sending is enqueued on the broker of REDIS_URL,
one task a chunk (sending itself is the workers' job and not timed; the queue is purged
afterwards). Prints the total time, digests per second, the
slowest center, queries per digest, and runs it again: the second run must send nothing.

The searches are kept (named "bench digest") and later runs first remove the digests,
notifications and emails of the earlier run, so each run starts from the same day.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402

from bases.models import Position  # noqa: E402
from mentorship.celery import app as celery_app  # noqa: E402
from mentorship.models import (  # noqa: E402
    Membership,
    Notification,
    NotificationKind,
    OutgoingEmail,
    Role,
    ServiceCenter,
)
from mentorship.scoping import center_scope, system_scope  # noqa: E402
from students.models import AlertDigest, SavedSearch, StudentProfile  # noqa: E402
from students.services.alerts import send_digests  # noqa: E402

NAME = "bench digest"
KEYWORDS = ["数据", "java", "前端", "市场营销", "算法", "运营", "python", "设计", "财务", "物流"]
KEYWORDS += ["intern", "产品经理", "机器学习", "react", "供应链", "区块链", "测试", "销售"]
D = SavedSearch.Alert.DAILY


def say(text=""):
    print(text, flush=True)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def ensure_searches(rng, students: int, since) -> int:
    """One daily saved search for `students` students, spread over the centers as the
    students are; made once, their alerts (re)started at `since`."""
    existing = SavedSearch.objects.filter(name=NAME)
    if existing.count() != students:
        existing.delete()
        total = StudentProfile.objects.count()
        step = max(total // students, 1)
        profiles = list(
            StudentProfile.objects.order_by("pk").values_list(
                "center_id", "user_id", "major", "center__city"
            )
        )[::step][:students]
        searches = []
        for center_id, user_id, major, city in profiles:
            # Half a keyword alone, a third a keyword in their city, the rest a city or a major.
            roll = rng.random()
            searches.append(
                SavedSearch(
                    center_id=center_id,
                    user_id=user_id,
                    name=NAME,
                    q=rng.choice(KEYWORDS) if roll < 0.8 else "",
                    city=city if 0.5 <= roll < 0.9 else "",
                    major=major if roll >= 0.9 else "",
                    alert=D,
                    alert_since=since,
                )
            )
        SavedSearch.objects.bulk_create(searches, batch_size=2000)
    SavedSearch.objects.filter(name=NAME).update(alert=D, alert_since=since)
    return SavedSearch.objects.filter(name=NAME).count()


def forget_earlier_runs() -> None:
    users = SavedSearch.objects.filter(name=NAME).values("user_id")
    AlertDigest.objects.filter(user__in=users).delete()
    notes = Notification.objects.filter(user__in=users, kind=NotificationKind.SAVED_SEARCH_ALERT)
    emails = list(notes.exclude(email=None).values_list("email_id", flat=True))
    notes.delete()
    for i in range(0, len(emails), 5000):
        OutgoingEmail.objects.filter(pk__in=emails[i : i + 5000]).delete()


def run_once(centers, now) -> tuple[float, int, int, list]:
    counter = QueryCounter()
    sent, per_center = 0, []
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        for center in centers:
            began = time.perf_counter()
            with center_scope(center):
                n = send_digests(center=center, frequency=D, now=now)
            per_center.append((time.perf_counter() - began, center.slug, n))
            sent += n
    return time.perf_counter() - start, sent, counter.count, per_center


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=20000)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Set DATABASE_URL to the PostgreSQL benchmark database (its name has 'bench').")
    if celery_app.conf.task_always_eager:
        sys.exit("Set REDIS_URL: the digests enqueue their emails on a broker, as in production.")
    call_command("migrate", verbosity=0)
    with system_scope():
        if not Position.objects.exists():
            sys.exit("Load the data first: bench/search_bench.py")
        newest = Position.objects.filter(status=Position.Status.OPEN).aggregate(
            m=Max("published_at")
        )["m"]
        now = newest + timedelta(minutes=1)
        since = now - timedelta(days=1)
        with transaction.atomic():
            searches = ensure_searches(random.Random(2026), args.students, since)
            forget_earlier_runs()
        new_positions = Position.objects.filter(
            status=Position.Status.OPEN, published_at__gt=since, published_at__lte=now
        ).count()
        open_count = Position.objects.filter(status=Position.Status.OPEN).count()
        students = Membership.objects.filter(role=Role.STUDENT, is_active=True).count()
        centers = list(ServiceCenter.objects.filter(slug__startswith="bench-").order_by("slug"))
    say(
        f"{len(centers)} centers, {students:,} students, {open_count:,} open positions, "
        f"{new_positions} of them new in the day; {searches:,} daily saved searches"
    )
    seconds, sent, queries, per_center = run_once(centers, now)
    slowest = max(per_center)
    say(
        f"first run:  {sent:,} digests in {seconds:.1f} s = {sent / seconds:.0f} digests/s, "
        f"{queries:,} queries ({queries / max(sent, 1):.2f} per digest); "
        f"slowest center {slowest[1]} {slowest[0]:.1f} s for {slowest[2]:,}"
    )
    again, sent_again, queries_again, _ = run_once(centers, now + timedelta(minutes=5))
    say(
        f"second run: {sent_again} digests in {again:.2f} s, {queries_again} queries"
        + ("" if sent_again == 0 else "  <-- SHOULD BE 0")
    )
    celery_app.control.purge()
    if sent_again:
        sys.exit(1)


if __name__ == "__main__":
    main()
