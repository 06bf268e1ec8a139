"""A person's mentor profile, pairings, sessions, feedback and face-to-face consultations in
their copy and erasure.

Pairings and sessions stay (the program counts them); what the person wrote, and their
contact details, go; an erased mentor takes no new mentees.
"""

from django.db.models import Q

from mentors.models import (
    ConsultationSlot,
    MentoringSession,
    MentorProfile,
    Pairing,
    QueueTicket,
    SessionFeedback,
)
from mentorship.personal_data import register_personal_data


def _iso(value):
    return value.isoformat() if value is not None else None


def _profile(user):
    profile = MentorProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "kind": profile.kind,
        "title": profile.title,
        "organization": profile.organization,
        "industries": profile.industry_tags,
        "expertise": profile.expertise_tags,
        "majors": profile.majors,
        "languages": profile.languages,
        "bio": profile.bio,
        "capacity": profile.capacity,
        "phone": profile.phone,
        "contact_email": profile.contact_email,
        "centers": {a.center.name_zh: a.status for a in profile.approvals.select_related("center")},
    }


def _pairings(user):
    pairings = list(
        Pairing.objects.filter(Q(student=user) | Q(mentor__user=user))
        .select_related("center", "student", "mentor__user", "request")
        .order_by("pk")
    )
    sessions = list(
        MentoringSession.objects.filter(pairing__in=pairings).prefetch_related("feedback")
    )
    return [
        {
            "center": p.center.name_zh,
            "student": p.student.get_full_name(),
            "mentor": p.mentor.user.get_full_name(),
            "status": p.status,
            "reason": p.request.reason if p.request else "",
            "started": _iso(p.started_at),
            "ended": _iso(p.ended_at),
            "student_summary": p.student_summary,
            "mentor_summary": p.mentor_summary,
            "goals": [{"goal": g.title, "status": g.status} for g in p.goals.all()],
            "sessions": [
                {
                    "date": _iso(s.held_on),
                    "minutes": s.duration_minutes,
                    "mode": s.mode,
                    "topic": s.topic,
                    "notes": s.notes,
                    "next_steps": s.next_steps,
                    "feedback": [
                        {"side": f.side, "rating": f.rating, "comment": f.comment}
                        for f in s.feedback.all()
                    ],
                }
                for s in sessions
                if s.pairing_id == p.pk
            ],
        }
        for p in pairings
    ]


def _erase(user):
    MentorProfile.objects.filter(user=user).update(
        phone="", contact_email="", bio="", accepting=False
    )
    for pairing in Pairing.objects.select_related("request").filter(student=user):
        if pairing.request and pairing.request.reason:
            pairing.request.reason = ""
            pairing.request.save(update_fields=["reason"])
    Pairing.objects.filter(student=user).update(student_summary="")
    Pairing.objects.filter(mentor__user=user).update(mentor_summary="")
    SessionFeedback.objects.filter(author=user).update(comment="")
    MentoringSession.objects.filter(logged_by=user).update(notes="", next_steps="")


def _consultations(user):
    """The slots the person booked and the numbers they took at face-to-face activities."""
    slots = ConsultationSlot.objects.filter(student=user).select_related("activity", "mentor__user")
    tickets = QueueTicket.objects.filter(student=user).select_related(
        "activity", "seat__mentor__user"
    )
    return {
        "slots": [
            {
                "activity": s.activity.title,
                "mentor": s.mentor.user.get_full_name(),
                "starts": _iso(s.starts_at),
                "booked": _iso(s.booked_at),
            }
            for s in slots.order_by("pk")
        ],
        "walk_in_numbers": [
            {
                "activity": t.activity.title,
                "mentor": t.seat.mentor.user.get_full_name(),
                "number": t.number,
                "status": t.status,
                "taken": _iso(t.created_at),
                "note": t.note,
            }
            for t in tickets.order_by("pk")
        ],
    }


def _erase_consultations(user):
    # The consultations stay counted; the mentor's note about the person goes.
    QueueTicket.objects.filter(student=user).update(note="")


register_personal_data("mentor_profile", order=60, export=_profile, erase=_erase)
register_personal_data("pairings", order=61, export=_pairings)
register_personal_data("face_to_face", order=62, export=_consultations, erase=_erase_consultations)
