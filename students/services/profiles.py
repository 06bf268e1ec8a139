"""Student profiles: what a student tells the program before applying."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit, audit_value
from students.models import StudentProfile
from students.services.common import ensure_student

# Changing who the student is (which university, which student number) voids the
# coordinator's verification; the other fields do not.
IDENTITY_FIELDS = ("university", "student_number")
EDITABLE_FIELDS = (
    "university",
    "major",
    "degree",
    "graduation_year",
    "student_number",
    "phone",
    "skills",
)

STUDENT_NUMBER_TAKEN = _("Another student of this university already uses this student number.")


@transaction.atomic
def student_profile_update(*, center, actor, data: dict, resume=None) -> StudentProfile:
    """Save the actor's own profile in `center` from validated `data`; a new résumé
    (already checked by content and size) replaces the old one only when everything else
    is saved too."""
    ensure_student(actor, center)
    university = data.get("university")
    if university is not None and university.center_id != center.pk:
        raise ValidationError({"university": _("Choose a university of this service center.")})
    profile, _created = StudentProfile.objects.select_for_update(of=("self",)).get_or_create(
        center=center, user=actor
    )
    before = {name: audit_value(getattr(profile, name)) for name in EDITABLE_FIELDS}
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    if profile.verified_at and any(
        audit_value(getattr(profile, name)) != before[name] for name in IDENTITY_FIELDS
    ):
        profile.verified_at = None
        profile.verified_by = None
    old_resume_name = profile.resume.name if profile.resume else ""
    if resume is not None:
        # Stored under a fresh random name; the old file is removed only after commit, so a
        # failure below leaves the earlier résumé in place.
        # Validated as a PDF by content, so it is stored as one whatever its name was.
        profile.resume.save("resume.pdf", resume, save=False)
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as error:
        if resume is not None:
            profile.resume.delete(save=False)
        raise ValidationError({"student_number": STUDENT_NUMBER_TAKEN}) from error
    if resume is not None and old_resume_name:
        storage = profile.resume.storage
        transaction.on_commit(lambda: storage.delete(old_resume_name))
    changed = [
        name for name in EDITABLE_FIELDS if audit_value(getattr(profile, name)) != before[name]
    ]
    # Field names only: the audit trail is kept for good, and personal data (a phone
    # number, a student number) must not be copied into it where it could not be erased.
    audit(
        center=center,
        actor=actor,
        verb="student_profile.updated",
        target=profile,
        after={"changed": changed, "resume_replaced": resume is not None},
    )
    return profile
