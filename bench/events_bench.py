"""A recruitment fair's two rushes, on PostgreSQL under gunicorn: 2,000 students register
through the event's page, then the door checks 1,000 of them in by their ticket codes.

    make bench-events
    .venv/bin/python bench/events_bench.py --students 2000 --check-ins 1000 --clients 16

The database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/mp_events_bench; its
name must contain "bench") is emptied and given one service center, its students (with
complete profiles), a coordinator and a published fair with a seat for everyone. The portal
is served as bench/load_bench.py serves it (production settings, 4 sync gunicorn workers,
its own Redis database, requests marked as having come through the TLS proxy).

One student and the coordinator sign in through the portal's sign-in form; the other
students get a copy of that student's session with their own identity (signing in 2,000
people through the form would time the password hash, not the events). Then `--clients`
threads post the registration form, one request per student, and after that the door form,
one ticket code per request, each request with its CSRF token as a browser sends it. The
table gives requests/s over the whole rush, median and 99th percentile (ms) and errors
(any answer but the redirect or the door page); the database is read afterwards to check
that every student got exactly one seat and every code was checked in once.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mp_events_bench")

import load_bench  # noqa: E402  (sets Django up on DATABASE_URL)
import search_bench  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import DoorScan, Event, Registration  # noqa: E402
from mentorship.models import Membership, Role, ServiceCenter, University, User  # noqa: E402
from mentorship.scoping import system_scope  # noqa: E402
from students.models import StudentProfile  # noqa: E402

say = search_bench.say
SLUG = "bench-events"


# The data


def prepare_data(students: int) -> dict:
    load_bench.ensure_bench_database()
    say(f"Emptying the benchmark database; one center, {students:,} students and a fair…")
    call_command("flush", interactive=False, verbosity=0)
    with system_scope():
        center = ServiceCenter.objects.create(
            slug=SLUG,
            name_zh="杭州基准服务中心",
            name_en="Hangzhou bench center",
            city="杭州",
            host_institution="浙江大学",
            status=ServiceCenter.Status.ACTIVE,
        )
        university = University.objects.create(center=center, name_zh="浙江大学")
        coordinator = User.objects.create(email="coordinator@bench.example", name="门口协调员")
        Membership.objects.create(center=center, user=coordinator, role=Role.COORDINATOR)
        users = User.objects.bulk_create(
            User(email=f"student{n:05d}@bench.example", name=f"学生{n:05d}", password="!")
            for n in range(students)
        )
        Membership.objects.bulk_create(
            Membership(center=center, user=user, role=Role.STUDENT) for user in users
        )
        StudentProfile.objects.bulk_create(
            StudentProfile(
                center=center,
                user=user,
                university=university,
                major="统计学",
                degree=StudentProfile.Degree.BACHELOR,
                graduation_year=2027,
                student_number=f"2023{n:06d}",
                phone=f"138{n:08d}",
            )
            for n, user in enumerate(users)
        )
        starts = timezone.now() + timedelta(days=7)
        fair = Event.objects.create(
            center=center,
            kind=Event.Kind.FAIR,
            title="春季校园双选会",
            description="两千名学生，一个展厅。",
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            location="杭州国际博览中心",
            capacity=students,
            status=Event.Status.PUBLISHED,
            created_by=coordinator,
        )
        for user in (users[0], coordinator):
            load_bench._can_sign_in(user)
    return {"center": center, "fair": fair, "students": users, "coordinator": coordinator}


def clone_sessions(template_key: str, users, secret_key: str) -> dict:
    """Sessions like the one the sign-in form gave `template_key`, one per user, signed with
    the server's key (session data and the password's hash in it depend on it)."""
    with override_settings(SECRET_KEY=secret_key):
        template = SessionStore(session_key=template_key).load()
        if "_auth_user_id" not in template:
            sys.exit("The signed-in student's session could not be read.")
        keys = {}
        for user in users:
            store = SessionStore()
            store.update(template)
            store["_auth_user_id"] = str(user.pk)
            store["_auth_user_hash"] = user.get_session_auth_hash()
            store.create()
            keys[user.pk] = store.session_key
    return keys


# The rushes


def post_all(port, jobs, clients):
    """POST each (path, session, data, ok_status) from `clients` threads; the times in ms,
    the errors, and the wall time of the whole rush."""
    import requests

    base = f"https://127.0.0.1:{port}"
    local = __import__("threading").local()

    def post(job):
        path, session, data, ok = job
        if not hasattr(local, "http"):
            local.http = requests.Session()
        token = secrets.token_hex(16)
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": f"sessionid={session}; csrftoken={token}",
            "Origin": base,
            "Referer": base + path,
        }
        started = time.perf_counter()
        response = local.http.post(
            f"http://127.0.0.1:{port}{path}",
            data={**data, "csrfmiddlewaretoken": token},
            headers=headers,
            timeout=120,
            allow_redirects=False,
        )
        return (time.perf_counter() - started) * 1000, response.status_code != ok

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(post, jobs))
    wall = time.perf_counter() - started
    return [ms for ms, _ in results], sum(err for _, err in results), wall


def row(name, times, errors, wall):
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return (
        f"| {name:<28} | {len(times):>8,} | {len(times) / wall:>9.1f} | "
        f"{statistics.median(times):>7.0f} | {p99:>7.0f} | {errors:>6} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--check-ins", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
        help="a Redis database for the portal's cache during the run",
    )
    parser.add_argument(
        "--ready-seconds",
        type=int,
        default=180,
        help="how long the workers may take to start on a busy machine",
    )
    args = parser.parse_args()
    load_bench.READY_SECONDS = args.ready_seconds
    if not (1 <= args.check_ins <= args.students <= 20000 and 1 <= args.clients <= 128):
        sys.exit("1 <= --check-ins <= --students <= 20000, --clients 1..128.")

    data = prepare_data(args.students)
    center, fair = data["center"], data["fair"]
    connection.close()
    artifacts = load_bench.ROOT / "artifacts" / "bench-events"
    artifacts.mkdir(parents=True, exist_ok=True)
    env = load_bench.portal_environment(args.redis_url, artifacts / "static")
    load_bench.collect_static(env)
    say("Starting the server:")
    portal, port = load_bench.start_gunicorn(
        "portal", "mentorship.wsgi:application", load_bench.ROOT, env, artifacts / "portal.log"
    )
    try:
        load_bench.wait_ready(port, portal)
        first = load_bench.sign_in(port, data["students"][0].email)
        door_session = load_bench.sign_in(port, data["coordinator"].email)
        with system_scope():
            sessions = clone_sessions(first, data["students"], env["SECRET_KEY"])
        say(f"Signed in the coordinator and {len(sessions):,} students.")

        def center_path(name, **kwargs):
            return reverse(f"center:events:{name}", kwargs={"center_slug": SLUG, **kwargs})

        detail = center_path("detail", pk=fair.pk)
        load_bench.warm_up(port, detail, first)
        load_bench.warm_up(port, center_path("door", pk=fair.pk), door_session)
        say(f"{args.clients} clients; load average before: {load_bench._load()}")
        register = center_path("register", pk=fair.pk)
        registered = post_all(
            port,
            [(register, sessions[user.pk], {}, 302) for user in data["students"]],
            args.clients,
        )
        with system_scope():
            codes = list(
                Registration.objects.filter(event=fair, status=Registration.Status.REGISTERED)
                .order_by("?")
                .values_list("ticket_code", flat=True)[: args.check_ins]
            )
        door = center_path("door", pk=fair.pk)
        checked = post_all(
            port, [(door, door_session, {"code": code}, 200) for code in codes], args.clients
        )
        say("")
        say("| rush                         | requests | requests/s | median | p99 ms | errors |")
        say("|------------------------------|---------:|-----------:|-------:|-------:|-------:|")
        say(row(f"register ({args.students:,} students)", *registered))
        say(row(f"check in by code ({len(codes):,})", *checked))
        say(f"load average after: {load_bench._load()} ({os.cpu_count()} cores)")
        with system_scope():
            seats = Registration.objects.filter(center=center, event=fair)
            counts = {
                "registered": seats.filter(status=Registration.Status.REGISTERED).count(),
                "people": seats.values("user").distinct().count(),
                "checked in": seats.filter(checked_in_at__isnull=False).count(),
                "valid scans": DoorScan.objects.filter(
                    event=fair, result=DoorScan.Result.VALID
                ).count(),
            }
        say("In the database: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        expected = (args.students, args.students, len(codes), len(codes))
        if tuple(counts.values()) != expected:
            sys.exit(f"Expected {expected}: the rush lost or doubled something.")
    finally:
        load_bench.stop(portal)


if __name__ == "__main__":
    main()
