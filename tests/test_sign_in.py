"""Signing in: each role lands where its work is, in the account's language."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from mentorship.models import Membership, Role, ServiceCenter
from tests.bases.factories import EnterpriseFactory, TrainingBaseFactory
from tests.factories import PASSWORD, ServiceCenterFactory, UserFactory
from tests.students.factories import StudentProfileFactory
from tests.subsidies.factories import claim_row

pytestmark = pytest.mark.django_db


def sign_in(client, user, **params):
    url = reverse("account_login")
    if params:
        url += "?" + urlencode(params)
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, "the sign-in was refused"
    return response


def landing(client, user, **params) -> str:
    return sign_in(client, user, **params).url


def center_path(center, name, **kwargs):
    return reverse(name, kwargs={"center_slug": center.slug, **kwargs})


# Landing per role


def test_program_staff_land_on_the_program_console(client):
    staff = UserFactory(is_program_staff=True)
    assert landing(client, staff) == reverse("program_console")


def test_coordinator_lands_on_the_center_console(client, center, member_factory):
    assert landing(client, member_factory(center, Role.COORDINATOR)) == center_path(
        center, "center:console"
    )


def test_mentor_lands_on_the_center_home(client, center, member_factory):
    assert landing(client, member_factory(center, Role.MENTOR)) == center_path(
        center, "center:home"
    )


def test_student_without_a_profile_lands_on_complete_your_profile(client, center, member_factory):
    student = member_factory(center, Role.STUDENT)
    target = landing(client, student)
    assert target == center_path(center, "center:students:profile")
    page = client.get(target).content.decode()
    assert "Complete your profile" in page


def test_student_with_an_incomplete_profile_lands_there_until_it_is_complete(
    client, center, unscoped
):
    profile = StudentProfileFactory(center=center, phone="")
    assert landing(client, profile.user) == center_path(center, "center:students:profile")
    client.logout()
    profile.phone = "13812345678"
    profile.save()
    assert landing(client, profile.user) == center_path(center, "center:students:student_home")


def test_bureau_staff_land_on_the_base_review_queue(client, center, member_factory, unscoped):
    bureau = member_factory(center, Role.BUREAU)
    TrainingBaseFactory(center=center, submitted=True)
    assert landing(client, bureau) == center_path(center, "center:bases:base_queue")


def test_bureau_staff_land_on_the_subsidy_queue_when_only_claims_wait(
    client, center, member_factory, unscoped
):
    bureau = member_factory(center, Role.BUREAU)
    base = TrainingBaseFactory(center=center, recognized=True)
    claim_row(center, base, 1)
    assert landing(client, bureau) == center_path(center, "center:subsidies:claim_queue")


def test_enterprise_representative_lands_on_their_enterprise(client, center, member_factory):
    rep = member_factory(center, Role.ENTERPRISE)
    enterprise = EnterpriseFactory(representatives=[rep])
    assert landing(client, rep) == center_path(
        center, "center:bases:enterprise_detail", pk=enterprise.pk
    )


def test_representative_without_an_enterprise_lands_on_registering_it(
    client, center, member_factory
):
    rep = member_factory(center, Role.ENTERPRISE)
    assert landing(client, rep) == center_path(center, "center:bases:enterprise_register")


def test_person_without_a_membership_lands_on_the_dashboard(client):
    assert landing(client, UserFactory()) == reverse("dashboard")


# Several memberships


def test_staff_work_comes_before_a_student_role(client, center, member_factory):
    person = member_factory(center, Role.STUDENT, Role.MENTOR, Role.BUREAU, Role.COORDINATOR)
    assert landing(client, person) == center_path(center, "center:console")


def test_the_best_role_wins_across_centers(client, center, other_center, member_factory):
    person = member_factory(center, Role.MENTOR)
    member_factory(other_center, Role.COORDINATOR, user=person)
    assert landing(client, person) == center_path(other_center, "center:console")


def test_same_role_in_two_centers_lands_in_the_one_joined_first(
    client, center, other_center, member_factory
):
    person = member_factory(other_center, Role.MENTOR)
    member_factory(center, Role.MENTOR, user=person)
    assert landing(client, person) == center_path(other_center, "center:home")


def test_a_center_still_applying_or_a_lost_role_is_skipped(client, center, member_factory):
    applying = ServiceCenterFactory(slug="applying", status=ServiceCenter.Status.APPLIED)
    person = member_factory(applying, Role.COORDINATOR)
    member_factory(center, Role.BUREAU, user=person)
    member_factory(center, Role.MENTOR, user=person)
    with scopes_disabled():
        Membership.objects.filter(user=person, role=Role.BUREAU).update(is_active=False)
    assert landing(client, person) == center_path(center, "center:home")


def test_a_safe_next_always_wins(client, center, member_factory):
    coordinator = member_factory(center, Role.COORDINATOR)
    events = center_path(center, "center:events:list")
    assert landing(client, coordinator, next=events) == events


def test_an_unsafe_next_is_ignored(client, center, member_factory):
    coordinator = member_factory(center, Role.COORDINATOR)
    target = landing(client, coordinator, next="https://evil.example/")
    assert target == center_path(center, "center:console")


# Program staff are not offered to join


def test_program_staff_are_not_asked_to_join_a_center(client, center):
    staff = UserFactory(is_program_staff=True)
    client.force_login(staff)
    home = client.get(center_path(center, "center:home")).content.decode()
    assert "I join as" not in home
    assert "Join this center" not in home
    assert "You oversee this service center as program staff." in home
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "You are not a member of any service center yet" not in dashboard
    assert "from the program console" in dashboard


def test_a_person_without_a_role_is_still_offered_to_join(client, center):
    client.force_login(UserFactory())
    home = client.get(center_path(center, "center:home")).content.decode()
    assert "I join as" in home


# The account's language


@pytest.mark.parametrize(
    ("account_language", "browser_language", "seen", "not_seen"),
    [
        ("en", "zh-CN,zh;q=0.9", "Coordinator console", "协调员工作台"),
        ("zh-hans", "en-US,en;q=0.9", "协调员工作台", "Coordinator console"),
    ],
    ids=["english-account-chinese-browser", "chinese-account-english-browser"],
)
def test_sign_in_switches_to_the_accounts_language(
    center, member_factory, account_language, browser_language, seen, not_seen
):
    browser = Client(HTTP_ACCEPT_LANGUAGE=browser_language)
    user = member_factory(center, Role.COORDINATOR, user=UserFactory(language=account_language))
    response = sign_in(browser, user)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == account_language
    page = browser.get(response.url).content.decode()
    assert f'<html lang="{account_language}">' in page
    assert seen in page
    assert not_seen not in page


def test_sign_in_keeps_the_browsers_language_when_the_account_has_none(center, member_factory):
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    user = member_factory(center, Role.COORDINATOR, user=UserFactory(language=""))
    response = sign_in(browser, user)
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="zh-hans">' in browser.get(response.url).content.decode()


def test_sign_in_message_is_in_the_accounts_language(center, member_factory):
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    user = member_factory(center, Role.MENTOR, user=UserFactory(language="en", name="Wang Min"))
    response = sign_in(browser, user)
    page = browser.get(response.url).content.decode()
    assert "Successfully signed in as" in page
