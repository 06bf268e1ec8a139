"""Email choices offer each person only the kinds of notification that can reach them."""

import pytest
from django.urls import reverse

from mentorship.models import CenterApplication, EmailPreference, NotificationKind, Role
from mentorship.notifications import AUDIENCES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

K = NotificationKind
STAFF_ONLY = {K.SUBSIDY_SUBMITTED, K.BASE_SUBMITTED, K.CENTER_APPLICATION, K.REPORT_READY}

# role -> kinds that must be offered, kinds that must not
EXPECTED = {
    Role.STUDENT: (
        {K.WELCOME, K.APPLICATION_STATUS, K.PROFILE_VERIFIED, K.PLACEMENT_ENDING},
        STAFF_ONLY | {K.NEW_APPLICANT, K.SUBSIDY_DECISION, K.BASE_DECISION, K.BOOTH_DECISION},
    ),
    Role.ENTERPRISE: (
        {K.NEW_APPLICANT, K.OFFER_RESPONSE, K.BASE_DECISION, K.SUBSIDY_DECISION, K.BOOTH_DECISION},
        STAFF_ONLY | {K.APPLICATION_STATUS, K.PROFILE_VERIFIED},
    ),
    Role.MENTOR: (
        {K.WELCOME, K.MEMBERSHIP_CHANGED},
        STAFF_ONLY | {K.APPLICATION_STATUS, K.NEW_APPLICANT, K.SUBSIDY_DECISION},
    ),
    Role.BUREAU: (
        {K.SUBSIDY_SUBMITTED, K.BASE_SUBMITTED, K.REPORT_READY},
        {K.APPLICATION_STATUS, K.NEW_APPLICANT, K.CENTER_APPLICATION},
    ),
    Role.COORDINATOR: (
        {K.INVITATION_ACCEPTED, K.CENTER_STATUS, K.REPORT_READY},
        {K.SUBSIDY_SUBMITTED, K.BASE_SUBMITTED, K.APPLICATION_STATUS, K.CENTER_APPLICATION},
    ),
}


def offered(client) -> set:
    form = client.get(reverse("notification_preferences")).context["form"]
    return set(form.fields)


def labels_on_page(client) -> str:
    return client.get(reverse("notification_preferences")).content.decode()


@pytest.mark.parametrize("role", list(EXPECTED), ids=str)
def test_each_role_is_offered_only_the_kinds_that_reach_it(client, center, member_factory, role):
    client.force_login(member_factory(center, role))
    kinds = offered(client)
    wanted, unwanted = EXPECTED[role]
    assert {k.value for k in wanted} <= kinds
    assert not kinds & {k.value for k in unwanted}


def test_student_is_not_offered_subsidy_claims_to_review(client, center, member_factory):
    client.force_login(member_factory(center, Role.STUDENT))
    page = labels_on_page(client)
    assert "Changes to applications" in page
    assert "Subsidy claims to review" not in page


def test_program_staff_are_offered_center_applications(client):
    client.force_login(UserFactory(is_program_staff=True))
    kinds = offered(client)
    assert {K.CENTER_APPLICATION, K.INVITATION_ACCEPTED, K.REPORT_READY} <= kinds
    assert K.APPLICATION_STATUS not in kinds


def test_who_applied_to_open_a_center_hears_the_answer(client):
    applicant = UserFactory()
    CenterApplication.objects.create(
        applicant=applicant,
        institution="安徽大学",
        city="合肥",
        contact_name="孙老师",
        contact_email="career@ahu.example",
        contact_phone="0551-63861234",
        coordinator_name="李老师",
        coordinator_email="li@ahu.example",
        plan="计划",
    )
    client.force_login(applicant)
    assert {K.CENTER_APPLICATION, K.CENTER_STATUS} <= offered(client)


def test_roles_in_several_centers_add_up(client, center, other_center, member_factory):
    person = member_factory(center, Role.STUDENT)
    member_factory(other_center, Role.BUREAU, user=person)
    client.force_login(person)
    assert {K.APPLICATION_STATUS, K.SUBSIDY_SUBMITTED} <= offered(client)


def test_saving_leaves_the_choices_of_kinds_not_offered_alone(client, center, member_factory):
    student = member_factory(center, Role.STUDENT)
    EmailPreference.objects.create(user=student, kind=K.SUBSIDY_SUBMITTED, send_email=False)
    client.force_login(student)
    client.post(reverse("notification_preferences"), {K.APPLICATION_STATUS: "on"})
    assert EmailPreference.objects.get(user=student, kind=K.WELCOME).send_email is False
    assert EmailPreference.objects.get(user=student, kind=K.APPLICATION_STATUS).send_email
    assert not EmailPreference.objects.get(user=student, kind=K.SUBSIDY_SUBMITTED).send_email


def test_every_notification_kind_says_who_it_reaches():
    """A kind nobody declared is offered to everyone; declare it in the sending app's
    notifications.py with register_audience."""
    undeclared = [kind.value for kind in NotificationKind if kind.value not in AUDIENCES]
    assert undeclared == []
