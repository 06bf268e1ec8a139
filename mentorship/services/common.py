"""Checks every workflow service of the program makes before changing anything."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from mentorship.models import Membership


def ensure_center_can_act(center) -> None:
    if center.is_suspended:
        raise PermissionDenied(_("This service center is suspended; nothing can be changed."))


def ensure_role(user, center, *roles) -> None:
    if not Membership.objects.filter(
        center=center, user=user, role__in=roles, is_active=True
    ).exists():
        raise PermissionDenied(_("Your role in this service center does not allow this."))
