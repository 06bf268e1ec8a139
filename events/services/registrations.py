"""Registration for events: seats up to the capacity, a waitlist behind them, and freed
seats offered to the next in line for a limited time.

Every change to an event's seats holds the event's row lock, so the count of seats taken
and the order of the line are read and written by one transaction at a time: two people
cancelling at once free two seats for two different people, and the last seat goes to one.

A multi-session event has seats per session: a person registers for each session they
attend, with a ticket of its own; each session keeps its own count, waitlist and offers, so
a seat freed in one session is only ever offered to someone waiting for that session, and
nothing is offered once that session has started.
"""

from contextlib import nullcontext
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    Event,
    EventPartner,
    EventSession,
    EventSettings,
    Registration,
    SeatOffer,
)
from events.tickets import qr_png_data_uri
from mentorship.audit import audit
from mentorship.links import center_url
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.scoping import center_scope
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.workflow import transition
from students.models import StudentProfile

S = Registration.Status

REGISTRATION_TRANSITIONS = {
    S.REGISTERED: (S.CANCELLED,),
    S.WAITLISTED: (S.CANCELLED, S.OFFERED),
    S.OFFERED: (S.REGISTERED, S.CANCELLED, S.LAPSED),
}

ALREADY_REGISTERED = _("You are already registered or in line for this event.")
EVENT_CLOSED = _("Registration for this event is closed.")
OFFER_GONE = _("This offer is no longer open: its hold ended or it was withdrawn.")


def seats_of(center, event):
    """Where the event's seats are decided: in its own center. A co-organizing center's
    student (read in their center's shared scope) takes, gives up or confirms a seat in the
    organizer's center, where every seat and the whole line are counted; the rest of their
    request stays in their own center."""
    if event.center_id == center.pk:
        return nullcontext()
    if not EventPartner.objects.filter(
        event_id=event.pk, partner=center, status=EventPartner.Status.ACCEPTED
    ).exists():
        raise PermissionDenied(_("Your service center does not co-organize this event."))
    return center_scope(event.center)


def lock_event(event) -> Event:
    return Event.objects.select_for_update(of=("self",)).get(pk=event.pk)


def offer_hold(center) -> timedelta:
    hours = (
        EventSettings.objects.filter(center=center).values_list("offer_hold_hours", flat=True)
    ).first()
    return timedelta(hours=hours or 24)


def seats_taken(event, session=None) -> int:
    """Seats held at the event (an event without sessions) or at one of its sessions."""
    return Registration.objects.filter(
        event=event, session=session, status__in=Registration.SEATED
    ).count()


def pools(event) -> list:
    """Where seats are counted: the event itself, or each of its sessions."""
    return list(EventSession.objects.filter(event=event).order_by("starts_at", "pk")) or [None]


def pool_capacity(event, session) -> int:
    return session.capacity if session else event.capacity


def pool_start(event, session):
    return session.starts_at if session else event.starts_at


def pool_cancel_deadline(event, session):
    return session.cancel_deadline if session else event.cancel_deadline


def ensure_session_of(event, session) -> None:
    """A multi-session event takes registrations per session; any other takes none."""
    has_sessions = EventSession.objects.filter(event=event).exists()
    if session is None and has_sessions:
        raise ValidationError(_("Choose a session of this event."), code="session")
    if session is not None and session.event_id != event.pk:
        raise ValidationError(_("This session is not part of the event."), code="session")


def when_text(event, session) -> str:
    start = timezone.localtime(pool_start(event, session)).strftime("%Y-%m-%d %H:%M")
    return f"{session.title} · {start}" if session else start


def next_queue_number(event) -> int:
    """The next place in line; the caller holds the event's lock."""
    event.queue_counter += 1
    event.save(update_fields=["queue_counter"])
    return event.queue_counter


def eligible_university_ids(event) -> set:
    # Read from the link table: a co-organizing center does not see the organizer's
    # universities, and an empty list would admit everyone.
    return set(
        Event.eligible_universities.through.objects.filter(event_id=event.pk).values_list(
            "university_id", flat=True
        )
    )


def eligibility_problems(event, profile, *, universities=None) -> list:
    """Why `profile` may not register (empty when it may): each rule the organizer set is a
    list, any entry of which admits; every list that is not empty must admit. `universities`
    are the event's eligible universities' ids when the caller has read them already."""
    if universities is None:
        universities = eligible_university_ids(event)
    if profile is None:
        return [_("Complete your student profile in this service center to register.")]
    problems = []
    if universities and profile.university_id not in universities:
        problems.append(_("This event is open to students of the universities listed only."))
    if event.eligible_graduation_years and (
        profile.graduation_year not in event.eligible_graduation_years
    ):
        problems.append(_("This event is open to the graduation years listed only."))
    major = (profile.major or "").casefold()
    if event.eligible_majors and not (
        major and any(m.casefold() in major for m in event.eligible_majors)
    ):
        problems.append(_("This event is open to the majors listed only."))
    if event.eligible_degrees and profile.degree not in event.eligible_degrees:
        problems.append(_("This event is open to the degrees listed only."))
    return problems


def _ensure_open_for_registration(event, session=None) -> None:
    if event.status != Event.Status.PUBLISHED or timezone.now() >= pool_start(event, session):
        raise ValidationError(EVENT_CLOSED, code="closed")


def home_url(registration, name: str = "center:events:detail") -> str:
    """A page of the registration's event under the registrant's own center (the
    organizer's, or a co-organizing center's for its students), where they may open it."""
    return center_url(registration.home_center, name, pk=registration.event_id)


def _ticket_url(registration) -> str:
    url = home_url(registration, "center:events:ticket")
    return f"{url}?session={registration.session_id}" if registration.session_id else url


def _tell_registered(registration) -> None:
    event, session = registration.event, registration.session
    center = registration.home_center
    notify(
        registration.user,
        NotificationKind.EVENT_REGISTRATION,
        title=lambda: _("Your ticket for “%(event)s”") % {"event": event.title},
        body=lambda: (
            _("You are registered for “%(event)s” on %(when)s at %(place)s.")
            % {
                "event": event.title,
                "when": when_text(event, session),
                "place": event.location,
            }
        ),
        url=_ticket_url(registration),
        center=center,
        email_name="event_ticket",
        email_context={
            "ticket_code": registration.ticket_code,
            "qr_data_uri": qr_png_data_uri(registration),
        },
    )


def registration_create(*, center, actor, event, session=None) -> Registration:
    """A student registers (for one session of a multi-session event): a seat while any is
    free and nobody waits, else the end of the waitlist.

    Only the seat decision holds the event's row lock: who may register is settled before
    it, and the ticket (its QR code, the email, the notification) is written after the
    short transaction that decides the seat, numbers the place in line and audits it.
    `center` is the student's: their own center's event, or one it co-organizes.
    """
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)
    ensure_session_of(event, session)
    _ensure_open_for_registration(event, session)
    profile = StudentProfile.objects.filter(center=center, user=actor).first()
    problems = eligibility_problems(event, profile)
    if problems:
        raise ValidationError(problems[0], code="not_eligible")
    if _active_registrations(event, session, actor).exists():
        raise ValidationError(ALREADY_REGISTERED, code="already_registered")
    try:
        with seats_of(center, event):
            registration = _take_place(center=center, actor=actor, event=event, session=session)
    except IntegrityError as error:
        # Two requests of the same person at once: the second meets the first's row.
        if "one_active_registration" not in str(error):
            raise
        raise ValidationError(ALREADY_REGISTERED, code="already_registered") from error
    with transaction.atomic():
        _tell_placed(registration)
    return registration


def _active_registrations(event, session, user):
    return Registration.objects.filter(
        event=event, session=session, user=user, status__in=Registration.ACTIVE
    )


@transaction.atomic
def _take_place(*, center, actor, event, session) -> Registration:
    """The seat decision, under the event's row lock: a seat or the end of the line."""
    event = lock_event(event)
    _ensure_open_for_registration(event, session)
    counts = Registration.objects.filter(event=event, session=session).aggregate(
        seated=Count("pk", filter=Q(status__in=Registration.SEATED)),
        waiting=Count("pk", filter=Q(status__in=(S.WAITLISTED, S.OFFERED))),
    )
    full = counts["seated"] >= pool_capacity(event, session)
    status = S.WAITLISTED if full or counts["waiting"] else S.REGISTERED
    registration = Registration.objects.create(
        center_id=event.center_id,
        home_center=center,
        event=event,
        session=session,
        user=actor,
        name=actor.get_full_name() or actor.email,
        status=status,
        queue_number=next_queue_number(event),
    )
    audit(
        center=center,
        actor=actor,
        verb="registration.created",
        target=registration,
        after={"status": status, "event": event.pk, "session": session.pk if session else None},
    )
    return registration


def _tell_placed(registration) -> None:
    """The registrant's ticket, or word that they are in line, with links to their center."""
    if registration.status == S.REGISTERED:
        _tell_registered(registration)
        return
    event, session = registration.event, registration.session
    notify(
        registration.user,
        NotificationKind.EVENT_REGISTRATION,
        title=lambda: (
            _("You are on the waitlist of “%(event)s”")
            % {"event": f"{event.title} · {session.title}" if session else event.title}
        ),
        body=_("When a seat frees up, it is offered to the next in line for a limited time."),
        url=home_url(registration),
        center=registration.home_center,
    )


def _lock_own(registration, actor) -> Registration:
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.user_id != actor.pk:
        raise PermissionDenied(_("This registration is not yours."))
    return registration


def _close_open_offers(registration, status) -> None:
    SeatOffer.objects.filter(registration=registration, status=SeatOffer.Status.OPEN).update(
        status=status, closed_at=timezone.now()
    )


def registration_cancel(*, center, actor, registration) -> Registration:
    """The registrant gives up their seat, offer or place in line, until the organizer's
    cut-off; a freed seat goes to the next in line."""
    ensure_center_can_act(center)
    with seats_of(center, registration.event):
        return _cancel(center=center, actor=actor, registration=registration)


@transaction.atomic
def _cancel(*, center, actor, registration) -> Registration:
    event = lock_event(registration.event)
    registration = _lock_own(registration, actor)
    if timezone.now() >= pool_cancel_deadline(event, registration.session):
        raise ValidationError(
            _("Registrations can no longer be cancelled for this event."), code="too_late"
        )
    _close_open_offers(registration, SeatOffer.Status.WITHDRAWN)
    transition(
        registration,
        to=S.CANCELLED,
        allowed=REGISTRATION_TRANSITIONS,
        center=center,
        actor=actor,
        verb="registration.cancelled",
    )
    offer_free_seats(center=center if center.pk == event.center_id else event.center, event=event)
    return registration


def offer_free_seats(*, center, event) -> list:
    """Offer each free seat to the next person in line for it; the caller holds the event's
    lock. Each session of a multi-session event offers its own seats to its own line.

    Nothing is offered once the event (the session) has started or if it is not published,
    and an offer never outlasts the start.
    """
    if event.status != Event.Status.PUBLISHED:
        return []
    offers = []
    for session in pools(event):
        offers += _offer_pool(center, event, session)
    return offers


def _offer_pool(center, event, session) -> list:
    now = timezone.now()
    starts = pool_start(event, session)
    if now >= starts:
        return []
    free = pool_capacity(event, session) - seats_taken(event, session)
    if free <= 0:
        return []
    expires = min(now + offer_hold(center), starts)
    waiting = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event, session=session, status=S.WAITLISTED)
        .select_related("home_center")
        .order_by("queue_number")[:free]
    )
    offers = []
    for registration in waiting:
        transition(
            registration,
            to=S.OFFERED,
            allowed=REGISTRATION_TRANSITIONS,
            center=center,
            actor=None,
            verb="registration.offered",
            after={"hold_ends": timezone.localtime(expires).isoformat()},
        )
        offers.append(
            SeatOffer.objects.create(
                center=center, registration=registration, offered_at=now, expires_at=expires
            )
        )
        notify(
            registration.user,
            NotificationKind.EVENT_SEAT_OFFERED,
            title=lambda: (
                _("A seat at “%(event)s” is yours to take")
                % {"event": f"{event.title} · {session.title}" if session else event.title}
            ),
            body=lambda expires=expires: (
                _("Confirm it before %(deadline)s, or it goes to the next in line.")
                % {"deadline": timezone.localtime(expires).strftime("%Y-%m-%d %H:%M")}
            ),
            url=home_url(registration),
            center=registration.home_center,
        )
    return offers


def offer_confirm(*, center, actor, registration) -> Registration:
    """The person offered a seat takes it while the hold lasts."""
    ensure_center_can_act(center)
    with seats_of(center, registration.event):
        return _confirm(center=center, actor=actor, registration=registration)


@transaction.atomic
def _confirm(*, center, actor, registration) -> Registration:
    event = lock_event(registration.event)
    registration = _lock_own(registration, actor)
    offer = (
        SeatOffer.objects.select_for_update(of=("self",))
        .filter(registration=registration, status=SeatOffer.Status.OPEN)
        .first()
    )
    now = timezone.now()
    if (
        registration.status != S.OFFERED
        or offer is None
        or offer.expires_at <= now
        or now >= pool_start(event, registration.session)
    ):
        raise ValidationError(OFFER_GONE, code="offer_gone")
    offer.status = SeatOffer.Status.CONFIRMED
    offer.closed_at = now
    offer.save(update_fields=["status", "closed_at"])
    transition(
        registration,
        to=S.REGISTERED,
        allowed=REGISTRATION_TRANSITIONS,
        center=center,
        actor=actor,
        verb="registration.confirmed",
    )
    registration.event = event
    _tell_registered(registration)
    return registration


def offers_lapse(*, center) -> int:
    """End the holds that ran out and offer their seats to the next in line; one short
    transaction per event, so running it twice changes nothing the second time."""
    now = timezone.now()
    event_ids = set(
        SeatOffer.objects.filter(
            center=center, status=SeatOffer.Status.OPEN, expires_at__lte=now
        ).values_list("registration__event_id", flat=True)
    )
    lapsed = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update(of=("self",)).get(pk=event_id)
            offers = list(
                SeatOffer.objects.select_for_update(of=("self",))
                .filter(
                    registration__event=event, status=SeatOffer.Status.OPEN, expires_at__lte=now
                )
                .select_related("registration")
            )
            for offer in offers:
                offer.status = SeatOffer.Status.LAPSED
                offer.closed_at = now
                offer.save(update_fields=["status", "closed_at"])
                registration = (
                    Registration.objects.select_for_update(of=("self",))
                    .select_related("home_center")
                    .get(pk=offer.registration_id)
                )
                transition(
                    registration,
                    to=S.LAPSED,
                    allowed=REGISTRATION_TRANSITIONS,
                    center=center,
                    actor=None,
                    verb="registration.lapsed",
                )
                notify(
                    registration.user,
                    NotificationKind.EVENT_SEAT_OFFERED,
                    title=lambda event=event: (
                        _("The seat offered at “%(event)s” has lapsed") % {"event": event.title}
                    ),
                    body=_("It was not confirmed in time."),
                    url=home_url(registration),
                    center=registration.home_center,
                )
                lapsed += 1
            offer_free_seats(center=center, event=event)
    return lapsed


def open_offer(registration):
    return (
        SeatOffer.objects.filter(registration=registration, status=SeatOffer.Status.OPEN)
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def event_settings_save(*, center, actor, offer_hold_hours: int) -> EventSettings:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if not 1 <= offer_hold_hours <= 168:
        raise ValidationError({"offer_hold_hours": _("Between 1 and 168 hours.")})
    settings_row, _created = EventSettings.objects.select_for_update().get_or_create(center=center)
    before = settings_row.offer_hold_hours
    settings_row.offer_hold_hours = offer_hold_hours
    settings_row.save(update_fields=["offer_hold_hours"])
    audit(
        center=center,
        actor=actor,
        verb="event_settings.saved",
        target=settings_row,
        before={"offer_hold_hours": before},
        after={"offer_hold_hours": offer_hold_hours},
    )
    return settings_row


def tell_registrants_of_cancellation(*, center, event) -> int:
    """The event is cancelled (its lock held): held seats are withdrawn and everyone with a
    seat, an offer or a place in line is told why."""
    active = list(
        Registration.objects.filter(
            event=event, status__in=Registration.ACTIVE, user__isnull=False
        ).select_related("user", "home_center")
    )
    SeatOffer.objects.filter(registration__event=event, status=SeatOffer.Status.OPEN).update(
        status=SeatOffer.Status.WITHDRAWN, closed_at=timezone.now()
    )
    for registration in active:
        notify(
            registration.user,
            NotificationKind.EVENT_REGISTRATION,
            title=lambda: _("“%(event)s” is cancelled") % {"event": event.title},
            body=event.cancel_reason,
            url=home_url(registration),
            center=registration.home_center,
        )
    return len(active)


REMIND_AHEAD = timedelta(hours=24)


def registrations_remind(*, center) -> int:
    """Remind everyone holding a seat at an event that starts within a day; each reminder
    goes once (its row is marked under lock), so running it twice sends nothing more."""
    now = timezone.now()
    soon = {"__gt": now, "__lte": now + REMIND_AHEAD}
    event_soon = Q(session__isnull=True, **{f"event__starts_at{k}": v for k, v in soon.items()})
    session_soon = Q(**{f"session__starts_at{k}": v for k, v in soon.items()})
    with transaction.atomic():
        due = list(
            Registration.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(
                event_soon | session_soon,
                center=center,
                status=S.REGISTERED,
                user__isnull=False,
                reminded_at__isnull=True,
                event__status=Event.Status.PUBLISHED,
            )
            .select_related("event", "session", "user", "home_center")
        )
        for registration in due:
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            event, session = registration.event, registration.session
            notify(
                registration.user,
                NotificationKind.EVENT_REGISTRATION,
                title=lambda event=event, session=session: (
                    _("Reminder: “%(event)s” starts soon")
                    % {"event": f"{event.title} · {session.title}" if session else event.title}
                ),
                body=lambda event=event, session=session: (
                    _("It starts at %(when)s at %(place)s. Bring your ticket.")
                    % {"when": when_text(event, session), "place": event.location}
                ),
                url=_ticket_url(registration),
                center=registration.home_center,
            )
    return len(due)
