"""The load benchmark's pages served in-process: time, queries and round trips per request.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench REDIS_URL=redis://127.0.0.1:6379/8
    .venv/bin/python bench/profile_pages.py                      # every page, 30 requests each
    .venv/bin/python bench/profile_pages.py --only applicants --profile 25

Reads the data bench/load_bench.py loads (and makes its accounts and events if missing),
then asks Django's test client for each page of the load benchmark, one request at a time,
as a signed-in visitor where the page needs one. Each request ends as in production: the
connection goes back to the pool (its check and reset run). For each page it prints the
median and 90th percentile time in ms, the median CPU time of the process in ms (Python's
share: rendering, the ORM, the drivers), the queries of the page (Django's cursors) and the
statements sent around them (row-level security's settings, the pool's check and its reset,
which runs in the pool's thread and so may fall into the next request): every one of those
is a round trip to PostgreSQL.

Unlike the load benchmark, the query and statement counts do not depend on what else runs
on the machine, and the CPU time far less than the wall time, so they compare a change
before and after. `--profile N` runs cProfile over the pages and prints the N costliest
functions of each (`--sort tottime` for their own time); `--sql` prints each page's queries.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mp_bench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import load_bench
import psycopg
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from load_report import _pad

_plumbing = {"n": 0}
_execute = psycopg.Connection.execute


def _counted_execute(self, *args, **kwargs):
    _plumbing["n"] += 1
    return _execute(self, *args, **kwargs)


psycopg.Connection.execute = _counted_execute


def clients(who) -> dict:
    signed_in = {None: Client()}
    for role in ("student", "rep", "bureau", "mentor", "coordinator"):
        client = Client()
        client.force_login(who[role])
        signed_in[role] = client
    close_old_connections()
    return signed_in


def request(client, path):
    """One request, ended the way a server ends it (the connection back to the pool)."""
    _plumbing["n"] = 0
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
        close_old_connections()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return (
        response.status_code,
        elapsed * 1000,
        queries.captured_queries,
        _plumbing["n"],
        cpu * 1000,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sql", action="store_true", help="print the queries of each page")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime…")
    parser.add_argument("--callers", default="", help="with --profile: callers of these")
    args = parser.parse_args()
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("DATABASE_URL must name the PostgreSQL database of the load benchmark.")
    if not load_bench.search_bench.loaded():
        sys.exit("No program-scale data: run bench/load_bench.py (or search_bench.py) first.")
    who = load_bench.people()
    signed_in = clients(who)
    print(
        f"{_pad('page', 34)} {'HTTP':>4} {'p50 ms':>8} {'p90 ms':>8} {'CPU ms':>7} "
        f"{'queries':>8} {'around':>7}"
    )
    for name, server, path, role in load_bench.pages(who):
        if server != "portal" or args.only not in name:
            continue
        client = signed_in[role]
        for _ in range(3):  # templates compiled, caches filled
            request(client, path)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        runs = [request(client, path) for _ in range(args.requests)]
        if profiler:
            profiler.disable()
        times = sorted(r[1] for r in runs)
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        print(
            f"{_pad(name, 34)} {runs[-1][0]:>4} {statistics.median(times):>8.1f} {p90:>8.1f} "
            f"{statistics.median(r[4] for r in runs):>7.1f} {max(len(r[2]) for r in runs):>8} "
            f"{max(r[3] for r in runs):>7}",
            flush=True,
        )
        if args.sql:
            for query in runs[-1][2]:
                print("   ", query["time"], query["sql"][:300])
        if profiler:
            stats = pstats.Stats(profiler).sort_stats(args.sort)
            stats.print_stats(args.profile)
            if args.callers:
                stats.print_callers(args.callers)


if __name__ == "__main__":
    main()
