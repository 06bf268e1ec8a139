"""The portal's pages under concurrent load, next to the floor of a minimal Django project.

    make bench-load                                   # load the data if missing, then measure
    .venv/bin/python bench/load_bench.py --fresh      # reload the program-scale data first
    .venv/bin/python bench/load_bench.py --users 32 --seconds 30 --rounds 3

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
(ms), errors, and its requests/s as a share of the floor's in the same round.
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
from load_report import print_table, read_stats  # noqa: E402

from mentorship.models import Membership, Role, ServiceCenter, User  # noqa: E402
from mentorship.scoping import system_scope  # noqa: E402
from students.models import Application, StudentProfile  # noqa: E402

say = search_bench.say
WORKERS = 4
PASSWORD = "bench-" + secrets.token_urlsafe(12)
BUREAU_EMAIL = "bureau@bench.example"
READY_SECONDS = 60
FLOOR = "floor: minimal Django list"
FLOOR_AGAIN = "floor, end of round"


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
        bureau, _ = User.objects.get_or_create(email=BUREAU_EMAIL, defaults={"name": "局方基准"})
        Membership.objects.get_or_create(
            center=center, user=bureau, role=Role.BUREAU, defaults={"is_active": True}
        )
        for user in (student, rep, bureau):
            _can_sign_in(user)
    return {
        "center": center,
        "student": student,
        "rep": rep,
        "bureau": bureau,
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
        ("portal home, anonymous", "portal", reverse("home"), None),
        ("center home, anonymous", "portal", center_url("home"), None),
        (FLOOR_AGAIN, "floor", "/", None),
    ]  # fmt: skip


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="reload the data even if present")
    parser.add_argument("--users", type=int, default=16, help="concurrent clients per page")
    parser.add_argument("--seconds", type=int, default=15, help="duration per page and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
        help="a Redis database for the portal's cache during the run",
    )
    args = parser.parse_args()
    if not (1 <= args.users <= 256 and 1 <= args.seconds <= 600 and 1 <= args.rounds <= 10):
        sys.exit("--users 1..256, --seconds 1..600, --rounds 1..10.")

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
        sessions = {
            "student": sign_in(portal_port, who["student"].email),
            "rep": sign_in(portal_port, who["rep"].email),
            "bureau": sign_in(portal_port, who["bureau"].email),
        }
        say(f"Signed in: {who['student'].email}, {who['rep'].email}, {who['bureau'].email}.")
        say(
            f"{args.users} clients, {args.seconds} s a page, {args.rounds} rounds; "
            f"load average before: {_load()} ({os.cpu_count()} cores)"
        )
        for _name, server, path, role in pages(who):
            warm_up(
                floor_port if server == "floor" else portal_port,
                path,
                sessions[role] if role else None,
            )
        with tempfile.TemporaryDirectory(prefix="bench-load-") as workdir:
            for number in range(1, args.rounds + 1):
                results = []
                for name, server, path, role in pages(who):
                    port = floor_port if server == "floor" else portal_port
                    session = sessions[role] if role else None
                    results.append(
                        (name, run_locust(name, port, path, session, args.users, args.seconds,
                                          workdir))
                    )  # fmt: skip
                print_table(number, results, {FLOOR, FLOOR_AGAIN})
                say(f"load average: {_load()}")
    finally:
        stop(portal)
        stop(floor)


if __name__ == "__main__":
    main()
