"""Pieces the students services share: who may act, who hears about it, date arithmetic."""

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bases.models import Enterprise
from mentorship.models import Role, User
from mentorship.services import ensure_center_can_act, ensure_role


def students_url(center, name: str, **kwargs) -> str:
    """A page of this app in `center`, by its name within the app ("placement_detail")."""
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


def ensure_student(actor, center) -> None:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)


def is_representative(user, enterprise_id) -> bool:
    return Enterprise.representatives.through.objects.filter(
        enterprise_id=enterprise_id, user_id=user.pk
    ).exists()


def ensure_representative(actor, center, enterprise_id) -> None:
    """The actor speaks for this enterprise *and* acts as its representative in this center."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.ENTERPRISE)
    if not is_representative(actor, enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own representatives can do this."))


def representatives(center, enterprise_id, *, exclude=None):
    """Who hears about an enterprise's applicants and placements in this center.

    The enterprise is shared by all centers; only its representatives who are members of
    this center get this center's news.
    """
    users = User.objects.filter(
        is_active=True,
        enterprises=enterprise_id,
        memberships__center=center,
        memberships__role=Role.ENTERPRISE,
        memberships__is_active=True,
    ).distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_month(day: date) -> date:
    return day.replace(day=1)
