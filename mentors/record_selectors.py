"""Reads of mentors' records: whose record a visitor may open, and the mentors of a list."""

from django.db.models import Q
from django.http import Http404

from mentorship.models import Membership, Role
from mentorship.request_values import parse_id


def mentor_memberships(*, center=None, search: str = ""):
    """The mentors' memberships of a center (of every center with None, inside program
    staff's scope), by name; people who left stay, their record is kept."""
    rows = Membership.objects.filter(role=Role.MENTOR).select_related(
        "user", "user__mentor_profile", "center"
    )
    if center is not None:
        rows = rows.filter(center=center)
    if search:
        rows = rows.filter(Q(user__name__icontains=search) | Q(user__email__icontains=search))
    return rows.order_by("user__name", "user_id", "center_id")


def access_record_mentor(*, center, viewer, roles, pk):
    """The mentor whose record the viewer opens here: coordinators any mentor of the center,
    a mentor only themselves; 404 alike for a missing, foreign or forbidden record."""
    if parse_id(pk) is None or (Role.COORDINATOR not in roles and pk != viewer.pk):
        raise Http404
    membership = mentor_memberships(center=center).filter(user_id=pk).first()
    if membership is None:
        raise Http404
    return membership.user
