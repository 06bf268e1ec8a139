"""Development email: printed readable on the console, listed on the outbox page, and
neither in production."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage
from django.urls import reverse

from mentorship.dev_mail import OUTBOX_SIZE, outbox_emails
from mentorship.models import Role

ROOT = Path(__file__).resolve().parent.parent
READABLE = "mentorship.dev_mail.ReadableConsoleBackend"


@pytest.fixture
def dev_mail(settings, tmp_path):
    """The development set-up: readable console email, the outbox kept in a file."""
    settings.MAILERS = {"default": {"BACKEND": READABLE}}
    settings.DEV_OUTBOX_FILE = tmp_path / "outbox.json"
    settings.DEBUG = True
    return settings.DEV_OUTBOX_FILE


def sign_up(client, center, email="xiaoman@students.example"):
    return client.post(
        reverse("account_signup"),
        {
            "name": "林小满",
            "email": email,
            "password1": "Lin-Xiaoman-2026",
            "password2": "Lin-Xiaoman-2026",
            "center": center.pk,
            "role": Role.STUDENT,
        },
    )


@pytest.mark.django_db
def test_console_shows_the_chinese_confirmation_email_decoded_with_its_link_on_one_line(
    client, center, dev_mail, capsys
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    sign_up(client, center)

    printed = capsys.readouterr().out
    # The link is whole on one line: followed as printed, it confirms the address.
    (line,) = [line for line in printed.splitlines() if "/confirm-email/" in line]
    assert line.startswith("要确认这是正确的，请访问 http://testserver/accounts/confirm-email/")
    path = line.split("http://testserver", 1)[1]
    client.post(path)
    assert EmailAddress.objects.get(email="xiaoman@students.example").verified
    assert "To: xiaoman@students.example" in printed
    assert "Subject: [Mentorship Program] 请确认您的Email地址" in printed
    assert "Content-Transfer-Encoding" not in printed and "=?utf-8?" not in printed


def test_console_prints_long_links_and_chinese_bodies_as_written(dev_mail, capsys):
    link = "http://127.0.0.1:8000/c/hangzhou/placements/12/?tab=check-ins&month=2026-11" + (
        "&x=" + "a" * 80
    )
    body = f"您的实习月度签到已记录。\n\n{link}"
    EmailMessage("实习签到提醒", body, "noreply@localhost", ["zhao.chen@example.test"]).send()

    printed = capsys.readouterr().out
    assert "Subject: 实习签到提醒" in printed
    assert "您的实习月度签到已记录。" in printed
    assert link in printed.splitlines()


def test_outbox_keeps_the_newest_emails_newest_first(dev_mail):
    for n in range(OUTBOX_SIZE + 5):
        EmailMessage(f"第 {n} 封", "正文", "noreply@localhost", ["a@example.test"]).send()

    kept = outbox_emails()
    assert len(kept) == OUTBOX_SIZE
    assert [email["subject"] for email in kept[:2]] == [
        f"第 {OUTBOX_SIZE + 4} 封",
        f"第 {OUTBOX_SIZE + 3} 封",
    ]
    assert json.loads(dev_mail.read_text(encoding="utf-8"))[-1]["body"] == "正文"


@pytest.mark.django_db
def test_outbox_page_lists_the_sign_up_email_whose_link_confirms_the_address(
    client, center, dev_mail
):
    sign_up(client, center)
    client.logout()

    page = client.get(reverse("dev_outbox"))
    html = page.content.decode()
    assert "xiaoman@students.example" in html
    assert "[Mentorship Program] Please Confirm Your Email Address" in html
    href = re.search(r'<a href="(https?://[^"]+/accounts/confirm-email/[^"]+)"', html)
    assert href, html

    path = href.group(1).split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(email="xiaoman@students.example").verified


@pytest.mark.django_db
def test_outbox_lists_notification_emails_sent_by_the_task(
    client, center, dev_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, center)

    html = client.get(reverse("dev_outbox")).content.decode()
    assert "Welcome to Alpha Center" in html
    assert len(outbox_emails()) == 2  # the confirmation and the welcome notification


@pytest.mark.django_db
def test_footer_links_to_the_outbox_only_in_development(client, settings, tmp_path):
    settings.DEV_OUTBOX_FILE = tmp_path / "outbox.json"
    settings.DEBUG = True
    assert reverse("dev_outbox") in client.get("/").content.decode()
    settings.DEBUG = False
    assert reverse("dev_outbox") not in client.get("/").content.decode()


@pytest.mark.django_db
def test_outbox_is_404_with_debug_off(client, dev_mail, settings):
    EmailMessage("秘密", "http://127.0.0.1:8000/x", "noreply@localhost", ["a@example.test"]).send()
    settings.DEBUG = False
    response = client.get(reverse("dev_outbox"))
    assert response.status_code == 404
    assert "秘密" not in response.content.decode()


@pytest.mark.django_db
def test_outbox_is_404_with_a_real_mail_server_in_development(client, settings):
    settings.DEBUG = True
    settings.DEV_OUTBOX_FILE = None  # what the settings choose when EMAIL_HOST is set
    assert client.get(reverse("dev_outbox")).status_code == 404


PRODUCTION_PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# The hashed-static manifest exists only after collectstatic; the probe asks no asset.
plain_static = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain_static):
    response = Client().get("/dev/outbox/", secure=True, headers={"host": "portal.example.cn"})
print(json.dumps({
    "status": response.status_code,
    "backend": settings.MAILERS["default"]["BACKEND"],
    "outbox": settings.DEV_OUTBOX_FILE,
}))
"""


def test_outbox_is_404_and_email_goes_by_smtp_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "production-outbox-probe-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "portal.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "DEV_OUTBOX_FILE": str(tmp_path / "outbox.json"),
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe == {
        "status": 404,
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "outbox": None,
    }


@pytest.mark.django_db
def test_outbox_page_reads_no_rows_however_many_emails(
    client, dev_mail, django_assert_max_num_queries
):
    for n in range(OUTBOX_SIZE):
        EmailMessage(f"第 {n} 封", "正文", "noreply@localhost", ["a@example.test"]).send()
    with django_assert_max_num_queries(0):
        html = client.get(reverse("dev_outbox")).content.decode()
    assert html.count('class="dev-email"') == OUTBOX_SIZE
