"""Recommendations at program scale, on the data of bench/search_bench.py (read only):

    DATABASE_URL=postgres://…/mp_bench .venv/bin/python bench/recommend_bench.py

Times `recommend()` for students of the busiest center who applied before and for some who
did not, and prints the median and 95th percentile in ms and the queries per call.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bases.models import Position  # noqa: E402
from mentorship.scoping import center_scope, system_scope  # noqa: E402
from students.models import StudentProfile  # noqa: E402
from students.recommendations import recommend  # noqa: E402


def main(samples: int = 60) -> None:
    with system_scope():
        center_id = (
            Position.objects.filter(status=Position.Status.OPEN)
            .values("center_id")
            .annotate(n=Count("pk"))
            .order_by("-n")[0]["center_id"]
        )
        profiles = list(
            StudentProfile.objects.filter(center_id=center_id)
            .select_related("center")
            .annotate(applied=Count("applications"))
            .order_by("-applied", "pk")[:samples]
        )
    center = profiles[0].center
    with center_scope(center):
        open_count = Position.objects.filter(center=center, status=Position.Status.OPEN).count()
        times, queries = [], set()
        for profile in profiles:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                found = recommend(center=center, profile=profile)
                times.append((time.perf_counter() - start) * 1000)
            queries.add(len(captured))
    times.sort()
    print(f"center {center.slug}: {open_count} open positions; {len(profiles)} students")
    print(
        f"recommend(): median {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, queries per call {sorted(queries)}, "
        f"last one gave {len(found)}"
    )


if __name__ == "__main__":
    main()
