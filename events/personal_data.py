"""A person's event registrations and reviews in their copy and erasure.

The registrations stay (the program counts attendance); the name copied onto them and what
the person wrote in reviews go.
"""

from events.models import BoothVisit, Registration, Review, Speaker
from mentorship.personal_data import register_personal_data


def _iso(value):
    return value.isoformat() if value is not None else None


def _registrations(user):
    reviews = {r.registration_id: r for r in Review.objects.filter(registration__user=user)}
    return [
        {
            "center": r.center.name_zh,
            "event": r.event.title,
            "session": r.session.title if r.session else None,
            "starts": _iso(r.session.starts_at if r.session else r.event.starts_at),
            "status": r.status,
            "ticket_code": r.ticket_code,
            "registered": _iso(r.created_at),
            "checked_in": _iso(r.checked_in_at),
            "my_rating": reviews[r.pk].rating if r.pk in reviews else None,
            "my_review": reviews[r.pk].comment if r.pk in reviews else None,
        }
        for r in Registration.objects.filter(user=user).select_related("event", "session", "center")
    ]


def _erase(user):
    Review.objects.filter(registration__user=user).update(comment="")
    Registration.objects.filter(user=user).update(name="")


register_personal_data("event_registrations", order=50, export=_registrations, erase=_erase)


def _talks_visits(user):
    return {
        "talks": [
            {"center": t.center.name_zh, "event": t.event.title, "talk": t.talk_title}
            for t in Speaker.objects.filter(user=user).select_related("event", "center")
        ],
        "fair_booths_visited": [
            {"event": v.booth.event.title, "enterprise": str(v.booth.enterprise)}
            for v in BoothVisit.objects.filter(user=user).select_related(
                "booth__event", "booth__enterprise"
            )
        ],
    }


register_personal_data("event_talks_visits", order=51, export=_talks_visits)
