"""Reads of events: what visitors see and what coordinators manage."""

from datetime import timedelta

from django.db.models import Avg, Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from bases.models import Position
from events.models import (
    Booth,
    BoothVisit,
    DoorScan,
    Event,
    EventPartner,
    EventSession,
    EventSettings,
    Registration,
    Review,
    SeatOffer,
    Speaker,
)
from mentorship.models import Role, User
from students.models import Application, StudentProfile


def co_organized(*, center):
    """The events of other centers that `center` co-organizes (read in its shared scope;
    elsewhere this finds none)."""
    return EventPartner.objects.filter(partner=center, status=EventPartner.Status.ACCEPTED).values(
        "event_id"
    )


def _of(center) -> Q:
    """The center's own events and those it co-organizes."""
    return Q(center=center) | Q(pk__in=co_organized(center=center))


def upcoming_events(*, center, limit=None):
    events = (
        Event.objects.filter(
            _of(center), status=Event.Status.PUBLISHED, ends_at__gte=timezone.now()
        )
        .select_related("center")
        .order_by("starts_at", "pk")
    )
    return events[:limit] if limit else events


def is_own_event(*, center, pk) -> bool:
    return Event.objects.filter(center=center, pk=pk).exists()


def partnerships(*, event):
    """The centers invited to co-organize the event, for its organizer."""
    return list(EventPartner.objects.filter(event=event).select_related("partner").order_by("pk"))


def partner_invitations(*, center):
    """The invitations addressed to `center`, the newest first (read in its shared scope)."""
    return list(
        EventPartner.objects.filter(partner=center)
        .select_related("event", "center")
        .order_by("-invited_at", "-pk")
    )


def access_invitation(*, center, pk) -> EventPartner:
    return get_object_or_404(EventPartner.objects.all(), partner=center, pk=pk)


def partner_event_registrations(*, event, center):
    """The registrations of `center`'s own students for an event it co-organizes (the
    shared policies admit no other)."""
    students = StudentProfile.objects.filter(center=center).values("user_id")
    return (
        Registration.objects.filter(event=event, user__in=students)
        .select_related("session", "checked_in_by")
        .order_by("queue_number", "pk")
    )


def center_events(*, center):
    return (
        Event.objects.filter(center=center)
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def access_public_event(*, center, pk) -> Event:
    """A published or cancelled event anyone may read; drafts stay with the coordinators."""
    return get_object_or_404(
        Event.objects.exclude(status=Event.Status.DRAFT).filter(_of(center)), pk=pk
    )


def access_event(*, center, pk) -> Event:
    return get_object_or_404(Event.objects.all(), center=center, pk=pk)


def access_event_for(*, center, roles, pk) -> Event:
    """The event as the visitor may read it: coordinators their drafts too, others only
    what was published."""
    if Role.COORDINATOR in roles:
        shared = Q(pk__in=co_organized(center=center)) & ~Q(status=Event.Status.DRAFT)
        return get_object_or_404(Event.objects.filter(Q(center=center) | shared), pk=pk)
    return access_public_event(center=center, pk=pk)


def own_registration(*, event, user, session=None):
    """The visitor's current registration for the event or one of its sessions (their last
    one when none is active), for the event page."""
    if not user.is_authenticated:
        return None
    rows = Registration.objects.filter(event=event, session=session, user=user).order_by("-pk")
    active = rows.filter(status__in=Registration.ACTIVE).first()
    return active or rows.first()


def visitor_registrations(*, event, user) -> list:
    """Every registration of the visitor for the event and its sessions, the newest first,
    read once for the event page (with the review of each, and the open seat offers)."""
    if not user.is_authenticated:
        return []
    rows = list(
        Registration.objects.filter(event=event, user=user).select_related("review").order_by("-pk")
    )
    if any(row.status == Registration.Status.OFFERED for row in rows):
        offers = {}
        for offer in SeatOffer.objects.filter(
            registration__in=[row.pk for row in rows], status=SeatOffer.Status.OPEN
        ).order_by("pk"):
            offers[offer.registration_id] = offer  # the newest open one wins
    else:
        offers = {}
    for row in rows:
        row.event = event  # what the page's cancel and ticket parts ask of each
        row.open_offer = offers.get(row.pk)
    return rows


def pick_registration(registrations, session=None):
    """What `own_registration` finds, among the visitor's registrations already read."""
    session_id = session.pk if session is not None else None
    mine = [row for row in registrations if row.session_id == session_id]
    active = next((row for row in mine if row.status in Registration.ACTIVE), None)
    return active or (mine[0] if mine else None)


def pick_attended(registrations):
    """What `attended_registration` finds, among the visitor's registrations already read."""
    came = [row for row in registrations if row.checked_in_at is not None]
    return min(came, key=lambda row: (row.queue_number, row.pk), default=None)


def registration_by_code(*, center, code):
    return (
        Registration.objects.filter(center=center, ticket_code=code)
        .select_related("event", "session")
        .first()
    )


def own_ticket(*, user, code):
    """The signed-in person's own registration with this code, in any center (read on the
    person's path across centers)."""
    return (
        Registration.objects.filter(ticket_code=code, user=user)
        .select_related("home_center")
        .first()
    )


def door_ticket(*, center, code):
    """The registration with this code that `center`'s door checks in (read in its shared
    scope): one of its own events', or its own student's at an event it co-organizes."""
    return (
        Registration.objects.filter(
            Q(center=center) | Q(home_center=center, event__in=co_organized(center=center)),
            ticket_code=code,
        )
        .select_related("event", "session")
        .first()
    )


def door_search(*, event, query: str, session=None, limit: int = 10, center=None):
    """Registered people of the event (the session) whose name holds `query`, for the
    door's search; at a co-organizing `center`'s door, its own students only."""
    query = " ".join((query or "").split())[:50]
    if not query:
        return []
    rows = _door_registrations(event, center)
    return list(
        rows.filter(
            session=session,
            status=Registration.Status.REGISTERED,
            name__icontains=query,
        ).order_by("name", "pk")[:limit]
    )


def _door_registrations(event, center):
    if center is None or center.pk == event.center_id:
        return Registration.objects.filter(event=event)
    return partner_event_registrations(event=event, center=center)


def door_attendance(*, event, sessions, center):
    """The door's figures: the whole event's, or a co-organizing center's own students'."""
    if center.pk == event.center_id:
        return attendance(event=event, sessions=sessions)
    return attendance(
        event=event, sessions=sessions, registrations=_door_registrations(event, center)
    )


def recent_scans(*, event, limit: int = 10, center=None):
    scans = DoorScan.objects.filter(event=event)
    if center is not None:
        scans = scans.filter(center=center)
    return list(
        scans.select_related("registration", "scanned_by").order_by("-scanned_at", "-pk")[:limit]
    )


def event_sessions(*, event):
    sessions = list(EventSession.objects.filter(event=event).order_by("starts_at", "pk"))
    for session in sessions:
        session.event = event  # asked of each session by the page; not read again per session
    return sessions


def access_session(*, event, pk) -> EventSession:
    return get_object_or_404(EventSession.objects.select_related("event"), event=event, pk=pk)


def door_session(*, event, sessions, pk=None):
    """The session the door is checking in: the one asked for, else the first that has not
    ended (a door opens before its session starts), else the last; None without sessions."""
    if not sessions:
        return None
    if pk is not None:
        return next((s for s in sessions if s.pk == pk), None) or access_session(event=event, pk=pk)
    now = timezone.now()
    return next((s for s in sessions if s.ends_at > now), sessions[-1])


def _figures(counts, checked_in, capacity, ended) -> dict:
    registered = counts.get(Registration.Status.REGISTERED, 0)
    offered = counts.get(Registration.Status.OFFERED, 0)
    return {
        "registered": registered,
        "checked_in": checked_in,
        "no_show": registered - checked_in if ended else None,
        "waitlisted": counts.get(Registration.Status.WAITLISTED, 0),
        "offered": offered,
        "cancelled": counts.get(Registration.Status.CANCELLED, 0),
        "free": max(capacity - registered - offered, 0),
    }


def attendance(*, event, sessions=None, registrations=None) -> dict:
    """Seats and who came: registered, checked in, no-shows (once the event has ended),
    waiting, and the reviews' average; for a multi-session event, the same per session
    under "sessions" (the event's figures are their sums: a person at two sessions counts
    twice). `registrations` narrows the people counted (a co-organizer's own students)."""
    sessions = event_sessions(event=event) if sessions is None else sessions
    rows = Registration.objects.filter(event=event)
    if registrations is not None:
        rows = rows.filter(pk__in=registrations.values("pk"))
    grouped = (
        rows.values("session_id", "status")
        .annotate(
            n=Count("pk"),
            came=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        .order_by()
    )
    counts, checked = {}, {}
    for entry in grouped:
        counts.setdefault(entry["session_id"], {})[entry["status"]] = entry["n"]
        if entry["status"] == Registration.Status.REGISTERED:
            checked[entry["session_id"]] = entry["came"]
    now = timezone.now()
    if sessions:
        parts = [
            {
                "session": session,
                **_figures(
                    counts.get(session.pk, {}),
                    checked.get(session.pk, 0),
                    session.capacity,
                    now >= session.ends_at,
                ),
            }
            for session in sessions
        ]
        ended = now >= event.ends_at
        total = {
            key: sum(part[key] for part in parts)
            for key in ("registered", "checked_in", "waitlisted", "offered", "cancelled", "free")
        }
        total["no_show"] = total["registered"] - total["checked_in"] if ended else None
    else:
        ended = now >= event.ends_at
        parts = []
        total = _figures(counts.get(None, {}), checked.get(None, 0), event.capacity, ended)
    reviews = Review.objects.filter(event=event)
    if registrations is not None:
        reviews = reviews.filter(registration__in=registrations.values("pk"))
    reviews = reviews.aggregate(avg=Avg("rating"), n=Count("pk"))
    return {
        **total,
        "sessions": parts,
        "rating": round(reviews["avg"], 1) if reviews["avg"] is not None else None,
        "reviews": reviews["n"],
        "ended": ended,
    }


def event_registrations(*, event):
    return (
        Registration.objects.filter(event=event)
        .select_related("session")
        .order_by("queue_number", "pk")
    )


def event_reviews(*, event, limit: int = 50):
    return list(Review.objects.filter(event=event).order_by("-created_at", "-pk")[:limit])


def waitlist_position(registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            session_id=registration.session_id,
            status=Registration.Status.WAITLISTED,
            queue_number__lt=registration.queue_number,
        ).count()
        + 1
    )


def student_profile(*, center, user):
    return StudentProfile.objects.filter(center=center, user=user).first()


def door_staff_member(*, event, pk):
    return get_object_or_404(event.door_staff.all(), pk=pk)


def event_settings(*, center) -> EventSettings:
    return EventSettings.objects.filter(center=center).first() or EventSettings(center=center)


def own_registrations(*, center, user):
    """The visitor's registrations in the center and at the events it co-organizes, the
    latest event first."""
    return (
        Registration.objects.filter(
            Q(center=center) | Q(event__in=co_organized(center=center)), user=user
        )
        .select_related("event", "session")
        .order_by("-event__starts_at", "session__starts_at", "-pk")
    )


def fair_booths(*, event, with_pending=False):
    """The fair's booths with their enterprise and positions, numbered ones first; the
    pending and declined only for the coordinators."""
    booths = Booth.objects.filter(event=event)
    if not with_pending:
        booths = booths.filter(status=Booth.Status.APPROVED)
    return (
        booths.select_related("enterprise")
        .prefetch_related(Prefetch("positions", queryset=Position.objects.order_by("title", "pk")))
        .order_by("status", "number", "pk")
    )


def own_booths(*, event, user):
    """The booths at this fair of the enterprises the visitor represents."""
    if not user.is_authenticated:
        return []
    return list(
        Booth.objects.filter(event=event, enterprise__representatives=user).select_related(
            "enterprise"
        )
    )


def access_booth(*, center, pk) -> Booth:
    return get_object_or_404(
        Booth.objects.select_related("event", "enterprise").exclude(
            event__status=Event.Status.DRAFT
        ),
        center=center,
        pk=pk,
    )


def booth_positions(*, booth):
    return list(booth.positions.select_related("base__enterprise").order_by("title", "pk"))


def booth_applications(*, center, booth):
    """The applications made from the booth, the newest first."""
    return (
        Application.objects.filter(center=center, source=booth.source)
        .select_related("position", "student__user", "student__university")
        .order_by("-created_at", "-pk")
    )


def booth_figures(*, center, booth) -> dict:
    return {
        "visits": BoothVisit.objects.filter(booth=booth).count(),
        "applications": Application.objects.filter(center=center, source=booth.source).count(),
    }


def speakers(*, event):
    return list(Speaker.objects.filter(event=event).select_related("user").order_by("order", "pk"))


def access_speaker(*, event, pk) -> Speaker:
    return get_object_or_404(Speaker.objects.select_related("user", "event"), event=event, pk=pk)


def center_mentors(*, center):
    """Who may speak: the center's active mentors."""
    return User.objects.filter(
        is_active=True,
        memberships__center=center,
        memberships__role=Role.MENTOR,
        memberships__is_active=True,
    ).order_by("name", "pk")


def feed_events(*, center, user, limit: int = 500):
    """The person's events in the center: those they hold or are offered a seat at, and
    those they speak at, from a month back on."""
    since = timezone.now() - timedelta(days=31)
    seated = Registration.objects.filter(user=user, status__in=Registration.SEATED).values(
        "event_id"
    )
    speaking = Speaker.objects.filter(center=center, user=user).values("event_id")
    return list(
        Event.objects.filter(_of(center), ends_at__gte=since)
        .exclude(status=Event.Status.DRAFT)
        .filter(Q(pk__in=seated) | Q(pk__in=speaking))
        .select_related("center")
        .order_by("starts_at", "pk")[:limit]
    )
