"""allauth's pages live in the portal's frame, in both languages."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client):
    """A real sign-in (not force_login): setting up MFA asks for a recent one."""
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return user


SIGNED_IN_PAGES = [
    "account_email",
    "account_change_password",
    "mfa_index",
    "mfa_activate_totp",
    "notification_preferences",
]
ANONYMOUS_PAGES = ["account_login", "account_signup", "account_reset_password"]


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_account_pages_use_the_portal_frame(client, name):
    sign_in(client)
    response = client.get(reverse(name))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in body
    assert 'href="/static/vendor/pico/pico.min.css"' in body


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_sign_in_pages_are_in_chinese_when_asked(client, name):
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "导师制" in body
    assert "Sign In" not in body


def test_totp_setup_shows_the_qr_code_without_breaking_the_csp(client):
    sign_in(client)
    response = client.get(reverse("mfa_activate_totp"))
    body = response.content.decode()
    assert "<svg" in body or "data:image" in body
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
