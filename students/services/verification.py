"""Coordinators vouch for the students of their center's universities."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.services import center_url, ensure_center_can_act, ensure_role
from students.models import StudentProfile


@transaction.atomic
def student_verify(*, center, actor, profile_ids) -> int:
    """Verify the given student profiles of this center; returns how many were verified.

    Profiles already verified are left as they are, so a repeated click changes nothing.
    """
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    profiles = list(
        StudentProfile.objects.select_for_update(of=("self",))
        .filter(center=center, pk__in=list(profile_ids), verified_at__isnull=True)
        .select_related("user")
    )
    if not profiles and not profile_ids:
        raise ValidationError(_("Choose at least one student."))
    now = timezone.now()
    for profile in profiles:
        profile.verified_at, profile.verified_by = now, actor
    StudentProfile.objects.bulk_update(profiles, ["verified_at", "verified_by"])
    for profile in profiles:
        audit(center=center, actor=actor, verb="student.verified", target=profile)
        notify(
            profile.user,
            NotificationKind.PROFILE_VERIFIED,
            center=center,
            title=lambda: (
                _("Your student profile in %(center)s is verified") % {"center": center.name}
            ),
            url=center_url(center),
        )
    return len(profiles)
