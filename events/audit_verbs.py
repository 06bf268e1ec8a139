"""The audit verbs of events, in words."""

from django.utils.translation import gettext_lazy as _

from events.models import Booth, Event, EventPartner, EventSettings, Registration, Review
from mentorship.audit_registry import HIDDEN, register_audit_verbs

register_audit_verbs(
    group=_("Events"),
    model=Event,
    verbs={
        "event.saved": (_("Event saved"), _("%(actor)s saved the event %(target)s")),
        "event.published": (_("Event published"), _("%(actor)s published the event %(target)s")),
        "event.cancelled": (_("Event cancelled"), _("%(actor)s cancelled the event %(target)s")),
        "event.door_staff_added": (
            _("Door staff named"),
            _("%(actor)s named door staff of the event %(target)s"),
        ),
        "event.speaker_added": (
            _("Speaker added"),
            _("%(actor)s added a speaker to the event %(target)s"),
        ),
        "event.speaker_removed": (
            _("Speaker removed"),
            _("%(actor)s removed a speaker from the event %(target)s"),
        ),
        "event.session_saved": (
            _("Session saved"),
            _("%(actor)s saved a session of the event %(target)s"),
        ),
        "event.session_removed": (
            _("Session removed"),
            _("%(actor)s took a session off the event %(target)s"),
        ),
        "event.host_set": (
            _("Visit host set"),
            _("%(actor)s set the base hosting the visit %(target)s"),
        ),
        "event.co_organizers_set": (
            _("Co-organizers set"),
            _("%(actor)s set the co-organizing universities of the event %(target)s"),
        ),
        "event.door_staff_removed": (
            _("Door staff removed"),
            _("%(actor)s removed door staff of the event %(target)s"),
        ),
    },
    fields={
        "reason": _("Reason"),
        "person": _("Person"),
        "talk": _("Talk"),
        "host": _("Host base"),
        "universities": HIDDEN,
    },
)

register_audit_verbs(
    group=_("Events"),
    model=Review,
    verbs={
        "event.reviewed": (_("Event reviewed"), _("%(actor)s reviewed the event: %(target)s")),
    },
)

register_audit_verbs(
    group=_("Event registrations"),
    model=Registration,
    verbs={
        "registration.created": (
            _("Registered for an event"),
            _("%(actor)s registered: %(target)s"),
        ),
        "registration.cancelled": (
            _("Event registration cancelled"),
            _("%(actor)s cancelled the registration %(target)s"),
        ),
        "registration.offered": (
            _("Seat offered"),
            _("%(actor)s offered a seat from the waitlist: %(target)s"),
        ),
        "registration.confirmed": (
            _("Offered seat confirmed"),
            _("%(actor)s confirmed the offered seat: %(target)s"),
        ),
        "registration.lapsed": (
            _("Seat offer lapsed"),
            _("%(actor)s ended a seat offer that was not confirmed in time: %(target)s"),
        ),
        "registration.checked_in": (
            _("Checked in at the door"),
            _("%(actor)s checked in %(target)s"),
        ),
        "registration.walked_in": (
            _("Walk-in seated"),
            _("%(actor)s seated the walk-in %(target)s"),
        ),
    },
    fields={
        "event": HIDDEN,
        "hold_ends": _("Hold ends"),
        "gate": _("Gate"),
        "name": _("Name"),
    },
)

register_audit_verbs(
    group=_("Events"),
    model=EventSettings,
    verbs={
        "event_settings.saved": (
            _("Event settings saved"),
            _("%(actor)s saved the event settings"),
        ),
    },
)

register_audit_verbs(
    group=_("Recruitment fairs"),
    model=Booth,
    verbs={
        "booth.requested": (
            _("Fair booth requested"),
            _("%(actor)s asked for a fair booth: %(target)s"),
        ),
        "booth.approved": (
            _("Fair booth approved"),
            _("%(actor)s approved the fair booth %(target)s"),
        ),
        "booth.declined": (
            _("Fair booth declined"),
            _("%(actor)s declined the fair booth %(target)s"),
        ),
    },
    fields={
        "openings": _("Openings"),
        "positions": HIDDEN,
        "number": _("Booth number"),
        "status": _("Status"),
        "reason": _("Reason"),
    },
)

register_audit_verbs(
    group=_("Events"),
    model=EventPartner,
    verbs={
        "event_partner.invited": (
            _("Center invited to co-organize"),
            _("%(actor)s invited a service center to co-organize: %(target)s"),
        ),
        "event_partner.accepted": (
            _("Co-organizing accepted"),
            _("%(actor)s accepted to co-organize: %(target)s"),
        ),
        "event_partner.declined": (
            _("Co-organizing declined"),
            _("%(actor)s declined to co-organize: %(target)s"),
        ),
    },
    fields={
        "event": HIDDEN,
        "partner": _("Co-organizing center"),
        "organizer": _("Organizing center"),
        "status": _("Status"),
        "invited_by": HIDDEN,
        "invited_at": HIDDEN,
        "answered_by": HIDDEN,
        "answered_at": HIDDEN,
    },
)
