"""The program's dashboards at program scale, on PostgreSQL.

Loads the demo with a year of the whole program (`seed_demo --scale program`) unless it is
there, counts the figures again as the hourly beat task does (timed), then times the public
dashboard, program staff's and Hangzhou's through Django's test client, in-process, the
whole middleware stack included, each page cycling through the figures:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench .venv/bin/python \
        bench/figures_bench.py
    ... bench/figures_bench.py --requests 500   # more samples per page

The goal is a 95th percentile under 100 ms per page.
"""

import argparse
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
# Measure as production runs: no query log kept per request, no debug pages.
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from search_bench import ensure_database, measure, say  # noqa: E402

from mentorship import figures  # noqa: E402
from mentorship.celery import app as celery_app  # noqa: E402
from mentorship.figures_tasks import recompute_figures_task  # noqa: E402
from mentorship.management.commands.seed_demo import SCALE_DOMAIN  # noqa: E402
from mentorship.models import User  # noqa: E402
from mentorship.scoping import system_scope  # noqa: E402

GOAL_MS = 100


def loaded() -> bool:
    with system_scope():
        return User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").exists()


def refresh() -> float:
    """The beat task's recount of every center, run here; its seconds."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
    started = time.perf_counter()
    try:
        recompute_figures_task.delay()
    finally:
        celery_app.conf.task_always_eager = eager
    return time.perf_counter() - started


def run(n):
    names = [f.name for f in figures.figures()]
    public = [f.name for f in figures.figures(public_only=True)]
    with system_scope():
        staff = User.objects.get(email="program@demo.example")
        coordinator = User.objects.get(email="coordinator.hangzhou@demo.example")
    # A host the settings allow; no setup_test_environment(), whose template
    # instrumentation would slow every page down and skew the figures.
    anonymous, staff_client, coordinator_client = (Client(HTTP_HOST="localhost") for _ in range(3))
    staff_client.force_login(staff)
    coordinator_client.force_login(coordinator)
    center = reverse("center:figures", kwargs={"center_slug": "hangzhou"})
    results = []
    measure(
        anonymous,
        results,
        "/figures/",
        lambda i: f"{reverse('figures')}?figure={public[i % len(public)]}",
        n,
    )
    measure(
        staff_client,
        results,
        "/program/figures/",
        lambda i: f"{reverse('program_figures')}?figure={names[i % len(names)]}",
        n,
    )
    measure(
        staff_client,
        results,
        "/program/figures/?center=hangzhou",
        lambda i: f"{reverse('program_figures')}?center=hangzhou&figure={names[i % len(names)]}",
        n,
    )
    measure(
        coordinator_client,
        results,
        "/c/hangzhou/figures/",
        lambda i: f"{center}?figure={names[i % len(names)]}",
        n,
    )
    say("")
    say(f"{'page':40} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, count, median, p95, worst, queries in results:
        say(f"{label:40} {count:>8} {median:>10.1f} {p95:>8.1f} {worst:>8.1f} {queries:>8}")
    worst_p95 = max(row[3] for row in results)
    met = "met" if worst_p95 < GOAL_MS else "NOT met"
    say("")
    say(f"Goal p95 < {GOAL_MS} ms: {met} (worst p95 {worst_p95:.1f} ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (its name containing 'bench').")
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Use a database whose name contains 'bench': it gets a year of the program.")
    ensure_database()
    call_command("migrate", verbosity=0)
    if loaded():
        say("Reusing the program-scale year already loaded.")
    else:
        started = time.perf_counter()
        call_command("seed_demo", scale="program")
        say(f"Demo and program-scale year loaded in {time.perf_counter() - started:.0f} s.")
    with system_scope(), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"Figures counted again (the beat task, every center) in {refresh():.1f} s.")
    run(args.requests)


if __name__ == "__main__":
    main()
