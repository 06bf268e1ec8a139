"""Reads of the program core; each fails the same way for "missing" and "not yours"."""

from collections import OrderedDict

from django.db.models import Count
from django.shortcuts import get_object_or_404

from mentorship.models import (
    CenterApplication,
    Invitation,
    Membership,
    Notification,
    Role,
    ServiceCenter,
    University,
    User,
)
from mentorship.scoping import own_rows_across_centers


def memberships_by_center(user):
    """The user's active memberships grouped per center: [(center, [roles…]), …]."""
    if hasattr(user, "_memberships_by_center"):
        return user._memberships_by_center
    with own_rows_across_centers():
        rows = list(
            Membership.objects.filter(user=user, is_active=True)
            .select_related("center")
            .order_by("center_id", "pk")
        )
    grouped: OrderedDict = OrderedDict()
    for membership in rows:
        grouped.setdefault(membership.center, []).append(membership)
    user._memberships_by_center = list(grouped.items())
    return user._memberships_by_center


def unread_notification_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def access_invitation(*, center, token: str) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("center"), center=center, token=token
    )


def access_invitation_by_pk(*, center, pk) -> Invitation:
    return get_object_or_404(Invitation.objects.all(), center=center, pk=pk)


def access_center_for_program_staff(*, pk) -> ServiceCenter:
    """Any center, whatever its status: callers are program staff (checked by the view)."""
    return get_object_or_404(ServiceCenter.objects.all(), pk=pk)


def center_members(*, center):
    return (
        Membership.objects.filter(center=center, is_active=True)
        .select_related("user")
        .order_by("role", "pk")
    )


def center_invitations(*, center):
    return Invitation.objects.filter(center=center).select_related("invited_by").order_by("-pk")


def members_with_role(*, center, role):
    """The active people who hold `role` in `center` (bureau staff, coordinators…)."""
    return User.objects.filter(
        is_active=True,
        memberships__in=Membership.objects.filter(center=center, role=role, is_active=True),
    ).distinct()


def center_roles(*, center) -> list:
    """(role label, active members) of every role, for the console."""
    roles = dict(
        Membership.objects.filter(center=center, is_active=True)
        .values_list("role")
        .annotate(n=Count("pk"))
    )
    return [(label, roles.get(value, 0)) for value, label in Role.choices]


def center_universities(*, center):
    return University.objects.filter(center=center).order_by("pk")


def access_university(*, center, pk) -> University:
    return get_object_or_404(University.objects.all(), center=center, pk=pk)


def access_membership(*, center, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), center=center, pk=pk, is_active=True
    )


def center_applications(*, status: str = ""):
    applications = CenterApplication.objects.select_related("center", "applicant")
    if status:
        applications = applications.filter(status=status)
    return applications


def access_center_application(*, pk) -> CenterApplication:
    return get_object_or_404(CenterApplication.objects.select_related("center"), pk=pk)
