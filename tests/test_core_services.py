"""Services of the program core, tested directly: memberships, invitations, center lifecycle."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from mentorship import services
from mentorship.models import AuditEntry, Membership, Notification, Role, ServiceCenter
from mentorship.scoping import center_scope
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def verbs(center):
    return list(AuditEntry.objects.filter(center=center).values_list("verb", flat=True))


def test_joining_as_student_is_audited_and_welcomed_by_email(
    center, django_capture_on_commit_callbacks
):
    person = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True), center_scope(center):
        membership = services.membership_join(center=center, user=person, role=Role.STUDENT)
    assert membership.role == Role.STUDENT
    assert verbs(center) == ["membership.joined"]
    notification = Notification.objects.get(user=person)
    assert notification.title == "Welcome to Alpha Center"
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_welcome_is_written_in_the_recipients_language(center):
    person = UserFactory(language="zh-hans")
    with center_scope(center):
        services.membership_join(center=center, user=person, role=Role.MENTOR)
    assert Notification.objects.get(user=person).title.startswith("欢迎")


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.BUREAU])
def test_staff_roles_cannot_be_chosen_without_an_invitation(center, role):
    with center_scope(center), pytest.raises(PermissionDenied):
        services.membership_join(center=center, user=UserFactory(), role=role)


def test_joining_twice_in_the_same_role_is_a_clear_error(center):
    person = UserFactory()
    with center_scope(center):
        services.membership_join(center=center, user=person, role=Role.STUDENT)
        with pytest.raises(ValidationError, match="already a member"):
            services.membership_join(center=center, user=person, role=Role.STUDENT)


def test_suspended_center_refuses_new_members(center):
    center.status = ServiceCenter.Status.SUSPENDED
    center.save()
    with center_scope(center), pytest.raises(PermissionDenied):
        services.membership_join(center=center, user=UserFactory(), role=Role.STUDENT)


def test_coordinator_invites_and_the_email_carries_the_link(
    center, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), center_scope(center):
        invitation = services.invitation_create(
            center=center, actor=coordinator, email="New.Colleague@Example.test", role=Role.BUREAU
        )
    assert invitation.email == "new.colleague@example.test"
    assert verbs(center) == ["invitation.created"]
    (message,) = mail.outbox
    assert message.to == ["new.colleague@example.test"]
    assert f"/c/{center.slug}/invitations/{invitation.token}/" in message.body
    # The address has no account: the email is in the language of the coordinator (Chinese,
    # the portal's default, as they never chose one).
    assert "甲中心" in message.body and "Alpha Center" not in message.body
    assert message.subject == "邀请您加入甲中心"


def test_only_coordinators_invite(center, member_factory):
    bureau = member_factory(center, Role.BUREAU)
    with center_scope(center), pytest.raises(PermissionDenied):
        services.invitation_create(
            center=center, actor=bureau, email="x@example.test", role="bureau"
        )


def test_program_staff_invite_a_coordinator_who_joins_by_the_link(
    center, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_program_staff=True)
    with django_capture_on_commit_callbacks(execute=True), center_scope(center):
        invitation = services.coordinator_invite(
            center=center, actor=staff, email="First.Coordinator@Example.test"
        )
    assert (invitation.role, invitation.invited_by) == (Role.COORDINATOR, staff)
    assert verbs(center) == ["invitation.created"]
    (message,) = mail.outbox
    assert f"/c/{center.slug}/invitations/{invitation.token}/" in message.body
    invitee = UserFactory(email="first.coordinator@example.test")
    with center_scope(center):
        membership = services.invitation_accept(invitation=invitation, user=invitee)
    assert membership.role == Role.COORDINATOR
    assert Notification.objects.filter(user=staff, kind="invitation_accepted").exists()


def test_only_program_staff_invite_coordinators_and_only_to_open_centers(center, coordinator):
    with center_scope(center), pytest.raises(PermissionDenied):
        services.coordinator_invite(center=center, actor=coordinator, email="x@example.test")
    staff = UserFactory(is_program_staff=True)
    for status in (ServiceCenter.Status.APPLIED, ServiceCenter.Status.SUSPENDED):
        center.status = status
        center.save(update_fields=["status"])
        with center_scope(center), pytest.raises((ValidationError, PermissionDenied)):
            services.coordinator_invite(center=center, actor=staff, email="x@example.test")
    assert verbs(center) == []


def test_students_cannot_be_invited_as_staff_roles_only(center, coordinator):
    with center_scope(center), pytest.raises(ValidationError) as error:
        services.invitation_create(
            center=center, actor=coordinator, email="x@example.test", role=Role.STUDENT
        )
    assert "role" in error.value.error_dict


def test_accepting_makes_a_member_and_tells_the_inviter(center, coordinator):
    invitation = InvitationFactory(center=center, invited_by=coordinator, role=Role.BUREAU)
    invitee = UserFactory(email=invitation.email)
    with center_scope(center):
        membership = services.invitation_accept(invitation=invitation, user=invitee)
    assert membership.role == Role.BUREAU
    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    assert Notification.objects.filter(user=coordinator, kind="invitation_accepted").exists()
    assert "invitation.accepted" in verbs(center)


def test_invitation_is_only_for_the_address_it_was_sent_to(center, coordinator):
    invitation = InvitationFactory(center=center, invited_by=coordinator)
    with center_scope(center), pytest.raises(PermissionDenied):
        services.invitation_accept(invitation=invitation, user=UserFactory())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": timedelta(minutes=-1)}, "expired"),
        ({"revoked_at": timedelta(0)}, "withdrawn"),
        ({"accepted_at": timedelta(0)}, "already been accepted"),
    ],
)
def test_expired_revoked_or_used_invitations_fail_clearly(center, change, message):
    # Times are given from now, read when the test runs (on the suite's day).
    change = {name: timezone.now() + offset for name, offset in change.items()}
    invitation = InvitationFactory(center=center, **change)
    with center_scope(center), pytest.raises(ValidationError, match=message):
        services.invitation_accept(invitation=invitation, user=UserFactory(email=invitation.email))
    with scopes_disabled():
        assert not Membership.objects.filter(user__email=invitation.email).exists()


def test_revoking_is_for_pending_invitations(center, coordinator):
    invitation = InvitationFactory(center=center)
    with center_scope(center):
        services.invitation_revoke(center=center, actor=coordinator, invitation=invitation)
        with pytest.raises(ValidationError):
            services.invitation_revoke(center=center, actor=coordinator, invitation=invitation)
    assert verbs(center) == ["invitation.revoked"]


def test_program_staff_license_activate_suspend_and_reactivate(center, coordinator):
    staff = UserFactory(is_program_staff=True)
    center.status = ServiceCenter.Status.APPLIED
    center.save()
    steps = [
        (ServiceCenter.Status.LICENSED, ""),
        (ServiceCenter.Status.ACTIVE, ""),
        (ServiceCenter.Status.SUSPENDED, "年度检查未通过"),
        (ServiceCenter.Status.ACTIVE, ""),
    ]
    with center_scope(center):
        for status, reason in steps:
            center = services.center_change_status(
                actor=staff, center=center, to=status, reason=reason
            )
            assert center.status == status
    assert center.license_number.startswith("MP-")
    assert verbs(center) == [
        "center.active",
        "center.suspended",
        "center.active",
        "center.licensed",
    ]
    assert Notification.objects.filter(user=coordinator, kind="center_status").count() == 4


def test_center_status_changes_are_for_program_staff_and_checked(center, coordinator):
    with center_scope(center):
        with pytest.raises(PermissionDenied):
            services.center_change_status(actor=coordinator, center=center, to="suspended")
        staff = UserFactory(is_program_staff=True)
        with pytest.raises(ValidationError, match="reason"):
            services.center_change_status(actor=staff, center=center, to="suspended")
        with pytest.raises(ValidationError):
            services.center_change_status(actor=staff, center=center, to="licensed")


def test_audit_trail_is_append_only(center):
    from mentorship.audit import audit

    entry = audit(center=center, actor=None, verb="test.done")
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(verb="changed")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).verb == "test.done"
