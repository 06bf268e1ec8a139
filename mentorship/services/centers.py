"""The service center lifecycle and settings: licensing, suspension, branding, universities."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.models import (
    Membership,
    NotificationKind,
    Role,
    ServiceCenter,
    User,
)
from mentorship.notifications import notify
from mentorship.services.common import center_url as _center_url
from mentorship.workflow import ensure_transition

# The center lifecycle: applied → licensed → active ⇄ suspended.
CENTER_TRANSITIONS = {
    ServiceCenter.Status.APPLIED: (ServiceCenter.Status.LICENSED,),
    ServiceCenter.Status.LICENSED: (ServiceCenter.Status.ACTIVE, ServiceCenter.Status.SUSPENDED),
    ServiceCenter.Status.ACTIVE: (ServiceCenter.Status.SUSPENDED,),
    ServiceCenter.Status.SUSPENDED: (ServiceCenter.Status.ACTIVE,),
}

_CENTER_STATUS_TITLES = {
    ServiceCenter.Status.LICENSED: _("%(center)s has been licensed"),
    ServiceCenter.Status.ACTIVE: _("%(center)s is active"),
    ServiceCenter.Status.SUSPENDED: _("%(center)s has been suspended"),
}


@transaction.atomic
def center_change_status(
    *, actor, center, to: str, reason: str = "", license_number: str = ""
) -> ServiceCenter:
    """Program staff license, activate, suspend or reactivate a service center."""
    if not actor.is_program_staff:
        raise PermissionDenied(_("Only program staff change the status of a service center."))
    center = ServiceCenter.objects.select_for_update().get(pk=center.pk)
    ensure_transition(center, to=to, allowed=CENTER_TRANSITIONS)
    if to == ServiceCenter.Status.SUSPENDED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for suspending the center.")})
    before = {"status": center.status}
    center.status = to
    center.status_reason = reason.strip()
    if to == ServiceCenter.Status.LICENSED:
        center.license_number = license_number or f"MP-{timezone.localdate():%Y}-{center.pk:04d}"
        center.licensed_on = timezone.localdate()
    center.save()
    audit(
        center=center,
        actor=actor,
        verb=f"center.{to}",
        target=center,
        before=before,
        after={"status": to, "reason": center.status_reason},
    )
    coordinators = User.objects.filter(
        memberships__in=Membership.objects.filter(
            center=center, role=Role.COORDINATOR, is_active=True
        )
    ).distinct()
    for user in coordinators:
        notify(
            user,
            NotificationKind.CENTER_STATUS,
            center=center,
            title=lambda: _CENTER_STATUS_TITLES[to] % {"center": center.name},
            body=center.status_reason,
            url=_center_url(center),
        )
    return center
