"""Reads of the program core; each fails the same way for "missing" and "not yours"."""

from collections import OrderedDict

from django.core.cache import cache
from django.db.models import Count
from django.shortcuts import get_object_or_404

from mentorship.models import (
    CalendarFeed,
    CenterApplication,
    EmailPreference,
    Invitation,
    Membership,
    Notification,
    Role,
    ServiceCenter,
    University,
    User,
)
from mentorship.scoping import own_rows_across_centers
from mentorship.visitor import CENTER_SECONDS, FRAME_SECONDS, center_key, frame_key


def center_by_slug(slug: str, *, kept: dict | None = None):
    """The center of a URL's slug, or None; `kept`: the cache already read for this request
    (`visitor.kept`)."""
    center = cache.get(center_key(slug)) if kept is None else kept.get(center_key(slug))
    if center is None:
        center = ServiceCenter.objects.filter(slug=slug).first()
        if center is not None:
            cache.set(center_key(slug), center, CENTER_SECONDS)
    return center


def visitor_frame(user) -> dict:
    """`{"memberships": [(center, [membership…]), …], "unread": n}` for a signed-in user."""
    if hasattr(user, "_visitor_frame"):
        return user._visitor_frame
    frame = cache.get(frame_key(user.pk))
    if frame is None:
        with own_rows_across_centers():
            rows = list(
                Membership.objects.filter(user=user, is_active=True)
                .select_related("center")
                .order_by("center_id", "pk")
            )
        grouped: OrderedDict = OrderedDict()
        for membership in rows:
            grouped.setdefault(membership.center, []).append(membership)
        frame = {
            "memberships": list(grouped.items()),
            "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        }
        cache.set(frame_key(user.pk), frame, FRAME_SECONDS)
    user._visitor_frame = frame
    return frame


def roles_in(user, center) -> frozenset:
    """The visitor's active roles in `center`."""
    for member_center, memberships in visitor_frame(user)["memberships"]:
        if member_center.pk == center.pk:
            return frozenset(m.role for m in memberships)
    return frozenset()


def memberships_by_center(user):
    """The user's active memberships grouped per center: [(center, [membership…]), …]."""
    return visitor_frame(user)["memberships"]


def unread_notification_count(user) -> int:
    return visitor_frame(user)["unread"]


def access_notification(*, user, pk) -> Notification:
    """One of the user's own notifications, read or not; 404 for anyone else's."""
    return get_object_or_404(Notification.objects.all(), user=user, pk=pk)


def email_preferences(user) -> dict:
    """The kinds of notification the user chose about, and whether they want them by email."""
    return dict(EmailPreference.objects.filter(user=user).values_list("kind", "send_email"))


def account_exists(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def listed_centers():
    """The centers the portal's home lists: every one past its application."""
    return ServiceCenter.objects.filter(
        status__in=[
            ServiceCenter.Status.LICENSED,
            ServiceCenter.Status.ACTIVE,
            ServiceCenter.Status.SUSPENDED,
        ]
    ).order_by("pk")


def all_centers():
    """Every center whatever its status, oldest first: for program staff."""
    return ServiceCenter.objects.order_by("pk")


def centers_with_member_counts() -> list[ServiceCenter]:
    """Every center with its count of active members (`member_count`).

    Counting reads every center's memberships: callers hold a `program_scope`.
    """
    centers = list(all_centers())
    counts = dict(
        Membership.objects.filter(is_active=True)
        .values_list("center")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for center in centers:
        center.member_count = counts.get(center.pk, 0)
    return centers


def access_invitation(*, center, token: str) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("center"), center=center, token=token
    )


def access_invitation_by_pk(*, center, pk) -> Invitation:
    return get_object_or_404(Invitation.objects.all(), center=center, pk=pk)


def access_center_for_program_staff(*, pk) -> ServiceCenter:
    """Any center, whatever its status: callers are program staff (checked by the view)."""
    return get_object_or_404(ServiceCenter.objects.all(), pk=pk)


def program_center_or_none(*, pk) -> ServiceCenter | None:
    """The center program staff chose to narrow a program-wide page to, if it exists."""
    return ServiceCenter.objects.filter(pk=pk).first()


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


# A person's calendar address


def calendar_feed_of(*, center, user) -> CalendarFeed | None:
    """The person's address in the center: their own newest live one (an address carried
    over from an earlier feed only when they have no other)."""
    return (
        CalendarFeed.objects.filter(center=center, user=user, revoked_at__isnull=True)
        .order_by("carried_over", "-created_at", "-pk")
        .first()
    )


def calendar_feed_by_token(*, center, token: str) -> CalendarFeed | None:
    """The live address a calendar app asks for by its secret; None for any other token."""
    if not token:
        return None
    return (
        CalendarFeed.objects.filter(
            center=center, token=token, revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
