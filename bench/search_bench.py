"""Position search and applicant lists at program scale, on PostgreSQL.

Loads a year of the program (9 centers, 900 training bases, 30,000 positions, 100,000
students, 500,000 applications) with COPY, then times the pages through Django's test
client, in-process, the whole middleware stack included:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench .venv/bin/python bench/search_bench.py
    ... bench/search_bench.py --reuse          # keep the data loaded by an earlier run
    ... bench/search_bench.py --requests 500   # more samples per page

The database is emptied before loading (unless --reuse finds the data), so its name must
contain "bench". The goal is a 95th percentile under 50 ms per page.
"""

import argparse
import os
import statistics
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
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bases.demo_scale import scale_bases, scale_positions  # noqa: E402
from bases.models import Position  # noqa: E402
from mentorship.bulk import PROGRAM, ScaleWorld, load_scale, scale_people  # noqa: E402
from mentorship.models import ServiceCenter, University  # noqa: E402
from mentorship.scoping import system_scope  # noqa: E402
from students.demo_scale import scale_applications, scale_students  # noqa: E402
from students.models import Application, StudentProfile  # noqa: E402

# The benchmark's own nine centers; Hangzhou, the original one, carries about 40 % of the
# program (`mentorship.bulk.shares`).
CENTERS = [
    ("bench-hangzhou", "杭州"),
    ("bench-huangshan", "黄山"),
    ("bench-fudan", "上海"),
    ("bench-nanjing", "南京"),
    ("bench-sufe", "上海"),
    ("bench-jinhua", "金华"),
    ("bench-zjnu", "金华"),
    ("bench-shaoxing", "绍兴"),
    ("bench-ningbo", "宁波"),
]
KEYWORDS = ["数据", "java", "前端", "市场营销", "算法", "运营", "python", "设计", "财务", "物流"]
KEYWORDS += ["intern", "data analyst", "区块链", "产品经理", "机器学习", "react", "供应链", "rust"]


def say(text):
    print(text, flush=True)


# Loading


class Out:
    def write(self, text):
        say(text)


def load():
    """The program's year of bases, positions, students and applications, through the same
    bulk loaders as `seed_demo --scale program` (`mentorship.bulk`)."""
    started = time.perf_counter()
    centers = []
    for slug, city in CENTERS:
        center = ServiceCenter.objects.create(
            slug=slug,
            name_zh=f"{city}基准中心",
            name_en=f"{slug} benchmark center",
            city=city,
            host_institution="基准大学",
            status=ServiceCenter.Status.ACTIVE,
        )
        for n in range(1, 5):
            University.objects.create(center=center, name_zh=f"{city}第{n}大学", name_en="")
        centers.append(center)
    world = ScaleWorld(
        centers=centers, today=timezone.localdate(), domain="bench.example", stdout=Out()
    )
    load_scale(
        world,
        parts=[scale_people, scale_bases, scale_positions, scale_students, scale_applications],
    )
    with connection.cursor() as cursor:
        # What autovacuum does in a running system: statistics and the visibility map
        # (index-only scans) are up to date.
        cursor.execute("VACUUM ANALYZE")
    say(f"Loaded in {time.perf_counter() - started:.0f} s.")


def loaded() -> bool:
    with system_scope():
        return (
            ServiceCenter.objects.filter(slug="bench-hangzhou").exists()
            and Application.objects.count()
            >= PROGRAM["students"] * PROGRAM["applications_per_student"] * 0.99
        )


# Measuring


def measure(client, requests, label, make_url, n):
    for i in range(20):  # warm caches and connections; not counted
        client.get(make_url(i))
    times = []
    for i in range(n):
        url = make_url(i)
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(make_url(0))
    times.sort()
    requests.append(
        (
            label,
            len(times),
            statistics.median(times),
            times[int(len(times) * 0.95) - 1],
            times[-1],
            len(ctx.captured_queries),
        )
    )


def run(n):
    with system_scope():
        center = ServiceCenter.objects.get(slug="bench-hangzhou")
        student = StudentProfile.objects.filter(center=center).select_related("user").first().user
        busy = (
            Application.objects.filter(center=center)
            .values("position")
            .annotate(n=django.db.models.Count("pk"))
            .order_by("-n")
            .first()
        )
        position = Position.objects.select_related("base__enterprise").get(pk=busy["position"])
        rep = position.base.enterprise.representatives.get()
    slug = center.slug
    search = reverse("center:students:position_search", kwargs={"center_slug": slug})
    applicants = reverse(
        "center:students:position_applicants", kwargs={"center_slug": slug, "pk": position.pk}
    )
    sorts = ["newest", "stipend", "deadline"]
    # A host the settings allow; no setup_test_environment(), whose template
    # instrumentation would slow every page down and skew the figures.
    student_client, rep_client = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    student_client.force_login(student)
    rep_client.force_login(rep)

    results = []
    measure(
        student_client,
        results,
        "search, no keyword",
        lambda i: f"{search}?sort={sorts[i % 3]}&page={1 + i % 3}",
        n,
    )
    measure(
        student_client,
        results,
        "search, keyword",
        lambda i: f"{search}?q={KEYWORDS[i % len(KEYWORDS)]}&sort={sorts[i % 3]}",
        n,
    )
    measure(
        student_client,
        results,
        "search, keyword + filters",
        lambda i: (
            f"{search}?q={KEYWORDS[i % len(KEYWORDS)]}&city=杭州&min_stipend=3000"
            f"&duration={3 + i % 4}"
        ),
        n,
    )
    states = ["", "submitted", "shortlisted", "interview"]
    measure(
        rep_client,
        results,
        f"applicants ({busy['n']:,} on one position)",
        lambda i: f"{applicants}?status={states[i % 4]}&page={1 + i % 2}",
        n,
    )

    say("")
    say(f"{'page':40} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, count, median, p95, worst, queries in results:
        say(f"{label:40} {count:>8} {median:>10.1f} {p95:>8.1f} {worst:>8.1f} {queries:>8}")
    worst_p95 = max(row[3] for row in results)
    say("")
    say(
        f"Goal p95 < 50 ms: {'met' if worst_p95 < 50 else 'NOT met'} (worst p95 {worst_p95:.1f} ms)"
    )
    explain(center)


def explain(center):
    """The plan of a selective keyword search, to show which index serves it."""
    with system_scope():
        from students.selectors import search_positions

        qs = search_positions(center=center, q="区块链")[:21]
        plan = qs.explain(analyze=True)
    say("")
    say("Plan of a selective keyword search (q=区块链):")
    for line in plan.splitlines():
        say(f"  {line}")


def ensure_database():
    """Create the benchmark database on first use (Django only creates test databases)."""
    import psycopg

    params = {k: v for k, v in connection.get_connection_params().items() if k != "pool"}
    name = connection.settings_dict["NAME"]
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
            say(f"Created database {name}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep data loaded earlier")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (its name containing 'bench').")
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("The benchmark empties its database: use one whose name contains 'bench'.")
    ensure_database()
    call_command("migrate", verbosity=0)
    if args.reuse and loaded():
        say("Reusing the data already loaded.")
    else:
        say("Emptying the benchmark database and loading program-scale data…")
        call_command("flush", interactive=False, verbosity=0)
        with system_scope():
            load()
    run(args.requests)


if __name__ == "__main__":
    main()
