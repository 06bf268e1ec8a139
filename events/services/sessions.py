"""The sessions of a multi-session event: each with its own times and places, all within
the event's times, and their places together within the event's total."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventSession, Registration
from events.services.registrations import lock_event, offer_free_seats
from mentorship.audit import audit
from mentorship.models import Role
from mentorship.services import ensure_center_can_act, ensure_role

SESSION_FIELDS = ("title", "starts_at", "ends_at", "capacity")


def _ensure_open(center, actor, event):
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))


def session_places(event, *, leaving_out=None) -> int:
    sessions = EventSession.objects.filter(event=event)
    if leaving_out is not None:
        sessions = sessions.exclude(pk=leaving_out.pk)
    return sessions.aggregate(n=Sum("capacity"))["n"] or 0


@transaction.atomic
def session_save(
    *, center, actor, event, title: str, starts_at, ends_at, capacity: int, session=None
) -> EventSession:
    """Add a session to the event or change one. Its seats are its own: more of them go at
    once to the people waiting for it, and it may not keep fewer than it has given."""
    event = lock_event(event)
    _ensure_open(center, actor, event)
    title = " ".join((title or "").split())[:150]
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ValidationError(
            {"starts_at": _("A session takes place within the event's start and end.")}
        )
    if session_places(event, leaving_out=session) + capacity > event.capacity:
        raise ValidationError(
            {"capacity": _("The sessions together cannot have more places than the event.")}
        )
    before = {}
    if session is None:
        if Registration.objects.filter(event=event, session__isnull=True).exists():
            raise ValidationError(
                _("People registered for the event as a whole: it cannot be split into sessions.")
            )
        session = EventSession(center=center, event=event)
    else:
        session = EventSession.objects.select_for_update(of=("self",)).get(
            pk=session.pk, event=event
        )
        seated = Registration.objects.filter(
            session=session, status__in=Registration.SEATED
        ).count()
        if capacity < seated:
            raise ValidationError(
                {"capacity": _("%(n)s seats are already given in this session.") % {"n": seated}}
            )
        before = {
            f: str(getattr(session, f)) for f in ("title", "starts_at", "ends_at", "capacity")
        }
    session.title = title
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.capacity = capacity
    session.save()
    after = {f: str(getattr(session, f)) for f in SESSION_FIELDS}
    audit(
        center=center,
        actor=actor,
        verb="event.session_saved",
        target=event,
        before=before,
        after={"session": session.pk, **after},
    )
    offer_free_seats(center=center, event=event)
    return session


@transaction.atomic
def session_remove(*, center, actor, session) -> None:
    """Take a session off the programme while nobody has registered for it."""
    event = lock_event(session.event)
    _ensure_open(center, actor, event)
    if Registration.objects.filter(session=session).exists():
        raise ValidationError(_("People registered for this session: cancel the event instead."))
    audit(
        center=center,
        actor=actor,
        verb="event.session_removed",
        target=event,
        before={"session": session.pk, "title": session.title},
    )
    session.delete()
