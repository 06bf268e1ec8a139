"""The audit verbs of mentors and pairings, in words."""

from django.utils.translation import gettext_lazy as _

from mentors.models import (
    ConsultationSlot,
    FaceToFaceActivity,
    Goal,
    MatchBatch,
    MentoringSession,
    MentorProfile,
    MentorSettings,
    Pairing,
    PairingRequest,
    QueueTicket,
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
        "pairing_request.paired_by_center": (
            _("Request settled by a batch match"),
            _("%(actor)s paired %(target)s by a batch match, closing the request"),
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
register_audit_verbs(
    group=GROUP,
    model=FaceToFaceActivity,
    verbs={
        "face_to_face.created": (
            _("Face-to-face activity set up"),
            _("%(actor)s set up the face-to-face activity %(target)s"),
        ),
        "consultation_slots.published": (
            _("Consultation slots published"),
            _("%(actor)s published consultation slots at %(target)s"),
        ),
    },
    fields={
        "slots": _("Slots"),
        "first": _("First slot starts"),
        "minutes": _("Minutes per slot"),
        "mentors": _("Mentors on the panel"),
    },
)
register_audit_verbs(
    group=GROUP,
    model=ConsultationSlot,
    verbs={
        "consultation_slot.booked": (
            _("Consultation slot booked"),
            _("%(actor)s booked the consultation slot %(target)s"),
        ),
        "consultation_slot.cancelled": (
            _("Consultation booking cancelled"),
            _("%(actor)s cancelled the booking of %(target)s"),
        ),
        "consultation_slot.done": (
            _("Booked consultation held"),
            _("%(actor)s marked the consultation %(target)s as held"),
        ),
        "consultation_slot.not_here": (
            _("Booked consultation missed"),
            _("%(actor)s marked the student of %(target)s as not here"),
        ),
    },
    fields={"mentor": _("Mentor"), "student": _("Student"), "outcome_note": _("Note")},
)
register_audit_verbs(
    group=GROUP,
    model=QueueTicket,
    verbs={
        "queue_ticket.taken": (
            _("Queue number taken"),
            _("%(actor)s took the queue number %(target)s"),
        ),
        "queue_ticket.called": (
            _("Queue number called"),
            _("%(actor)s called the queue number %(target)s"),
        ),
        "queue_ticket.done": (
            _("Walk-in consultation held"),
            _("%(actor)s held the consultation of number %(target)s"),
        ),
        "queue_ticket.not_here": (
            _("Queue number not here"),
            _("%(actor)s marked number %(target)s as not here"),
        ),
        "queue_ticket.left": (
            _("Queue number given up"),
            _("%(actor)s gave up the queue number %(target)s"),
        ),
    },
    fields={"number": _("Number"), "mentor": _("Mentor")},
)
register_audit_verbs(
    group=GROUP,
    model=MatchBatch,
    verbs={
        "match_batch.created": (
            _("Batch match drawn"),
            _("%(actor)s drew the batch match %(target)s"),
        ),
        "match_proposal.changed": (
            _("Batch match row changed"),
            _("%(actor)s changed a row's mentor in the batch match %(target)s"),
        ),
        "match_proposal.dropped": (
            _("Batch match row left out"),
            _("%(actor)s left a student out of the batch match %(target)s"),
        ),
        "match_batch.publishing": (
            _("Batch match being published"),
            _("%(actor)s began publishing the batch match %(target)s"),
        ),
        "match_batch.published": (
            _("Batch match published"),
            _("%(actor)s published the batch match %(target)s"),
        ),
    },
    fields={
        "students": _("Students"),
        "proposed": _("Proposed"),
        "score": _("Score"),
        "paired": _("Paired"),
        "not_paired": _("Not paired"),
        "graduation_year": _("Graduation year"),
        "major": _("Major"),
        "university": _("University"),
        "published_by": _("Published by"),
        "published_at": _("Published"),
        "batch": _("Batch"),
    },
)
