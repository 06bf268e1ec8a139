"""Playwright driving Debian's /usr/bin/chromium against the live test server.

The fixtures are registered for every test by tests/conftest.py; tests import the helpers
(sign_in, sign_out, nav_to, link_in_last_email) from here. Importing the fixtures into a test
module would start a second Playwright session and break the run.

Each journey saves numbered screenshots under artifacts/screenshots/<test name>/ (ignored by
git) so a person can look at what the test saw.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support import require_or_skip

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    require_or_skip(Path(CHROMIUM).exists() or shutil.which("chromium") is not None, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot(page, request):
    """shot("step name"): a full-page screenshot, numbered in the order taken."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(name: str, target=None):
        path = folder / f"{next(counter):02d}-{re.sub(r'[^\w.-]+', '-', name)}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, email, password="demo-pass-2026"):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def sign_out(page):
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    page.wait_for_load_state()


def nav_to(page, menu: str, link: str):
    """Follow a link of one of the center bar's menus (a role's own pages), opening it first."""
    bar = page.get_by_role("navigation", name="Service center")
    bar.get_by_text(menu, exact=True).click()
    bar.get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state()


def link_in_last_email(outbox, to: str, pattern: str) -> str:
    """The path of the first link matching `pattern` in the newest email sent to `to`.

    Only the path: the links carry the portal's public address, the test server another.
    """
    for message in reversed(outbox):
        if to in message.to:
            match = re.search(pattern, message.body)
            if match:
                return urlsplit(match.group(0)).path
    raise AssertionError(f"no email to {to} with a link matching {pattern}")
