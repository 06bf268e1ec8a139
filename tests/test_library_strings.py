"""The libraries' words on our pages read in Chinese too: strings their catalogs lack, and
words of ours that would otherwise stand in for theirs (our catalog is looked up first)."""

import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation

from mentorship.library_strings import LIBRARY_STRINGS
from mentorship.models import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
# Texts that are not words to translate: a person's data and the code shown to copy.
DATA = re.compile(r"[A-Z2-7]{16,}|\S+@\S+|Person \d+")


def english_on(response) -> list[str]:
    """Visible texts of the page's main part with an English word and no Chinese."""
    main = re.search(r"(?s)<main.*</main>", response.content.decode()).group(0)
    main = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<img[^>]*>", "", main)
    texts = re.findall(r">([^<]+)<", main)
    texts += re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', main)
    found = []
    for text in (html.unescape(t).strip() for t in texts):
        words = DATA.sub("", text)
        if re.search(r"[A-Za-z]{2,}", words) and not re.search(r"[\u4e00-\u9fff]", words):
            found.append(text)
    return found


def test_every_listed_library_string_has_its_chinese():
    with translation.override("zh-hans"):
        for source in LIBRARY_STRINGS:
            assert translation.gettext(source) != source, source


def test_a_required_select_starts_with_chinese_on_chinese_pages(client, center, coordinator):
    client.force_login(coordinator)
    url = reverse("center:events:create", kwargs={"center_slug": center.slug})
    page = client.get(url, **ZH).content.decode()
    assert '<option value="" selected>- 请选择 -</option>' in page
    assert "Select an option" not in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="" selected>- Select an option -</option>' in english


ANONYMOUS_FORMS = [
    ("/accounts/signup/", {"email": "bad", "password1": "123", "password2": "456"}),
    ("/accounts/login/", {"login": "nobody@example.test", "password": "wrong"}),
    ("/accounts/password/reset/", {"email": "nobody"}),
]


@pytest.mark.parametrize(("path", "bad_input"), ANONYMOUS_FORMS)
def test_sign_up_sign_in_and_password_reset_read_in_chinese(client, path, bad_input):
    assert english_on(client.get(path, **ZH)) == []
    refused = client.post(path, bad_input, **ZH)
    assert refused.status_code == 200
    assert english_on(refused) == []


def test_password_reset_sent_page_reads_in_chinese(client):
    assert english_on(client.get("/accounts/password/reset/done/", **ZH)) == []


@pytest.fixture
def signed_in(client, center, member_factory):
    """A bureau member signed in by password just now, as MFA pages require."""
    user = member_factory(center, Role.BUREAU)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, **ZH)
    return user


@pytest.mark.parametrize(
    "path", ["/accounts/2fa/", "/accounts/email/", "/accounts/password/change/"]
)
def test_account_pages_read_in_chinese(client, signed_in, path):
    assert english_on(client.get(path, **ZH)) == []


def test_the_email_page_says_verified_as_for_an_email_address(client, signed_in):
    assert EmailAddress.objects.get(user=signed_in).verified
    page = client.get("/accounts/email/", **ZH).content.decode()
    assert "已验证" in page
    assert "已认证" not in page  # a student's verification by the university


def test_turning_on_the_authenticator_reads_in_chinese(client, signed_in):
    response = client.get("/accounts/2fa/totp/activate/", **ZH)
    if response.status_code == 302:  # confirm the password first
        client.post(response["Location"], {"password": PASSWORD}, **ZH)
        response = client.get("/accounts/2fa/totp/activate/", **ZH)
    page = response.content.decode()
    assert re.search(r"<button[^>]*>\s*激活\s*</button>", page)
    assert "启动运营" not in page  # licensing's "Activate" of a service center
    assert english_on(response) == []
    refused = client.post("/accounts/2fa/totp/activate/", {"code": "123"}, **ZH)
    assert english_on(refused) == []
