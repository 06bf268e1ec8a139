"""The production path starts: gunicorn with production settings on PostgreSQL serves pages
with the security headers, and WhiteNoise serves the hashed static files. It connects as the
app role, which owns no table, while `migrate` runs as the owner (granting the app role its
rights): row-level security binds the pages, and a center's page still shows that center's
rows."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

import psycopg
import pytest
from django.db import connection

from tests import databases

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_clock]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    return urlopen(Request(url, headers={"X-Forwarded-Proto": "https"}), timeout=5)


@pytest.fixture
def own_database(postgres):
    """A database of the server's own: nothing the test run holds (an open transaction, a
    table lock of another test's flush) can stall its pages. It is a copy of the run's
    migrated template where there is one (tests/databases.py), else empty."""
    db = connection.settings_dict
    name = f"{db['NAME']}_stack"
    admin = psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    )
    role = f"{name}_app"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'DROP ROLE IF EXISTS "{role}"')
    if not databases.copy_template_into(name):
        admin.execute(f'CREATE DATABASE "{name}"')
    # The portal's login role: no superuser, no BYPASSRLS, owner of nothing.
    admin.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS')
    server = f"{db['HOST']}:{db['PORT'] or 5432}/{name}"
    try:
        yield f"postgres://{db['USER']}@{server}", role, f"postgres://{role}@{server}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


SEED_CENTER = """
from django_scopes import scopes_disabled
from tests.events.factories import EventFactory
from tests.factories import ServiceCenterFactory
with scopes_disabled():
    EventFactory(center=ServiceCenterFactory(slug="stack"), title="RLS-visible lecture")
"""


def test_gunicorn_serves_the_portal_with_production_settings(own_database, tmp_path):
    owner_url, app_role, app_url = own_database
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "production-smoke-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": owner_url,
        "DB_APP_ROLE": app_role,
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECURE_SSL_REDIRECT": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEED_CENTER], cwd=ROOT, env=env, check=True
    )
    env["DATABASE_URL"] = app_url
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "mentorship.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                home = get(f"http://127.0.0.1:{port}/")
                break
            except (URLError, ConnectionError, TimeoutError):
                # A worker still booting on a busy machine answers late or not yet.
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)  # polling a starting process, not synchronizing threads
        assert home.status == 200
        assert "max-age=" in home.headers["Strict-Transport-Security"]
        csp = home.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert home.headers["X-Frame-Options"] == "DENY"
        page = home.read().decode()
        css = page.split('href="/static/css/portal.')[1].split('"')[0]
        assert css.endswith(".css") and css != "css", "static files are hashed"
        static = get(f"http://127.0.0.1:{port}/static/css/portal.{css}")
        assert static.status == 200
        assert "max-age" in static.headers["Cache-Control"]
        # Under the app role, the center's page shows its event: the request set its center.
        center_page = get(f"http://127.0.0.1:{port}/c/stack/").read().decode()
        assert "RLS-visible lecture" in center_page
    finally:
        server.terminate()
        server.wait(timeout=10)
