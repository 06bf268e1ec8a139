"""Workflow of a center's events: coordinators draft, publish, edit and cancel them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventSession
from events.services.registrations import offer_free_seats, tell_registrants_of_cancellation
from mentorship.audit import audit
from mentorship.models import Role
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.workflow import ensure_transition

FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "location", "capacity")
# Who may register and until when they may cancel; an event saved without them admits
# everyone and takes cancellations until it starts.
RULE_FIELDS = {
    "cancel_until": None,
    "eligible_graduation_years": [],
    "eligible_majors": [],
    "eligible_degrees": [],
}

TRANSITIONS = {
    Event.Status.DRAFT: (Event.Status.PUBLISHED, Event.Status.CANCELLED),
    Event.Status.PUBLISHED: (Event.Status.CANCELLED,),
}


def _check(center, actor, data):
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if data["ends_at"] <= data["starts_at"]:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    if data.get("cancel_until") and data["cancel_until"] > data["starts_at"]:
        raise ValidationError({"cancel_until": _("The cut-off cannot be after the start.")})


@transaction.atomic
def event_save(*, center, actor, event=None, eligible_universities=None, **data) -> Event:
    """Create a draft event, or change one that has not been cancelled. More places than
    before go at once to the people waiting."""
    _check(center, actor, data)
    before = {}
    if event is None:
        event = Event(center=center, created_by=actor)
    else:
        event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise ValidationError(_("A cancelled event cannot be changed."))
        before = {f: str(getattr(event, f)) for f in (*FIELDS, *RULE_FIELDS)}
        before["eligible_universities"] = str(
            sorted(event.eligible_universities.values_list("pk", flat=True))
        )
    if event.pk is not None:
        places = EventSession.objects.filter(event=event).aggregate(n=Sum("capacity"))["n"]
        if places and data["capacity"] < places:
            raise ValidationError(
                {"capacity": _("The sessions together have %(n)s places.") % {"n": places}}
            )
        span = EventSession.objects.filter(event=event).aggregate(
            first=Min("starts_at"), last=Max("ends_at")
        )
        if span["first"] and (data["starts_at"] > span["first"] or data["ends_at"] < span["last"]):
            raise ValidationError({"starts_at": _("The event must span all its sessions.")})
    for field in FIELDS:
        setattr(event, field, data[field])
    for field, default in RULE_FIELDS.items():
        setattr(event, field, data.get(field, default))
    event.save()
    if eligible_universities is not None:
        event.eligible_universities.set(
            [u for u in eligible_universities if u.center_id == center.pk]
        )
    after = {f: str(getattr(event, f)) for f in (*FIELDS, *RULE_FIELDS)}
    after["eligible_universities"] = str(
        sorted(event.eligible_universities.values_list("pk", flat=True))
    )
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    audit(
        center=center,
        actor=actor,
        verb="event.saved",
        target=event,
        before={k: before[k] for k in changed if k in before},
        after=changed,
    )
    offer_free_seats(center=center, event=event)
    return event


@transaction.atomic
def event_publish(*, center, actor, event) -> Event:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    ensure_transition(event, to=Event.Status.PUBLISHED, allowed=TRANSITIONS)
    if event.starts_at <= timezone.now():
        raise ValidationError(_("An event that has already started cannot be published."))
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    audit(center=center, actor=actor, verb="event.published", target=event)
    return event


@transaction.atomic
def event_cancel(*, center, actor, event, reason: str) -> Event:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the event is cancelled.")})
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    ensure_transition(event, to=Event.Status.CANCELLED, allowed=TRANSITIONS)
    event.status = Event.Status.CANCELLED
    event.cancel_reason = reason.strip()
    event.save(update_fields=["status", "cancel_reason", "updated_at"])
    tell_registrants_of_cancellation(center=center, event=event)
    audit(
        center=center,
        actor=actor,
        verb="event.cancelled",
        target=event,
        after={"reason": event.cancel_reason},
    )
    return event
