"""A newcomer in development confirms a sign-up from the outbox page, decoding nothing."""

import pytest
from allauth.account.models import EmailAddress

pytestmark = pytest.mark.browser


@pytest.fixture
def dev_mail(settings, tmp_path):
    settings.MAILERS = {"default": {"BACKEND": "mentorship.dev_mail.ReadableConsoleBackend"}}
    settings.DEV_OUTBOX_FILE = tmp_path / "outbox.json"
    settings.DEBUG = True


def test_newcomer_signs_up_and_confirms_from_the_development_outbox(page, shot, demo, dev_mail):
    page.goto("/accounts/signup/")
    page.get_by_label("Full name").fill("周新人")
    page.get_by_label("Email").fill("zhou.newcomer@students.example")
    page.get_by_label("Password", exact=True).fill("Qiantang-River-88!")
    page.get_by_label("Password (again)").fill("Qiantang-River-88!")
    page.get_by_label("Service center").select_option(label="Hangzhou Mentorship Service Center")
    page.get_by_label("I join as").select_option(label="Student")
    page.get_by_role("button", name="Sign Up", exact=True).click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    page.get_by_role("link", name="Outbox (development)").click()
    page.get_by_role("heading", name="Outbox (development)").wait_for()
    email = page.locator("article").filter(has_text="Please Confirm Your Email Address").first
    assert "zhou.newcomer@students.example" in email.inner_text()
    shot("outbox with the confirmation email")

    email.get_by_role("link", name="/accounts/confirm-email/").click()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("You have confirmed zhou.newcomer@students.example.").wait_for()
    shot("address confirmed")
    assert EmailAddress.objects.get(email="zhou.newcomer@students.example").verified
