"""WeChat sign-in against a fake WeChat: the access-token and user-info answers are made
up here, the rest is the portal and allauth as a person meets them. A new WeChat user
chooses a center and role and verifies an email; a member connects WeChat to their
account and signs in with it; one WeChat identity never serves two accounts."""

import re
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import override_settings
from django_scopes import scopes_disabled

from mentorship.models import Membership, Role, User

ACCESS_TOKEN_URL = "https://api.weixin.qq.com/sns/oauth2/access_token"
USERINFO_URL = "https://api.weixin.qq.com/sns/userinfo"

WECHAT_ON = override_settings(
    WECHAT_ENABLED=True,
    SOCIALACCOUNT_PROVIDERS={
        "weixin": {
            "APPS": [{"client_id": "wx-test-app", "secret": "wx-test-secret"}],
            "SCOPE": ["snsapi_login"],
        }
    },
)


class FakeResponse:
    def __init__(self, payload, status_code=200):
        self.payload = payload
        self.status_code = status_code
        self.content = repr(payload).encode()

    def json(self):
        return self.payload

    def raise_for_status(self):
        if self.status_code >= 400:
            raise RuntimeError(self.status_code)


class FakeWeChat:
    """Answers the two calls the provider makes, for the person with `openid`."""

    def __init__(self, openid, nickname="微信用户小林"):
        self.openid = openid
        self.nickname = nickname
        self.calls = []

    def request(self, method, url, params=None, data=None, **kwargs):
        self.calls.append(url)
        if url == ACCESS_TOKEN_URL:
            sent = params or data or {}
            assert sent["appid"] == "wx-test-app" and sent["code"] == "fake-code"
            return FakeResponse(
                {"access_token": "fake-token", "expires_in": 7200, "openid": self.openid}
            )
        if url == USERINFO_URL:
            assert params == {"access_token": "fake-token", "openid": self.openid}
            # WeChat sends UTF-8 without a charset, which requests reads as Latin-1; the
            # provider turns it back, so the fake answers the same way.
            nickname = self.nickname.encode().decode("latin-1")
            return FakeResponse({"openid": self.openid, "nickname": nickname})
        raise AssertionError(f"unexpected request to {url}")


def wechat_round_trip(client, openid, *, process="login"):
    """Press the WeChat button, come back from WeChat with a code; the final response."""
    start = client.post("/accounts/weixin/login/", {"process": process})
    assert start.status_code == 302
    target = urlsplit(start.url)
    assert target.netloc == "open.weixin.qq.com"
    state = parse_qs(target.query)["state"][0]
    fake = FakeWeChat(openid)
    with mock.patch("requests.Session.request", autospec=False, side_effect=fake.request):
        response = client.get(
            "/accounts/weixin/login/callback/", {"code": "fake-code", "state": state}
        )
    assert fake.calls == [ACCESS_TOKEN_URL, USERINFO_URL]
    return response


def test_wechat_is_off_without_its_settings(client, db):
    assert "weixin" not in client.get("/accounts/login/").content.decode()
    assert client.post("/accounts/weixin/login/").status_code == 404


@WECHAT_ON
def test_new_wechat_user_chooses_center_and_role_and_verifies_email(client, center):
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/weixin/login/" in page
    assert "Sign in with WeChat" in page or "微信登录" in page
    client.get(f"/accounts/signup/?center={center.slug}")
    response = wechat_round_trip(client, "openid-new-1")
    assert response.status_code == 302
    assert response.url == "/accounts/3rdparty/signup/"
    form = client.get(response.url)
    assert form.context["form"]["center"].value() == center.pk
    assert form.context["form"]["name"].value() == "微信用户小林"
    response = client.post(
        "/accounts/3rdparty/signup/",
        {"name": "林晓", "email": "lin@example.cn", "center": center.pk, "role": Role.STUDENT},
    )
    assert response.status_code == 302
    user = User.objects.get(email="lin@example.cn")
    assert user.name == "林晓"
    with scopes_disabled():
        assert Membership.objects.filter(user=user, center=center, role=Role.STUDENT).exists()
    assert SocialAccount.objects.get(uid="openid-new-1").user == user
    # Not signed in until the email is verified.
    assert "_auth_user_id" not in client.session
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body).group(0)
    client.post(urlsplit(link).path)
    response = wechat_round_trip(client, "openid-new-1")
    assert int(client.session["_auth_user_id"]) == user.pk


@WECHAT_ON
def test_member_connects_wechat_and_signs_in_with_it(client, center, member_factory):
    member = member_factory(center, Role.STUDENT)
    client.force_login(member)
    assert "/accounts/3rdparty/" in client.get("/dashboard/", follow=True).content.decode()
    page = client.get("/accounts/3rdparty/").content.decode()
    assert "/accounts/weixin/login/" in page
    assert "Connect WeChat" in page or "绑定微信" in page
    wechat_round_trip(client, "openid-member", process="connect")
    assert SocialAccount.objects.get(uid="openid-member").user == member
    client.logout()
    wechat_round_trip(client, "openid-member")
    assert int(client.session["_auth_user_id"]) == member.pk


@WECHAT_ON
def test_one_wechat_identity_never_serves_a_second_account(client, center, member_factory):
    first = member_factory(center, Role.STUDENT)
    second = member_factory(center, Role.ENTERPRISE)
    client.force_login(first)
    wechat_round_trip(client, "openid-shared", process="connect")
    client.logout()
    client.force_login(second)
    response = wechat_round_trip(client, "openid-shared", process="connect")
    assert response.status_code == 302
    assert list(SocialAccount.objects.values_list("user_id", flat=True)) == [first.pk]
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert any("already" in m for m in messages)
