"""Shared fixtures: services required in CI, scopes lifted for set-up, members per role."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from django_scopes import scopes_disabled

from mentorship.celery import app as celery_app
from mentorship.models import Role
from tests.browser_support import browser, demo, page, shot  # noqa: F401  (fixtures)
from tests.factories import MembershipFactory, ServiceCenterFactory, UserFactory
from tests.support import REQUIRE_SERVICES, require_or_skip  # noqa: F401


@pytest.fixture
def postgres(db):
    require_or_skip(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")


# The day every test runs on: no test reads the real calendar. The last day of a quarter,
# in the morning in Shanghai (still the day before in UTC), where date arithmetic goes wrong
# if it can; the subsidy tests' placements of 2025 lie in the claimable past. Tests that
# need another day move the clock themselves (the demo is seeded on several).
SUITE_NOW = datetime(2026, 3, 31, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
# A browser keeps cookies by the real clock, and a Celery worker or the broker by their
# own, and a portal started in another process (tests marked real_clock) by the real clock
# too: those tests run at the real time (the demo they use is proven on any day).
REAL_CLOCK_FIXTURES = {"live_server", "real_worker", "redis_server"}


@pytest.fixture(autouse=True)
def _suite_clock(request):
    if REAL_CLOCK_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker(
        "real_clock"
    ):
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
