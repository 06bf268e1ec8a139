"""A person's rights over their data (China's PIPL): a copy of it, and erasure.

Erasure keeps the records the program must keep — applications, placements and the subsidy
claims paid for them, the audit trail — but takes the person out of them: their account is
anonymized and closed, and the free text and files they or others wrote about them are
removed.
"""

import io
import json
import zipfile

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.models import (
    EmailPreference,
    Invitation,
    Membership,
    Notification,
    OutgoingEmail,
    User,
)
from mentorship.scoping import own_rows_across_centers


def _iso(value):
    return value.isoformat() if value is not None else None


def personal_data(user) -> dict:
    """Everything the portal holds about `user`, across all centers, as plain data."""
    from students.models import Application, CheckIn, Placement, StudentProfile

    with own_rows_across_centers():
        profiles = list(
            StudentProfile.objects.filter(user=user).select_related("center", "university")
        )
        applications = list(
            Application.objects.filter(student__user=user).select_related(
                "position__base__enterprise", "center"
            )
        )
        placements = list(
            Placement.objects.filter(student__user=user).select_related(
                "position", "base__enterprise", "center"
            )
        )
        check_ins = list(CheckIn.objects.filter(placement__student__user=user))
        memberships = list(Membership.objects.filter(user=user).select_related("center"))
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "memberships": [
            {
                "center": m.center.name_zh,
                "role": m.role,
                "active": m.is_active,
                "joined": _iso(m.created_at),
            }
            for m in memberships
        ],
        "student_profiles": [
            {
                "center": p.center.name_zh,
                "university": p.university.name_zh if p.university else None,
                "major": p.major,
                "degree": p.degree,
                "graduation_year": p.graduation_year,
                "student_number": p.student_number,
                "phone": p.phone,
                "skills": p.skills,
                "resume_file": f"resumes/{p.pk}.pdf" if p.resume else None,
                "verified": _iso(p.verified_at),
            }
            for p in profiles
        ],
        "applications": [
            {
                "center": a.center.name_zh,
                "position": a.position.title,
                "enterprise": a.position.base.enterprise.name_zh,
                "status": a.status,
                "cover_letter": a.cover_letter,
                "applied": _iso(a.created_at),
            }
            for a in applications
        ],
        "placements": [
            {
                "center": p.center.name_zh,
                "position": p.position.title,
                "enterprise": p.base.enterprise.name_zh,
                "start": _iso(p.start_date),
                "last_day": _iso(p.last_day),
                "status": p.status,
                "supervisor": p.supervisor_name,
                "enterprise_rating": p.enterprise_rating,
                "enterprise_evaluation": p.enterprise_evaluation,
                "my_rating": p.student_rating,
                "my_feedback": p.student_feedback,
                "check_ins": [
                    {"month": _iso(c.month), "summary": c.summary}
                    for c in check_ins
                    if c.placement_id == p.pk
                ],
            }
            for p in placements
        ],
        "notifications": [
            {"title": n.title, "body": n.body, "sent": _iso(n.created_at)}
            for n in Notification.objects.filter(user=user).order_by("pk")
        ],
        "email_choices": {
            pref.kind: pref.send_email for pref in EmailPreference.objects.filter(user=user)
        },
        "exported": _iso(timezone.now()),
    }


def personal_data_archive(user) -> bytes:
    """A ZIP of `data.json` and the person's résumés; the export is audited."""
    from students.models import StudentProfile

    data = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        with own_rows_across_centers():
            profiles = list(StudentProfile.objects.filter(user=user).exclude(resume=""))
        for profile in profiles:
            with profile.resume.open("rb") as resume:
                archive.writestr(f"resumes/{profile.pk}.pdf", resume.read())
    audit(center=None, actor=user, verb="account.data_exported", target=user)
    return buffer.getvalue()


@transaction.atomic
def account_erase(*, user, password: str) -> User:
    """Anonymize and close the account, keeping what the program's records need."""
    from bases.models import Enterprise
    from students.models import Application, CheckIn, Placement, StudentProfile

    if not user.has_usable_password() or not check_password(password, user.password):
        raise ValidationError({"password": _("The password is not right.")})
    old_email = user.email
    with own_rows_across_centers():
        profiles = list(StudentProfile.objects.select_for_update().filter(user=user))
        for profile in profiles:
            if profile.resume:
                profile.resume.delete(save=False)
            profile.phone = profile.student_number = profile.skills = ""
            profile.save()
        Application.objects.filter(student__user=user).update(cover_letter="")
        CheckIn.objects.filter(placement__student__user=user).update(summary="")
        Placement.objects.filter(student__user=user).update(
            enterprise_evaluation="", student_feedback="", supervisor_phone=""
        )
        Membership.objects.filter(user=user).update(is_active=False)
        Invitation.objects.filter(email__iexact=old_email).update(
            email=f"erased-{user.pk}@erased.invalid"
        )
    for enterprise in Enterprise.objects.filter(representatives=user):
        enterprise.representatives.remove(user)
    Notification.objects.filter(user=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    OutgoingEmail.objects.filter(to__iexact=old_email).delete()
    user.emailaddress_set.all().delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.name = str(_("Erased account"))
    user.language = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()
    audit(center=None, actor=user, verb="account.erased", target=user)
    return user
