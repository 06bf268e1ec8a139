"""Memberships and invitations: who belongs to a center, in which role."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.links import center_url
from mentorship.mail import absolute_url, address_language
from mentorship.models import (
    STAFF_ROLES,
    Invitation,
    Membership,
    NotificationKind,
    Role,
    User,
)
from mentorship.notifications import notify, send_email
from mentorship.services.common import ensure_center_can_act, ensure_role


@transaction.atomic
def membership_join(*, center, user, role, actor=None, via=None) -> Membership:
    """Make `user` a member of `center` in `role`.

    Staff roles come only through an invitation (`via`); the others anyone may choose.
    """
    ensure_center_can_act(center)
    if not center.is_open:
        raise ValidationError(_("This service center does not accept members yet."))
    if role in STAFF_ROLES and via is None:
        raise PermissionDenied(_("Coordinators and bureau staff join only by invitation."))
    membership, created = Membership.objects.get_or_create(
        center=center, user=user, role=role, defaults={"is_active": True}
    )
    if not created and membership.is_active:
        raise ValidationError(_("You are already a member of this service center in this role."))
    if not created:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    audit(
        center=center,
        actor=actor or user,
        verb="membership.joined",
        target=membership,
        after={"role": role, "invitation": via.pk if via else None},
    )
    notify(
        user,
        NotificationKind.WELCOME,
        center=center,
        title=lambda: _("Welcome to %(center)s") % {"center": center.name},
        body=lambda: (
            _("You are now a member of %(center)s as %(role)s.")
            % {"center": center.name, "role": membership.get_role_display()}
        ),
        url=center_url(center),
    )
    return membership


@transaction.atomic
def invitation_create(*, center, actor, email: str, role: str) -> Invitation:
    """A coordinator invites someone by email to join `center` as coordinator or bureau staff."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("Invite coordinators or bureau staff only.")})
    return invitation_send(center=center, actor=actor, email=email, role=role)


@transaction.atomic
def coordinator_invite(*, center, actor, email: str) -> Invitation:
    """Program staff invite a coordinator to an open center, as licensing invites its
    first one: a center whose coordinators have left, or one that was open before it had
    any on the portal."""
    if not actor.is_program_staff:
        raise PermissionDenied(_("Only program staff invite coordinators to a service center."))
    ensure_center_can_act(center)
    if not center.is_open:
        raise ValidationError(_("This service center does not accept members yet."))
    return invitation_send(center=center, actor=actor, email=email, role=Role.COORDINATOR)


def invitation_send(
    *, center, actor, email: str, role: str, ttl_days: int = 7, language: str = ""
) -> Invitation:
    """Write the invitation and email its link; callers have checked who may invite.

    `language` is the one to write in if the address has no account yet (else the inviter's).
    """
    email = email.strip().lower()
    if Membership.objects.filter(
        center=center, user__email__iexact=email, role=role, is_active=True
    ).exists():
        raise ValidationError({"email": _("This person is already a member in this role.")})
    invitation = Invitation.objects.create(
        center=center,
        email=email,
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=ttl_days),
    )
    audit(
        center=center,
        actor=actor,
        verb="invitation.created",
        target=invitation,
        after={"email": email, "role": role},
    )
    link = absolute_url(center_url(center, "center:invitation_accept", token=invitation.token))
    send_email(
        "invitation",
        to=email,
        # Without an account, the invitee most likely reads what the one who named them writes.
        language=address_language(email, language, actor),
        center=center,
        context={
            "inviter": actor.get_full_name(),
            "role": Role(role).label,
            "expires_at": invitation.expires_at,
            "link": link,
        },
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, center, actor, invitation) -> Invitation:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.state != "pending":
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit(center=center, actor=actor, verb="invitation.revoked", target=invitation)
    return invitation


def invitation_problem(invitation) -> str | None:
    """Why this invitation cannot be accepted, in words for the invitee; None if it can."""
    state = invitation.state
    if state == "expired":
        return _("This invitation has expired. Ask the coordinator to invite you again.")
    if state == "revoked":
        return _("This invitation was withdrawn by the service center.")
    if state == "accepted":
        return _("This invitation has already been accepted.")
    center = invitation.center
    if center.is_suspended:
        return _("This service center is suspended; invitations cannot be accepted now.")
    return None


@transaction.atomic
def invitation_accept(*, invitation, user) -> Membership:
    """Accept an invitation as `user`, whose verified email must be the one invited."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            _("This invitation was sent to another email address. Sign in as %(email)s.")
            % {"email": invitation.email}
        )
    center = invitation.center
    membership = membership_join(
        center=center, user=user, role=invitation.role, actor=user, via=invitation
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit(center=center, actor=user, verb="invitation.accepted", target=invitation)
    if invitation.invited_by:
        notify(
            invitation.invited_by,
            NotificationKind.INVITATION_ACCEPTED,
            center=center,
            title=lambda: _("%(name)s accepted your invitation") % {"name": user.get_full_name()},
            body=lambda: (
                _("%(email)s joined %(center)s as %(role)s.")
                % {
                    "email": user.email,
                    "center": center.name,
                    "role": invitation.get_role_display(),
                }
            ),
            url=center_url(center, "center:members"),
        )
    return membership


@transaction.atomic
def user_create_from_invitation(*, invitation, name: str, password: str) -> User:
    """A person without an account accepts: the link reached their inbox, so the address
    counts as verified."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=invitation.email, password=password, name=name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def membership_remove(*, center, actor, membership) -> Membership:
    """A coordinator removes a member; the center always keeps one coordinator."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    membership = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationError(_("This membership has already ended."))
    if membership.role == Role.COORDINATOR:
        others = Membership.objects.filter(
            center=center, role=Role.COORDINATOR, is_active=True
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError(_("The center must keep at least one coordinator."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit(
        center=center,
        actor=actor,
        verb="membership.removed",
        target=membership,
        before={"role": membership.role, "active": True},
        after={"active": False},
    )
    notify(
        membership.user,
        NotificationKind.MEMBERSHIP_CHANGED,
        center=center,
        title=lambda: (
            _("Your role as %(role)s in %(center)s has ended")
            % {"role": membership.get_role_display(), "center": center.name}
        ),
        url=center_url(center),
    )
    return membership
