"""The applications export at program scale: 500,000 rows as CSV and as XLSX, on PostgreSQL.

Uses the data of bench/search_bench.py (9 centers, 100,000 students, 500,000 applications),
loading it first when the database does not hold it yet (a minute or two):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench_exports \
        .venv/bin/python bench/export_bench.py
    ... bench/export_bench.py --formats csv      # one format only
    ... bench/export_bench.py --tracemalloc      # also Python's own allocation peak (slower)

Each format runs in a fresh process, as a worker runs the report task: program staff ask for
every center's applications, and the task writes the file (rows streamed from a server-side
cursor), saving its progress as it goes. The table gives rows, seconds, the process's peak
resident memory (getrusage) and its growth over the process before the export, the queries
sent and how many of them saved the progress. The goal is under 60 s and under 300 MB.

The database's name must contain "bench"; the data is kept for later runs (only the report
rows and files the benchmark made are removed).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "0")
# The files go to a temporary folder, not the project's media.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="export-bench-"))

GOAL_SECONDS = 60
GOAL_MB = 300
STAFF_EMAIL = "export-bench-staff@example.com"


def peak_mb() -> float:
    # Linux gives ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare() -> None:
    """The program-scale data (loaded once) and a member of program staff to ask."""

    import search_bench
    from django.core.management import call_command
    from django.db import connection

    from mentorship.models import User
    from mentorship.scoping import system_scope

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (its name containing 'bench').")
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("The benchmark may empty its database: use one whose name contains 'bench'.")
    search_bench.ensure_database()
    call_command("migrate", verbosity=0)
    if search_bench.loaded():
        print("Reusing the program-scale data already loaded.")
    else:
        print("Loading program-scale data (search_bench's loader)…")
        call_command("flush", interactive=False, verbosity=0)
        with system_scope():
            search_bench.load()
    User.objects.get_or_create(
        email=STAFF_EMAIL,
        defaults={"name": "Export bench", "is_program_staff": True, "language": "zh-hans"},
    )


def export_once(file_format: str, use_tracemalloc: bool) -> dict:
    """One export in this process, as the worker runs it; the figures as a dict."""
    import tracemalloc

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mentorship.models import Report, User
    from mentorship.reports import generate_report_task

    staff = User.objects.get(email=STAFF_EMAIL)
    report = Report.objects.create(
        center=None, kind="applications", format=file_format, requested_by=staff
    )
    before = peak_mb()
    if use_tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        # What the worker does with the message: the task, outside any center.
        generate_report_task.apply(args=[report.pk], kwargs={"center_id": None}).get()
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if use_tracemalloc else None
    report.refresh_from_db()
    size = report.file.size
    result = {
        "format": file_format,
        "status": report.status,
        "rows": report.row_count,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb(), 1),
        "rss_before_mb": round(before, 1),
        "tracemalloc_peak_mb": round(traced, 1) if traced is not None else None,
        "queries": len(queries),
        "progress_saves": sum('"progress"' in q["sql"] for q in queries.captured_queries),
        "file_mb": round(size / 2**20, 1),
    }
    report.file.delete(save=False)
    report.delete()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="csv,xlsx", help="comma-separated: csv, xlsx")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace allocations")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child process: one format
    args = parser.parse_args()

    import django

    django.setup()
    if args.one:
        print(json.dumps(export_once(args.one, args.tracemalloc)))
        return
    prepare()
    results = []
    for file_format in args.formats.split(","):
        command = [sys.executable, __file__, "--one", file_format]
        if args.tracemalloc:
            command.append("--tracemalloc")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(done.stderr[-3000:])
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print()
    print(
        f"{'format':<7}{'rows':>10}{'seconds':>9}{'peak RSS MB':>13}{'before MB':>11}"
        f"{'traced MB':>11}{'queries':>9}{'progress':>10}{'file MB':>9}"
    )
    for r in results:
        traced = "-" if r["tracemalloc_peak_mb"] is None else r["tracemalloc_peak_mb"]
        print(
            f"{r['format']:<7}{r['rows']:>10,}{r['seconds']:>9}{r['peak_rss_mb']:>13}"
            f"{r['rss_before_mb']:>11}{traced:>11}{r['queries']:>9}{r['progress_saves']:>10}"
            f"{r['file_mb']:>9}"
        )
    failed = [
        r["format"]
        for r in results
        if r["status"] != "done" or r["seconds"] > GOAL_SECONDS or r["peak_rss_mb"] > GOAL_MB
    ]
    print()
    print(
        f"Goal: under {GOAL_SECONDS} s and {GOAL_MB} MB peak. "
        + (f"Missed by: {', '.join(failed)}." if failed else "Met.")
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
