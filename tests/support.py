"""What every test module may need: services that are required in CI and optional elsewhere."""

import fcntl
import os
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def require_or_skip(available: bool, what: str) -> None:
    """Skip on a laptop without the service; fail in CI, where it must be there."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


# The day every test runs on: no test reads the real calendar. The last day of a quarter,
# in the morning in Shanghai (still the day before in UTC), where date arithmetic goes wrong
# if it can; the subsidy tests' placements of 2025 lie in the claimable past. Tests that
# need another day move the clock themselves (the demo is seeded on several).
SUITE_NOW = datetime(2026, 3, 31, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
# A browser keeps cookies by the real clock, and a Celery worker or the broker by their
# own, and a portal started in another process (tests marked real_clock) by the real clock
# too: those tests run at the real time (the demo they use is proven on any day).
REAL_CLOCK_FIXTURES = {"live_server", "real_worker", "redis_server"}


def uses_real_clock(item) -> bool:
    """Whether a test runs at the real time rather than at SUITE_NOW."""
    return bool(REAL_CLOCK_FIXTURES & set(item.fixturenames)) or bool(
        item.get_closest_marker("real_clock")
    )


@contextmanager
def file_lock(path: Path):
    """Held by one process of the run at a time (pytest-xdist's processes share the folder)."""
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
