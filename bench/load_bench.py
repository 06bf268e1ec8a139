"""The portal's pages under concurrent load, next to the floor of a minimal Django project.

    make bench-load                                   # load the data if missing, then measure
    .venv/bin/python bench/load_bench.py --fresh      # reload the program-scale data first
    .venv/bin/python bench/load_bench.py --users 32 --seconds 30 --rounds 3
    .venv/bin/python bench/load_bench.py --paired     # the floor again before every page

Loads (or reuses) the program-scale data of bench/search_bench.py in PostgreSQL
(DATABASE_URL, default postgres://postgres@127.0.0.1:5432/mp_bench; its name must contain
"bench"), then serves two projects with gunicorn, 4 sync workers each, on free ports of
127.0.0.1:

- the portal with its production settings (DJANGO_ENV=production, a throwaway SECRET_KEY,
  its own Redis database, requests marked as having come through the TLS proxy, and
  MFA_REQUIRED_FOR_STAFF=0 so that the bureau account needs no authenticator);
- the floor (bench/floor/): one list of 20 positions a page, Django's Paginator and a tiny
  template, reading the same table.

A student, the enterprise representative of the position with the most applicants and a
bureau staff member sign in through the portal's own sign-in form. Each page then gets
`--users` concurrent clients (Locust, headless, from a separate process) for `--seconds`,
in `--rounds` rounds. The table gives each page's requests/s, median and 99th percentile
(ms), errors, and its requests/s as a share of the floor's in the same round: the mean of
the floor runs nearest before and after it (at the start and end of the round, and with
`--paired` between every two pages, for a machine whose speed drifts within minutes).
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mp_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)

import search_bench  # noqa: E402  (sets Django up on DATABASE_URL)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from load_report import print_mixed, print_table, read_rows, read_stats  # noqa: E402

from mentorship.models import Membership, Role, ServiceCenter, User  # noqa: E402
from mentorship.scoping import system_scope  # noqa: E402
from students.models import Application, StudentProfile  # noqa: E402

say = search_bench.say
WORKERS = 4
PASSWORD = "bench-" + secrets.token_urlsafe(12)
BUREAU_EMAIL = "bureau@bench.example"
MENTOR_EMAIL = "mentor@bench.example"
COORDINATOR_EMAIL = "coordinator@bench.example"
BENCH_EVENTS = 12
READY_SECONDS = 120
FLOOR = "floor: minimal Django list"
FLOOR_AGAIN = "floor, end of round"
FLOOR_BETWEEN = "floor"
FLOORS = frozenset({FLOOR, FLOOR_AGAIN, FLOOR_BETWEEN})


# The data and the people


def ensure_bench_database():
    """A PostgreSQL database named for benchmarks (it gets emptied), created and migrated."""
    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must name a PostgreSQL database.")
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("The benchmark empties its database: use one whose name contains 'bench'.")
    search_bench.ensure_database()
    call_command("migrate", verbosity=0)


def prepare_data(fresh: bool):
    ensure_bench_database()
    if not fresh and search_bench.loaded():
        say("Reusing the program-scale data already loaded.")
        return
    say("Emptying the benchmark database and loading program-scale data…")
    call_command("flush", interactive=False, verbosity=0)
    with system_scope():
        search_bench.load()


def _can_sign_in(user):
    """A password of this run and a verified address: what the sign-in form asks for."""
    from allauth.account.models import EmailAddress

    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _member(center, email, name, role):
    """An account of the bench center in `role`, made if missing."""
    user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
    Membership.objects.get_or_create(
        center=center, user=user, role=role, defaults={"is_active": True}
    )
    return user


def _events(center, coordinator):
    """A season of published events in the bench center (the program data holds none)."""
    from django.utils import timezone

    from events.models import Event

    existing = Event.objects.filter(center=center, status=Event.Status.PUBLISHED).order_by("pk")
    if not existing.exists():
        starts = timezone.now().replace(minute=0, second=0, microsecond=0)
        kinds = [Event.Kind.FAIR, *(k for k in Event.Kind.values if k != Event.Kind.FAIR)]
        for n in range(BENCH_EVENTS):
            begins = starts + timedelta(days=3 + 4 * n)
            Event.objects.create(
                center=center,
                kind=kinds[n % len(kinds)],
                title=f"基准活动 {n + 1}",
                description="程序规模基准的活动。",
                starts_at=begins,
                ends_at=begins + timedelta(hours=3),
                location="杭州国际博览中心",
                capacity=500,
                status=Event.Status.PUBLISHED,
                created_by=coordinator,
            )
    return existing.first()


def people():
    """The accounts and rows the pages need, made if the data lacks them."""
    with system_scope():
        center = ServiceCenter.objects.get(slug="bench-hangzhou")
        student = (
            (StudentProfile.objects.filter(center=center).select_related("user").order_by("pk"))
            .first()
            .user
        )
        busy = (
            Application.objects.filter(center=center)
            .values("position")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        from bases.models import Position

        position = Position.objects.select_related("base__enterprise").get(pk=busy["position"])
        rep = position.base.enterprise.representatives.order_by("pk").first()
        other = (
            Position.objects.filter(center=center, status=Position.Status.OPEN)
            .exclude(pk=position.pk)
            .order_by("pk")
            .first()
        )
        bureau = _member(center, BUREAU_EMAIL, "局方基准", Role.BUREAU)
        mentor = _member(center, MENTOR_EMAIL, "导师基准", Role.MENTOR)
        coordinator = _member(center, COORDINATOR_EMAIL, "协调员基准", Role.COORDINATOR)
        event = _events(center, coordinator)
        for user in (student, rep, bureau, mentor, coordinator):
            _can_sign_in(user)
    return {
        "center": center,
        "student": student,
        "rep": rep,
        "bureau": bureau,
        "mentor": mentor,
        "coordinator": coordinator,
        "event": event,
        "busy": position,
        "busy_count": busy["n"],
        "position": other,
    }


def pages(who):
    slug = who["center"].slug

    def center_url(name, **kwargs):
        return reverse(f"center:{name}", kwargs={"center_slug": slug, **kwargs})

    search = center_url("students:position_search")
    keyword = urllib.parse.quote("数据")
    city = urllib.parse.quote("杭州")
    return [
        (FLOOR, "floor", "/", None),
        ("search, page 1", "portal", search, "student"),
        ("search, page 3", "portal", f"{search}?page=3", "student"),
        ("search q=数据", "portal", f"{search}?q={keyword}", "student"),
        ("search q=数据 + city + sort", "portal", f"{search}?q={keyword}&city={city}&sort=stipend",
         "student"),
        ("position detail", "portal", center_url("students:position_detail",
                                                 pk=who["position"].pk), "student"),
        (f"applicants ({who['busy_count']:,})", "portal",
         center_url("students:position_applicants", pk=who["busy"].pk), "rep"),
        ("bureau claim queue", "portal", center_url("subsidies:claim_queue"), "bureau"),
        ("student home", "portal", center_url("students:student_home"), "student"),
        ("saved searches", "portal", center_url("students:saved_searches"), "student"),
        ("events list", "portal", center_url("events:list"), "student"),
        ("event page", "portal", center_url("events:detail", pk=who["event"].pk), "student"),
        ("mentors list", "portal", center_url("mentors:list"), "student"),
        ("projects showcase", "portal", center_url("projects:showcase"), "student"),
        ("mentor's pairings", "portal", center_url("mentors:pairings"), "mentor"),
        ("coordinator's roster", "portal", center_url("students:roster"), "coordinator"),
        ("figures, anonymous", "portal", reverse("figures"), None),
        ("portal home, anonymous", "portal", reverse("home"), None),
        ("center home, anonymous", "portal", center_url("home"), None),
        (FLOOR_AGAIN, "floor", "/", None),
    ]  # fmt: skip


# The mixed scenario

MIXED_STUDENTS = 150


def mixed_plan(who, port, secret_key, path) -> None:
    """What bench/locust_mixed.py's visitors need, written to `path` as JSON.

    Students of the bench center get sessions of their own, made directly in the session
    table with the portal's secret key (signing in a hundred and fifty people through the
    form would only time the password hash); the representative and the bureau share theirs.
    """
    import json

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test.utils import override_settings

    from bases.models import Position

    center = who["center"]
    with system_scope():
        students = [
            p.user
            for p in StudentProfile.objects.filter(center=center)
            .select_related("user")
            .order_by("pk")[:MIXED_STUDENTS]
        ]
        positions = list(
            Position.objects.filter(center=center, status=Position.Status.OPEN)
            .order_by("?")
            .values_list("pk", flat=True)[:300]
        )
    sessions = {"student": [], "rep": [], "bureau": []}
    with override_settings(SECRET_KEY=secret_key):
        for role, users in (("student", students), ("rep", [who["rep"]]),
                            ("bureau", [who["bureau"]])):  # fmt: skip
            for user in users:
                store = SessionStore()
                store[SESSION_KEY] = str(user.pk)
                store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
                store[HASH_SESSION_KEY] = user.get_session_auth_hash()
                store.create()
                sessions[role].append(store.session_key)

    def center_url(name, **kwargs):
        return reverse(f"center:{name}", kwargs={"center_slug": center.slug, **kwargs})

    plan = {
        "sessions": sessions,
        "positions": positions,
        "origin": f"https://127.0.0.1:{port}",
        "search": center_url("students:position_search"),
        "detail": center_url("students:position_detail", pk=0),
        "apply": center_url("students:application_submit", pk=0),
        "student_home": center_url("students:student_home"),
        "applicants": center_url("students:position_applicants", pk=who["busy"].pk),
        "applicant_positions": center_url("students:applicant_positions"),
        "claims": center_url("subsidies:claim_queue"),
        "center_home": center_url("home"),
    }
    Path(path).write_text(json.dumps(plan))


def run_mixed(port, plan, users, seconds, workdir) -> list:
    """One headless Locust run of the mixed scenario; its rows, the total last."""
    prefix = Path(workdir) / "mixed"
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(HERE / "locust_mixed.py"),
        "--headless",
        "--only-summary",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(users // 20, 1)),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--loglevel",
        "ERROR",
    ]
    subprocess.run(
        command,
        env=dict(os.environ, BENCH_MIXED=str(plan)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=seconds + 120,
        check=False,
    )
    return read_rows(prefix)


# The servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_environment(redis_url: str, static_root: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="mentorship.settings",
        DEBUG="0",
        SECRET_KEY="bench-throwaway-" + secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        # Requests carry X-Forwarded-Proto: https, as behind the TLS proxy; no redirect needed.
        SECURE_SSL_REDIRECT="0",
        REDIS_URL=redis_url,
        # The bureau account has no authenticator; production would send it to enrol one.
        MFA_REQUIRED_FOR_STAFF="0",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
    )
    return env


def collect_static(env):
    say("Collecting static files for the production settings…")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )


def start_gunicorn(label, app, cwd, env, log):
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        # The control socket's default path is one per machine; two servers would fight for it.
        "--no-control-socket",
        "--error-logfile",
        str(log),
    ]
    process = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True)
    say(f"  {label}: gunicorn, {WORKERS} sync workers, http://127.0.0.1:{port} (log {log})")
    return process, port


def wait_ready(port, process):
    import requests

    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} stopped (exit {process.returncode}).")
        try:
            # Any answer will do: the workers have started (the first one loads slowly).
            requests.get(f"http://127.0.0.1:{port}/", timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not answer within {READY_SECONDS} s.")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# Signing in and measuring


def sign_in(port, email) -> str:
    """The session id the portal's sign-in form gives `email` (cookies are Secure: by hand)."""
    import requests

    base = f"https://127.0.0.1:{port}"
    url = f"http://127.0.0.1:{port}{reverse('account_login')}"
    headers = {"X-Forwarded-Proto": "https"}
    form = requests.get(url, headers=headers, timeout=30, allow_redirects=False)
    token = form.cookies.get("csrftoken")
    if form.status_code != 200 or not token:
        raise SystemExit(f"Sign-in page: HTTP {form.status_code}, CSRF cookie {bool(token)}.")
    response = requests.post(
        url,
        data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={**headers, "Cookie": f"csrftoken={token}", "Origin": base, "Referer": url},
        timeout=30,
        allow_redirects=False,
    )
    session = response.cookies.get("sessionid")
    if response.status_code != 302 or not session:
        raise SystemExit(f"Signing in {email}: HTTP {response.status_code}, no session.")
    return session


def warm_up(port, path, session):
    """Every worker imports, compiles templates and opens its pool before anything is timed."""
    import requests

    headers = {"X-Forwarded-Proto": "https"}
    if session:
        headers["Cookie"] = f"sessionid={session}"

    def fetch(_):
        requests.get(
            f"http://127.0.0.1:{port}{path}", headers=headers, timeout=60, allow_redirects=False
        )

    with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
        list(pool.map(fetch, range(6 * WORKERS)))


def run_locust(name, port, path, session, users, seconds, workdir) -> dict:
    prefix = Path(workdir) / f"run{time.monotonic_ns()}"
    env = dict(os.environ, BENCH_PATH=path, BENCH_NAME=name, BENCH_SESSION=session or "")
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--csv",
        str(prefix),
        "--loglevel",
        "ERROR",
    ]
    subprocess.run(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=seconds + 60,
        check=False,  # Locust exits 1 when any request failed; the CSV says how many.
    )
    return read_stats(prefix)


def _load() -> str:
    """The machine's load average (1, 5, 15 min): on a shared machine, read the figures by it."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def mixed(args, who, env, port):
    with tempfile.TemporaryDirectory(prefix="bench-load-") as workdir:
        plan = Path(workdir) / "plan.json"
        mixed_plan(who, port, env["SECRET_KEY"], plan)
        connection.close()
        say(
            f"Mixed scenario: {args.users} visitors (students 12 : enterprise 5 : bureau 3), "
            f"1–4 s between pages, {args.seconds} s; load average before: {_load()}"
        )
        print_mixed(run_mixed(port, plan, args.users, args.seconds, workdir))
        say(f"load average: {_load()}")


def main():
    global WORKERS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="reload the data even if present")
    parser.add_argument("--users", type=int, help="concurrent clients per page (16)")
    parser.add_argument("--seconds", type=int, help="duration per page and round (15)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help="gunicorn sync workers of each server (4)"
    )
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument(
        "--paired",
        action="store_true",
        help="run the floor between every two pages too, each page against its neighbours",
    )
    parser.add_argument(
        "--mixed",
        action="store_true",
        help="the mixed scenario instead of the pages one by one (--users 200 --seconds 300 "
        "unless given)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
        help="a Redis database for the portal's cache during the run",
    )
    args = parser.parse_args()
    args.users = args.users or (200 if args.mixed else 16)
    args.seconds = args.seconds or (300 if args.mixed else 15)
    if not (1 <= args.users <= 256 and 1 <= args.seconds <= 600 and 1 <= args.rounds <= 10):
        sys.exit("--users 1..256, --seconds 1..600, --rounds 1..10.")
    if not 1 <= args.workers <= 32:
        sys.exit("--workers 1..32.")
    WORKERS = args.workers

    prepare_data(args.fresh)
    who = people()
    connection.close()
    artifacts = ROOT / "artifacts" / "bench-load"
    artifacts.mkdir(parents=True, exist_ok=True)
    env = portal_environment(args.redis_url, artifacts / "static")
    collect_static(env)
    floor_env = dict(env, DJANGO_SETTINGS_MODULE="floor.settings")
    say("Starting the servers:")
    portal, portal_port = start_gunicorn(
        "portal", "mentorship.wsgi:application", ROOT, env, artifacts / "portal.log"
    )
    floor, floor_port = start_gunicorn(
        "floor", "floor.wsgi:application", HERE / "floor", floor_env, artifacts / "floor.log"
    )
    try:
        wait_ready(portal_port, portal)
        wait_ready(floor_port, floor)
        if args.mixed:
            mixed(args, who, env, portal_port)
            return
        sessions = {
            "student": sign_in(portal_port, who["student"].email),
            "rep": sign_in(portal_port, who["rep"].email),
            "bureau": sign_in(portal_port, who["bureau"].email),
            "mentor": sign_in(portal_port, who["mentor"].email),
            "coordinator": sign_in(portal_port, who["coordinator"].email),
        }
        say(f"Signed in: {', '.join(who[role].email for role in sessions)}.")
        say(
            f"{args.users} clients, {args.seconds} s a page, {args.rounds} rounds; "
            f"load average before: {_load()} ({os.cpu_count()} cores)"
        )
        chosen = [
            page for page in pages(who) if page[0] in FLOORS or args.only.lower() in page[0].lower()
        ]
        if args.paired and len(chosen) > 2:
            first, *middle, last = chosen
            runs = [first]
            for page in middle:
                runs += [page, (FLOOR_BETWEEN, "floor", "/", None)]
            chosen = [*runs[:-1], last]
        for server, path, role in dict.fromkeys(page[1:] for page in chosen):
            warm_up(
                floor_port if server == "floor" else portal_port,
                path,
                sessions[role] if role else None,
            )
        with tempfile.TemporaryDirectory(prefix="bench-load-") as workdir:
            for number in range(1, args.rounds + 1):
                results = []
                for name, server, path, role in chosen:
                    port = floor_port if server == "floor" else portal_port
                    session = sessions[role] if role else None
                    results.append(
                        (name, run_locust(name, port, path, session, args.users, args.seconds,
                                          workdir))
                    )  # fmt: skip
                print_table(number, results, FLOORS)
                say(f"load average: {_load()}")
    finally:
        stop(portal)
        stop(floor)


if __name__ == "__main__":
    main()
