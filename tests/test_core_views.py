"""Pages of the program core: sign-up, suspension, notifications, console, MFA, language."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from mentorship.models import (
    AuditEntry,
    EmailPreference,
    Membership,
    Notification,
    Role,
    ServiceCenter,
    User,
)
from mentorship.notifications import notify
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def signup_data(center, **overrides):
    data = {
        "name": "林小满",
        "email": "xiaoman@students.example",
        "password1": "Lin-Xiaoman-2026",
        "password2": "Lin-Xiaoman-2026",
        "center": center.pk,
        "role": Role.STUDENT,
    }
    data.update(overrides)
    return data


def test_sign_up_joins_the_chosen_center_and_asks_to_verify_email(client, center):
    response = client.post(reverse("account_signup"), signup_data(center))
    assert response.status_code == 302
    user = User.objects.get(email="xiaoman@students.example")
    assert user.name == "林小满"
    assert not EmailAddress.objects.get(user=user).verified
    with scopes_disabled():
        assert list(Membership.objects.filter(user=user).values_list("center", "role")) == [
            (center.pk, Role.STUDENT)
        ]
    assert any("confirm-email" in m.body for m in mail.outbox)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.BUREAU])
def test_sign_up_cannot_choose_a_staff_role(client, center, role):
    response = client.post(reverse("account_signup"), signup_data(center, role=role))
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="xiaoman@students.example").exists()


def test_sign_up_cannot_choose_a_center_still_applying(client, center):
    center.status = ServiceCenter.Status.APPLIED
    center.save()
    response = client.post(reverse("account_signup"), signup_data(center))
    assert "center" in response.context["form"].errors


def test_unverified_person_cannot_sign_in(client, center):
    client.post(reverse("account_signup"), signup_data(center))
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "xiaoman@students.example", "password": "Lin-Xiaoman-2026"},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.test")
    pages = [
        client.post(
            reverse("account_login"),
            {"login": "target@example.test", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="en",
        ).content.decode()
        for _ in range(6)
    ]
    assert all("Too many failed login attempts" not in page for page in pages[:5])
    assert "Too many failed login attempts" in pages[5]
    right_password = client.post(
        reverse("account_login"),
        {"login": "target@example.test", "password": "test-pass-2026"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Too many failed login attempts" in right_password.content.decode()


def test_suspended_center_says_so_and_refuses_changes(client, center, member_factory):
    center.status = ServiceCenter.Status.SUSPENDED
    center.status_reason = "整改中"
    center.save()
    client.force_login(member_factory(center, Role.COORDINATOR))
    page = client.get(reverse("center:home", kwargs={"center_slug": center.slug}))
    assert "suspended" in page.content.decode()
    assert "整改中" in page.content.decode()
    response = client.post(
        reverse("center:members", kwargs={"center_slug": center.slug}),
        {"email": "x@example.test", "role": Role.BUREAU},
    )
    assert response.status_code == 403
    with scopes_disabled():
        assert not center.pk or not AuditEntry.objects.filter(verb="invitation.created").exists()


def test_notifications_page_lists_only_my_notifications(client, django_assert_max_num_queries):
    me, other = UserFactory(), UserFactory()
    for i in range(30):
        notify(me, "welcome", title=f"mine {i}")
    notify(other, "welcome", title="not yours")
    client.force_login(me)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("notifications"))
    body = response.content.decode()
    assert "mine 29" in body and "not yours" not in body
    assert response.context["unread_notifications"] == 30


def test_marking_a_notification_read_follows_its_link(client):
    me = UserFactory()
    notification = notify(me, "welcome", title="hello", url="/c/alpha/")
    client.force_login(me)
    response = client.post(reverse("notification_read"), {"pk": notification.pk})
    assert response.url == "/c/alpha/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_cannot_be_marked(client):
    notification = notify(UserFactory(), "welcome", title="hello")
    client.force_login(UserFactory())
    assert client.post(reverse("notification_read"), {"pk": notification.pk}).status_code == 404


@pytest.mark.parametrize("junk", ["abc", "1e3", "-1", "0", "99999999999999999999999", "页" * 5000])
def test_marking_junk_read_is_404_and_leaves_notifications_unread(client, junk):
    me = UserFactory()
    notification = notify(me, "welcome", title="hello")
    client.force_login(me)
    assert client.post(reverse("notification_read"), {"pk": junk}).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opting_out_of_an_email_kind_stops_only_the_email(client):
    me = UserFactory()
    client.force_login(me)
    data = {kind: "on" for kind, _ in Notification._meta.get_field("kind").choices}
    del data["welcome"]
    client.post(reverse("notification_preferences"), data)
    assert EmailPreference.objects.get(user=me, kind="welcome").send_email is False
    notification = notify(me, "welcome", title="in the app only")
    assert notification.email is None
    assert notify(me, "center_status", title="by email too").email is not None


def test_program_console_is_for_program_staff_and_audited(
    client, center, other_center, django_assert_max_num_queries
):
    client.force_login(UserFactory())
    assert client.get(reverse("program_console")).status_code == 403
    staff = UserFactory(is_program_staff=True)
    for _ in range(5):
        MembershipFactory(center=center)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("program_console"))
    assert {c.slug for c in response.context["centers"]} == {"alpha", "beta"}
    assert AuditEntry.objects.filter(actor=staff, verb="program.cross_center_read").exists()


def test_program_staff_suspend_a_center_from_the_console(client, center):
    client.force_login(UserFactory(is_program_staff=True))
    client.post(
        reverse("program_center_status", kwargs={"pk": center.pk}),
        {"to": "suspended", "reason": "资料不全"},
    )
    center.refresh_from_db()
    assert center.status == ServiceCenter.Status.SUSPENDED
    assert center.status_reason == "资料不全"


def test_center_members_page_has_constant_queries(
    client, center, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("center:members", kwargs={"center_slug": center.slug})
    for _ in range(3):
        MembershipFactory(center=center)
        InvitationFactory(center=center)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for _ in range(30):
        MembershipFactory(center=center)
        InvitationFactory(center=center)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["members"]) == 34


def test_invitation_link_creates_the_account_and_membership(client, center, coordinator):
    invitation = InvitationFactory(center=center, invited_by=coordinator, role=Role.BUREAU)
    url = reverse(
        "center:invitation_accept", kwargs={"center_slug": center.slug, "token": invitation.token}
    )
    response = client.post(
        url, {"name": "周岚", "password1": "Zhou-Lan-2026", "password2": "Zhou-Lan-2026"}
    )
    assert response.status_code == 302
    user = User.objects.get(email=invitation.email)
    assert EmailAddress.objects.get(user=user).verified
    with scopes_disabled():
        assert Membership.objects.get(user=user).role == Role.BUREAU


def test_invitation_form_errors_are_beside_the_fields(client, center):
    invitation = InvitationFactory(center=center)
    url = reverse(
        "center:invitation_accept", kwargs={"center_slug": center.slug, "token": invitation.token}
    )
    response = client.post(url, {"name": "", "password1": "abc", "password2": "abd"})
    form = response.context["form"]
    assert set(form.errors) == {"name", "password2"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_expired_invitation_page_says_so(client, center):
    from django.utils import timezone

    invitation = InvitationFactory(center=center, expires_at=timezone.now())
    url = reverse(
        "center:invitation_accept", kwargs={"center_slug": center.slug, "token": invitation.token}
    )
    response = client.get(url)
    assert "expired" in response.content.decode()
    assert response.context["form"] is None


def test_staff_must_enrol_mfa_where_required(client, settings, center, member_factory):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(member_factory(center, Role.BUREAU))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    client.force_login(member_factory(center, Role.STUDENT))
    assert client.get(reverse("notifications")).status_code == 200


def test_language_choice_is_remembered_on_the_account(client):
    me = UserFactory(language="")
    client.force_login(me)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    me.refresh_from_db()
    assert me.language == "en"


def test_language_cookie_is_hidden_from_scripts_and_other_sites(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    header = response.cookies["django_language"].output().lower()
    assert "django_language=en" in header
    assert "httponly" in header
    assert "samesite=lax" in header


def test_every_cookie_is_secure_httponly_and_lax_in_production():
    import secrets
    import sys

    from tests.test_quality import run

    names = ("SESSION", "CSRF", "LANGUAGE")
    flags = ", ".join(
        f"s.{name}_COOKIE_SECURE, s.{name}_COOKIE_HTTPONLY, s.{name}_COOKIE_SAMESITE"
        for name in names
    )
    result = run(
        sys.executable,
        "manage.py",
        "shell",
        "-v0",
        "-c",
        f"from django.conf import settings as s; print({flags})",
        env={
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "portal.example.cn",
            "DEBUG": "0",
        },
    )
    assert result.stdout.split() == ["True", "True", "Lax"] * len(names), result.stderr


def test_staff_with_an_authenticator_work_and_removing_it_asks_again(
    client, settings, center, member_factory
):
    from importlib import import_module

    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_removed
    from django.conf import settings as django_settings
    from django.test import RequestFactory

    from mentorship.middleware import MFA_CHECKED_KEY

    settings.MFA_REQUIRED_FOR_STAFF = True
    bureau = member_factory(center, Role.BUREAU)
    authenticator = Authenticator.objects.create(
        user=bureau, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(bureau)
    assert client.get(reverse("dashboard")).status_code in (200, 302)
    assert client.get(reverse("notifications")).status_code == 200
    assert client.session[MFA_CHECKED_KEY] == bureau.pk

    # The configured engine (cached_db with Redis): the signal works on the request's session.
    SessionStore = import_module(django_settings.SESSION_ENGINE).SessionStore
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key=client.session.session_key)
    authenticator.delete()
    authenticator_removed.send(
        sender=Authenticator, request=request, user=bureau, authenticator=authenticator
    )
    request.session.save()
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
