"""Behind the reverse proxy: rate limits and the audit trail see each real client, not the
proxy, and never an address the client wrote into X-Forwarded-For itself."""

import sys

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from mentorship.audit import audit
from mentorship.client import client_ip
from mentorship.middleware import RequestContextMiddleware
from mentorship.models import AuditEntry
from tests.factories import PASSWORD, UserFactory
from tests.test_quality import run

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def through_proxy(client_address: str, forwarded_by_client: str = "") -> Client:
    """A browser whose requests reach the portal through the proxy, which appends the
    address it saw to whatever X-Forwarded-For the browser sent."""
    chain = f"{forwarded_by_client}, {client_address}" if forwarded_by_client else client_address
    return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def log_in(client, user, password):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_one_client_s_failed_logins_never_lock_out_another_client():
    attacker, victim = UserFactory(), UserFactory()
    noisy = through_proxy("203.0.113.5")
    for _ in range(8):
        log_in(noisy, attacker, "wrong password")
    assert "Too many failed login attempts" in log_in(noisy, attacker, PASSWORD).text

    other = through_proxy("198.51.100.7")
    answer = log_in(other, victim, PASSWORD)
    assert answer.status_code == 302
    assert other.session.get("_auth_user_id") == str(victim.pk)


def test_a_client_cannot_dodge_the_limit_by_writing_its_own_forwarded_address():
    user = UserFactory()
    for n in range(8):
        log_in(through_proxy("203.0.113.5", forwarded_by_client=f"6.6.6.{n}"), user, "wrong")
    refused = log_in(through_proxy("203.0.113.5", forwarded_by_client="6.6.6.99"), user, PASSWORD)
    assert "Too many failed login attempts" in refused.text


def test_the_audit_trail_records_the_address_the_proxy_saw():
    def action(request):
        audit(center=None, actor=None, verb="test.action")
        return HttpResponse()

    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    RequestContextMiddleware(action)(request)

    assert AuditEntry.objects.get(verb="test.action").ip_address == "203.0.113.5"


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "192.0.2.9"
    junk = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="not an ip")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(junk) == "192.0.2.9"


def test_production_trusts_the_one_proxy_the_readme_puts_in_front():
    show = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    env = {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "x"}
    result = run(sys.executable, "manage.py", "shell", "-v", "0", "-c", show, env=env)
    assert result.stdout.strip() == "1", result.stderr
    result = run(
        sys.executable, "manage.py", "shell", "-v", "0", "-c", show, env={"DJANGO_ENV": ""}
    )
    assert result.stdout.strip() == "0", result.stderr
