"""Shared fixtures: services required in CI, scopes lifted for set-up, members per role."""

import os
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from django_scopes import scopes_disabled
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from mentorship import rls
from mentorship.celery import app as celery_app
from mentorship.models import Role
from tests import databases, flush
from tests.browser_support import browser, page, shot  # noqa: F401  (fixtures)
from tests.demo_snapshot import DemoSnapshots
from tests.factories import MembershipFactory, ServiceCenterFactory, UserFactory
from tests.support import (  # noqa: F401
    REAL_CLOCK_FIXTURES,
    REQUIRE_SERVICES,
    SUITE_NOW,
    require_or_skip,
    uses_real_clock,
)


def _redis_of_this_worker() -> None:
    """pytest-xdist's workers share one Redis server: each takes a database of its own (the
    configured one plus the worker's number), so one worker's cache.clear() or queued task
    never reaches another. Django read its settings before this file; no cache or broker
    connection is open yet, and processes a test starts inherit the environment."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or not settings.REDIS_URL:
        return
    parts = urlsplit(settings.REDIS_URL)
    database = (int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))) % 16
    url = parts._replace(path=f"/{database}").geturl()
    os.environ["REDIS_URL"] = settings.REDIS_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": url},
    }
    settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url
    celery_app.conf.broker_url = celery_app.conf.result_backend = url


_redis_of_this_worker()
flush.install()

# No test fails on how long something took: Hypothesis's deadline and its check that data
# is generated fast enough both measure the machine's load, not the code.
hypothesis_settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("suite")


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
    tmp_path_factory,
):
    """On PostgreSQL with several processes, each process's database is a copy of one
    migrated once for the whole run (tests/databases.py); otherwise pytest-django's way."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    verbosity = request.config.option.verbose
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    keepdb = django_db_keepdb and not django_db_createdb
    if worker and connection.vendor == "postgresql" and not keepdb:
        with django_db_blocker.unblock():
            original = databases.copy_of_template(
                folder=_run_folder(tmp_path_factory), worker=worker, verbosity=verbosity
            )
        yield
        with django_db_blocker.unblock():
            databases.drop_copy(original)
        return
    with django_db_blocker.unblock():
        aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
        config = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=verbosity)


def _run_folder(tmp_path_factory):
    """The folder the processes of a pytest-xdist run share, above each one's own."""
    return tmp_path_factory.getbasetemp().parent


def pytest_sessionfinish(session):
    # The controlling process of a run with several: its test processes are done.
    if hasattr(session.config, "workerinput") or not session.config.getoption("numprocesses", None):
        return
    if connection.vendor == "postgresql":
        databases.drop_template()


@pytest.fixture
def postgres(db):
    require_or_skip(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")


@pytest.fixture(autouse=True)
def _suite_clock(request):
    if uses_real_clock(request.node):
        yield
        return
    with time_machine.travel(SUITE_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MFA_REQUIRED_FOR_STAFF = False
    # Tasks run in-process unless a test starts a real worker (the celery_worker fixture).
    eager = "real_worker" not in request.fixturenames
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_eager_propagates = True
    cache.clear()
    # Code run outside a request speaks English in tests unless a test chooses otherwise.
    with translation.override("en"):
        yield
    celery_app.conf.task_always_eager = previous


# Tests that take minutes: started at the end of a run, one of them would hold the run up
# alone while the other test processes stand idle, so they go first.
SLOW_FIRST = (
    "tests/test_worker_killed.py",
    "tests/test_production_stack.py",
    "tests/test_student_import.py::test_twenty_thousand_students_through_a_real_worker",
    "tests/test_demo_audit.py",
    "tests/test_form_fuzz.py",
)


def pytest_collection_modifyitems(items):
    # The demo needs the test database: say so where a test asks only for the demo, so the
    # database is set up even when no other test of the run needs one.
    for item in items:
        if "_demo_snapshots" in item.fixturenames and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db(transaction=uses_real_clock(item)))
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))  # stable otherwise


@pytest.fixture(scope="session")
def _demo_snapshots(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once for each day the session's demo tests run on."""
    days = {
        uses_real_clock(item)
        for item in request.session.items
        if "_demo_snapshots" in item.fixturenames
    }
    if os.environ.get("PYTEST_XDIST_WORKER"):
        folder = _run_folder(tmp_path_factory) / "demo"
        folder.mkdir(exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("demo")
    snapshots = DemoSnapshots(folder)
    with django_db_blocker.unblock():
        if False in days:
            snapshots.seed(SUITE_NOW)
        if True in days:
            snapshots.seed(None)
    return snapshots


@pytest.fixture
def demo(request, _demo_snapshots):
    """The whole demo, as seed_demo leaves it on the day the test runs."""
    request.getfixturevalue("transactional_db" if uses_real_clock(request.node) else "db")
    _demo_snapshots.restore()


@pytest.fixture
def unscoped():
    """Set-up and assertions outside any center; test bodies that act use center_scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def center(db):
    return ServiceCenterFactory(slug="alpha", name_en="Alpha Center", name_zh="甲中心")


@pytest.fixture
def other_center(db):
    return ServiceCenterFactory(slug="beta", name_en="Beta Center", name_zh="乙中心")


@pytest.fixture
def member_factory(db):
    """member_factory(center, *roles) -> a verified user holding those roles there."""

    def make(center, *roles, user=None):
        user = user or UserFactory()
        with scopes_disabled():
            for role in roles or (Role.STUDENT,):
                MembershipFactory(center=center, user=user, role=role)
        return user

    return make


@pytest.fixture
def coordinator(center, member_factory):
    return member_factory(center, Role.COORDINATOR)


@pytest.fixture
def client():
    """A browser that asks for English; tests of the Chinese pages ask for zh-hans."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


class AppRole:
    """Switches the test's connection to the portal's app role. The suite connects as a
    superuser, whom RLS does not bind; the test's transaction undoes the switch."""

    name = settings.DATABASE_APP_ROLE

    def on(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {connection.ops.quote_name(self.name)}")


@pytest.fixture
def app_role(postgres):
    """The portal's app role, whom row-level security binds (mentorship/rls.py): set up
    rows first, then `app_role.on()`."""
    rls.ensure_app_role()
    rls.apply_policies()
    return AppRole()
