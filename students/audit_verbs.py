"""The audit verbs of student profiles and imports, applications and placements, in words."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from mentorship.audit_registry import HIDDEN, AuditField, register_audit_verbs
from students.models import (
    Application,
    Placement,
    SavedSearch,
    StudentImport,
    StudentProfile,
)

IMPORT_FAILURES = {
    "file": _("the file could not be read"),
    "changed": _("the file changed after it was checked"),
    "conflict": _("another change wrote the same students"),
    "unexpected": _("an unexpected error"),
}


def _profile_fields(names) -> str:
    labels = []
    for name in names or ():
        try:
            labels.append(str(StudentProfile._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(str(name))
    return ", ".join(labels)


# Registered before the profile's own verbs: profiles are listed as "Students" among the
# trail's objects.
register_audit_verbs(
    group=_("Students"),
    model=StudentProfile,
    verbs={
        "student.verified": (_("Student verified"), _("%(actor)s verified the student %(target)s"))
    },
)

register_audit_verbs(
    group=_("Student profiles"),
    model=StudentProfile,
    verbs={
        "student_profile.updated": (
            _("Student profile changed"),
            _("%(actor)s changed the student profile of %(target)s"),
        ),
    },
    fields={
        "changed": AuditField(_("Changed fields"), show=_profile_fields),
        "resume_replaced": _("New résumé uploaded"),
    },
)

register_audit_verbs(
    group=_("Applications"),
    model=Application,
    verbs={
        "application.submitted": (
            _("Application submitted"),
            _("%(actor)s applied: %(target)s"),
        ),
        "application.shortlisted": (
            _("Applicant shortlisted"),
            _("%(actor)s shortlisted the application %(target)s"),
        ),
        "application.interview": (
            _("Applicant invited to interview"),
            _("%(actor)s invited to interview: %(target)s"),
        ),
        "application.offered": (
            _("Offer made"),
            _("%(actor)s made an offer: %(target)s"),
        ),
        "application.rejected": (
            _("Application rejected"),
            _("%(actor)s rejected the application %(target)s"),
        ),
        "application.withdrawn": (
            _("Application withdrawn"),
            _("%(actor)s withdrew the application %(target)s"),
        ),
        "application.declined": (
            _("Offer declined"),
            _("%(actor)s declined the offer: %(target)s"),
        ),
        "application.accepted": (
            _("Offer accepted"),
            _("%(actor)s accepted the offer: %(target)s"),
        ),
        "application.interview_proposed": (
            _("Interview times proposed"),
            _("%(actor)s proposed interview times: %(target)s"),
        ),
        "application.interview_rescheduled": (
            _("Interview times proposed again"),
            _("%(actor)s proposed new interview times: %(target)s"),
        ),
        "application.interview_scheduled": (
            _("Interview time chosen"),
            _("%(actor)s chose the interview time: %(target)s"),
        ),
        "application.interview_other_times": (
            _("Other interview times asked for"),
            _("%(actor)s asked for other interview times: %(target)s"),
        ),
        "application.interview_cancelled": (
            _("Interview cancelled"),
            _("%(actor)s cancelled the interview: %(target)s"),
        ),
    },
    fields={
        "note": _("Note to the student"),
        "times": AuditField(_("Proposed times"), show=lambda value: ", ".join(value or ())),
        "time": _("Interview time"),
        "mode": _("How"),
        "where": _("Place or link"),
        "accepted_count": _("Accepted for the position"),
        "position_filled": _("Position now filled"),
    },
)

register_audit_verbs(
    group=_("Placements"),
    model=Placement,
    verbs={
        "placement.created": (
            _("Placement created"),
            _("%(actor)s started the placement %(target)s"),
        ),
        "placement.supervisor_set": (
            _("Supervisor named"),
            _("%(actor)s named the workplace supervisor of %(target)s"),
        ),
        "placement.checked_in": (
            _("Monthly check-in"),
            _("%(actor)s checked in for the placement %(target)s"),
        ),
        "placement.completed": (
            _("Placement completed"),
            _("%(actor)s marked the placement %(target)s completed"),
        ),
        "placement.terminated": (
            _("Placement ended early"),
            _("%(actor)s ended the placement %(target)s early"),
        ),
        "placement.evaluated": (
            _("Intern evaluated"),
            _("%(actor)s evaluated the intern of %(target)s"),
        ),
        "placement.feedback_given": (
            _("Feedback on the base"),
            _("%(actor)s gave feedback on the placement %(target)s"),
        ),
        "placement.ending_reminded": (
            _("Placement ending reminder"),
            _("%(actor)s reminded the student that %(target)s ends soon"),
        ),
    },
    fields={
        "application": HIDDEN,
        "phone": _("Supervisor's phone"),
        "month": AuditField(_("Month"), show=lambda value: str(value)[:7]),
        "on": _("Ended on"),
        "reason": _("Reason"),
        "rating": _("Rating"),
        "text": _("Comment"),
    },
)

register_audit_verbs(
    group=_("Student imports"),
    model=StudentImport,
    verbs={
        "student_import.checked": (
            _("Student file checked"),
            _("%(actor)s checked the student file %(target)s"),
        ),
        "student_import.started": (
            _("Student import started"),
            _("%(actor)s started importing the student file %(target)s"),
        ),
        "student_import.done": (
            _("Student import finished"),
            _("%(actor)s imported the students of %(target)s"),
        ),
        "student_import.failed": (
            _("Student import failed"),
            _("The import of %(target)s by %(actor)s failed"),
        ),
    },
    fields={
        "rows": _("Rows"),
        "rows_with_problems": _("Rows with problems"),
        "ignored_columns": _("Ignored columns"),
        "new_accounts": _("New accounts"),
        "existing_accounts": _("Existing accounts"),
        "invitations": _("Invitations"),
        "reason": AuditField(
            _("Reason"), show=lambda value: str(IMPORT_FAILURES.get(value, value))
        ),
    },
)

register_audit_verbs(
    group=_("Saved searches"),
    model=SavedSearch,
    verbs={
        "saved_search.created": (
            _("Search saved"),
            _("%(actor)s saved the search %(target)s"),
        ),
        "saved_search.updated": (
            _("Saved search changed"),
            _("%(actor)s changed the saved search %(target)s"),
        ),
        "saved_search.deleted": (
            _("Saved search deleted"),
            _("%(actor)s deleted the saved search %(target)s"),
        ),
        "saved_search.unsubscribed": (
            _("Alerts stopped from an email"),
            _("%(actor)s stopped the alerts of the saved search %(target)s from an email"),
        ),
        "saved_search.resumed": (
            _("Alerts resumed from an email"),
            _("%(actor)s turned the alerts of the saved search %(target)s on again from an email"),
        ),
    },
    fields={"q": _("Keywords"), "min_stipend": _("Monthly stipend")},
)
