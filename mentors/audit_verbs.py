"""The audit verbs of mentors and pairings, in words."""

from django.utils.translation import gettext_lazy as _

from mentors.models import (
    Goal,
    MentoringSession,
    MentorProfile,
    MentorSettings,
    Pairing,
    PairingRequest,
)
from mentorship.audit_registry import register_audit_verbs

GROUP = _("Mentors")

register_audit_verbs(
    group=GROUP,
    model=MentorProfile,
    verbs={
        "mentor_profile.saved": (
            _("Mentor profile saved"),
            _("%(actor)s saved the mentor profile of %(target)s"),
        ),
    },
    fields={"approval": _("Approval")},
)
register_audit_verbs(
    group=GROUP,
    model="mentors.mentorapproval",
    verbs={
        "mentor_profile.approved": (
            _("Mentor profile approved"),
            _("%(actor)s approved the mentor profile of %(target)s"),
        ),
        "mentor_profile.rejected": (
            _("Mentor profile rejected"),
            _("%(actor)s rejected the mentor profile of %(target)s"),
        ),
    },
)
register_audit_verbs(
    group=GROUP,
    model=MentorSettings,
    verbs={
        "mentor_settings.saved": (
            _("Pairing settings saved"),
            _("%(actor)s saved the pairing settings of %(target)s"),
        ),
    },
)
register_audit_verbs(
    group=GROUP,
    model=PairingRequest,
    verbs={
        "pairing_request.sent": (
            _("Mentor requested"),
            _("%(actor)s asked for a mentor"),
        ),
        "pairing_request.withdrawn": (
            _("Request withdrawn"),
            _("%(actor)s withdrew the request %(target)s"),
        ),
        "pairing_request.unanswered": (
            _("No mentor accepted"),
            _("%(actor)s closed the request of %(target)s: no mentor accepted"),
        ),
    },
    fields={"mentors": _("Mentors asked")},
)
register_audit_verbs(
    group=GROUP,
    model=Pairing,
    verbs={
        "pairing.requested": (
            _("Mentor asked"),
            _("%(actor)s asked a mentor: %(target)s"),
        ),
        "pairing.accepted": (_("Pairing accepted"), _("%(actor)s accepted the pairing %(target)s")),
        "pairing.declined": (_("Pairing declined"), _("%(actor)s declined the pairing %(target)s")),
        "pairing.expired": (
            _("Request expired"),
            _("%(actor)s marked the request %(target)s as expired"),
        ),
        "pairing.skipped": (
            _("Later choice not needed"),
            _("%(actor)s withdrew the later choice %(target)s"),
        ),
        "pairing.withdrawn": (
            _("Choice withdrawn"),
            _("%(actor)s withdrew the choice %(target)s"),
        ),
        "pairing.completed": (
            _("Pairing completed"),
            _("%(actor)s completed the pairing %(target)s"),
        ),
        "pairing.ended_early": (
            _("Pairing ended early"),
            _("%(actor)s ended the pairing %(target)s early"),
        ),
        "pairing.assigned": (
            _("Paired by the center"),
            _("%(actor)s paired %(target)s"),
        ),
        "pairing.summary_added": (
            _("Closing summary added"),
            _("%(actor)s added a closing summary to %(target)s"),
        ),
    },
    fields={"active_mentees": _("Active mentees"), "repaired": _("Paired with another mentor")},
)
register_audit_verbs(
    group=GROUP,
    model=Goal,
    verbs={
        "goal.added": (_("Goal agreed"), _("%(actor)s added the goal %(target)s")),
        "goal.status_changed": (
            _("Goal status changed"),
            _("%(actor)s changed the status of the goal %(target)s"),
        ),
    },
)
register_audit_verbs(
    group=GROUP,
    model=MentoringSession,
    verbs={
        "mentoring_session.logged": (
            _("Mentoring session logged"),
            _("%(actor)s logged the mentoring session %(target)s"),
        ),
        "session_feedback.given": (
            _("Session feedback given"),
            _("%(actor)s gave feedback on the session %(target)s"),
        ),
    },
    fields={"rating": _("Rating"), "working": _("Is this pairing working?")},
)
