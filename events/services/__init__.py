"""Workflow services of events; each is the one way its state change happens."""

from events.services.door import (
    door_check_in,
    door_staff_set,
    door_walk_in,
    ensure_door_staff,
    is_host,
    may_keep_door,
    normalize_code,
)
from events.services.events import FIELDS, event_cancel, event_publish, event_save
from events.services.fairs import (
    booth_apply,
    booth_decide,
    booth_visit,
    boothable_positions,
    fair_apply,
    fair_positions_offered,
)
from events.services.partners import (
    coordinators_of,
    is_partner_event,
    organizers_booths,
    partner_answer,
    partner_invite,
)
from events.services.programme import (
    co_organizers_set,
    host_set,
    is_center_mentor,
    speaker_add,
    speaker_remove,
)
from events.services.registrations import (
    eligibility_problems,
    event_settings_save,
    offer_confirm,
    offer_free_seats,
    offers_lapse,
    open_offer,
    registration_cancel,
    registration_create,
    registrations_remind,
    seats_of,
    seats_taken,
)
from events.services.reviews import attended_registration, review_leave
from events.services.sessions import session_remove, session_save

__all__ = [
    "FIELDS",
    "attended_registration",
    "booth_apply",
    "booth_decide",
    "booth_visit",
    "boothable_positions",
    "co_organizers_set",
    "coordinators_of",
    "door_check_in",
    "door_staff_set",
    "door_walk_in",
    "eligibility_problems",
    "ensure_door_staff",
    "event_cancel",
    "event_publish",
    "event_save",
    "event_settings_save",
    "fair_apply",
    "fair_positions_offered",
    "host_set",
    "is_center_mentor",
    "is_host",
    "is_partner_event",
    "may_keep_door",
    "normalize_code",
    "offer_confirm",
    "offer_free_seats",
    "offers_lapse",
    "open_offer",
    "organizers_booths",
    "partner_answer",
    "partner_invite",
    "registration_cancel",
    "registration_create",
    "registrations_remind",
    "review_leave",
    "seats_of",
    "seats_taken",
    "session_remove",
    "session_save",
    "speaker_add",
    "speaker_remove",
]
