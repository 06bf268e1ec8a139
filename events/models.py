"""Events of a center: lectures, recruitment fairs, tutor activities, visits, forums."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.models import CenterOwned, ServiceCenter, University

TICKET_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


# The events another center co-organizes, for the tables' shared policies (mentorship/rls.py):
# `{center}` is the co-organizing center in its shared scope.
_PARTNERS = "SELECT event_id FROM events_eventpartner WHERE partner_id = {center}"
SHARED_EVENTS = _PARTNERS + " AND status = 'accepted'"
OFFERED_EVENTS = _PARTNERS + " AND status IN ('invited', 'accepted')"
OWN_STUDENTS = "SELECT user_id FROM students_studentprofile WHERE center_id = {center}"

# A co-organizing center reads the event (and the one it is invited to), its sessions and
# speakers; of its registrations only its own students', which its door checks in.
_OWN_STUDENTS_SEATS = f"event_id IN ({SHARED_EVENTS}) AND user_id IN ({OWN_STUDENTS})"


class Event(CenterOwned):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture or training")
        FAIR = "fair", _("Recruitment fair")
        TUTOR = "tutor", _("Face-to-face tutor activity")
        VISIT = "visit", _("Workplace-experience visit")
        FORUM = "forum", _("Forum")
        CEREMONY = "ceremony", _("Ceremony or career festival")
        ROADSHOW = "roadshow", _("Project roadshow")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", pgettext_lazy("event status", "Published")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(pgettext_lazy("event", "kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("event", "title"), max_length=150)
    description = models.TextField(pgettext_lazy("event", "description"), max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # Registration: empty lists admit everyone; within one list any entry admits, and a
    # student must pass every list that is not empty.
    eligible_universities = models.ManyToManyField(
        University, blank=True, related_name="+", verbose_name=_("universities admitted")
    )
    eligible_graduation_years = models.JSONField(
        _("graduation years admitted"), default=list, blank=True
    )
    eligible_majors = models.JSONField(_("majors admitted"), default=list, blank=True)
    eligible_degrees = models.JSONField(_("degrees admitted"), default=list, blank=True)
    cancel_until = models.DateTimeField(
        _("registrants may cancel until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the event starts."),
    )
    # Universities that co-organize the event, of this center or of others (a fair shared
    # between centers).
    co_organizers = models.ManyToManyField(
        University, blank=True, related_name="co_organized_events", verbose_name=_("co-organizers")
    )
    # A workplace-experience visit's host: its representatives keep the door with the
    # coordinators.
    host_base = models.ForeignKey(
        "bases.TrainingBase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host base"),
    )
    door_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("door staff")
    )
    # The last place in line handed out; counted under the event's row lock.
    queue_counter = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    rls_shared = {"co_organized": ("SELECT", f"id IN ({OFFERED_EVENTS})")}

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["center", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def cancel_deadline(self):
        return self.cancel_until or self.starts_at


def new_ticket_code() -> str:
    """Ten characters a door volunteer can type without confusing 0/O or 1/I: 50 random bits."""
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(10))


class EventPartner(CenterOwned):
    """Another service center invited to co-organize an event (a fair shared between
    centers): once it accepts, its students see the event and register, and its
    coordinators read their own students' registrations and keep the door for them."""

    class Status(models.TextChoices):
        INVITED = "invited", pgettext_lazy("co-organizing center", "Invited")
        ACCEPTED = "accepted", pgettext_lazy("co-organizing center", "Accepted")
        DECLINED = "declined", pgettext_lazy("co-organizing center", "Declined")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="partners")
    partner = models.ForeignKey(
        ServiceCenter,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("co-organizing center"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    # The invited center reads its invitations and answers them.
    rls_shared = {
        "invited": ("SELECT", "partner_id = {center}"),
        "answers": ("UPDATE", "partner_id = {center}"),
    }

    class Meta:
        verbose_name = _("co-organizing center")
        verbose_name_plural = _("co-organizing centers")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "partner"], name="one_partnership_per_center"),
            models.CheckConstraint(
                condition=~models.Q(partner=models.F("center")), name="partner_is_another_center"
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.partner}"


class EventSettings(CenterOwned):
    """A center's rules for its events; a center without a row has the defaults."""

    offer_hold_hours = models.PositiveSmallIntegerField(
        _("hours to confirm an offered seat"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )

    class Meta:
        verbose_name = _("event settings")
        verbose_name_plural = _("event settings")
        constraints = [models.UniqueConstraint(fields=["center"], name="event_settings_per_center")]

    def __str__(self):
        return str(_("event settings"))


class EventSession(CenterOwned):
    """One session of a multi-session event, with its own times and seats: people register
    for each session they attend, and each session keeps its own waitlist and door."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")

    rls_shared = {"co_organized": ("SELECT", f"event_id IN ({SHARED_EVENTS})")}
    title = models.CharField(pgettext_lazy("event session", "title"), max_length=150)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_session_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def cancel_deadline(self):
        cut_off = self.event.cancel_until
        return min(cut_off, self.starts_at) if cut_off else self.starts_at


class Registration(CenterOwned):
    """One person's place at an event: a seat, a place in the waitlist, or a seat offered."""

    class Status(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("event seat", "Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Seat offered")
        LAPSED = "lapsed", _("Offer lapsed")
        CANCELLED = "cancelled", pgettext_lazy("event seat", "Cancelled")

    ACTIVE = (Status.REGISTERED, Status.WAITLISTED, Status.OFFERED)
    # The states that take one of the event's seats: an offered seat is held for its person.
    SEATED = (Status.REGISTERED, Status.OFFERED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")

    rls_shared = {
        "own_students": ("SELECT", _OWN_STUDENTS_SEATS),
        "own_students_door": ("UPDATE", _OWN_STUDENTS_SEATS),
    }
    # The session of a multi-session event this seat is for; empty for an event without.
    session = models.ForeignKey(
        EventSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("session"),
    )
    # Empty for a walk-in who has no account: their name is what the door wrote down.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=100)
    # The registrant's own center: the organizer's, or a co-organizing center's for its
    # students. Every link the registrant is sent opens under its pages, where the shared
    # scope lets them read the event; the seat itself stays counted in `center`.
    home_center = models.ForeignKey(
        ServiceCenter,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrant's center"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # The order of the waitlist: taken from the event's counter under its row lock.
    queue_number = models.PositiveIntegerField(_("place in line"))
    ticket_code = models.CharField(
        _("ticket code"), max_length=12, unique=True, default=new_ticket_code
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    # Set when the reminder the day before went out, so that it goes once.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the invitation to review the event went out to someone who came, once.
    review_invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queue_number", "pk"]
        indexes = [models.Index(fields=["event", "status", "queue_number"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(
                    status__in=["registered", "waitlisted", "offered"], session__isnull=True
                ),
                name="one_active_registration_per_person",
            ),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(
                    status__in=["registered", "waitlisted", "offered"], session__isnull=False
                ),
                name="one_active_registration_per_person_and_session",
            ),
            models.UniqueConstraint(fields=["event", "queue_number"], name="registration_queue"),
        ]

    def __str__(self):
        return f"{self.name} · {self.event}"


class SeatOffer(CenterOwned):
    """A freed seat held for the next person in line until they confirm or the hold ends.

    Each offer is its own row: a lapsed offer stays lapsed, and offering again writes a new
    one, so a late click on an old email can never take a seat.
    """

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("seat offer", "Open")
        CONFIRMED = "confirmed", pgettext_lazy("seat offer", "Confirmed")
        LAPSED = "lapsed", pgettext_lazy("seat offer", "Lapsed")
        WITHDRAWN = "withdrawn", pgettext_lazy("seat offer", "Withdrawn")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    offered_at = models.DateTimeField(_("offered"))
    expires_at = models.DateTimeField(_("hold ends"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("seat offer")
        verbose_name_plural = _("seat offers")
        ordering = ["offered_at", "pk"]
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(status="open"),
                name="one_open_offer_per_registration",
            )
        ]


class DoorScan(CenterOwned):
    """Every code typed, scanned or searched at an event's door, with what the door was told."""

    class Result(models.TextChoices):
        VALID = "valid", _("Valid: checked in")
        ALREADY = "already", _("Already checked in")
        NOT_REGISTERED = "not_registered", _("Not registered")
        WRONG_EVENT = "wrong_event", _("Ticket for another event")
        WRONG_SESSION = "wrong_session", _("Ticket for another session")
        WALK_IN = "walk_in", _("Walk-in registered and checked in")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="scans")
    session = models.ForeignKey(
        EventSession, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans"
    )
    code = models.CharField(_("code"), max_length=40, blank=True)
    gate = models.CharField(_("gate"), max_length=40, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scanned_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("door scan")
        verbose_name_plural = _("door scans")
        ordering = ["-scanned_at", "-pk"]


class Review(CenterOwned):
    """What an attendee thought of the event."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="review"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(
        pgettext_lazy("event review", "comment"), max_length=2000, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event review")
        verbose_name_plural = _("event reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.event} · {self.rating}/5"


class Booth(CenterOwned):
    """An enterprise's stand at a recruitment fair: asked for by its representatives,
    approved with a number by the center's coordinators."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("fair booth", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("fair booth", "Approved")
        DECLINED = "declined", pgettext_lazy("fair booth", "Declined")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    enterprise = models.ForeignKey(
        "bases.Enterprise",
        on_delete=models.PROTECT,
        related_name="fair_booths",
        verbose_name=_("enterprise"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    number = models.CharField(pgettext_lazy("fair booth", "booth number"), max_length=8, blank=True)
    positions = models.ManyToManyField(
        "bases.Position", blank=True, related_name="+", verbose_name=_("positions")
    )
    openings = models.PositiveSmallIntegerField(
        _("openings offered at the fair"),
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    note = models.CharField(pgettext_lazy("fair booth", "note"), max_length=300, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fair booth")
        verbose_name_plural = _("fair booths")
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enterprise"], name="one_booth_per_enterprise"
            ),
            models.UniqueConstraint(
                fields=["event", "number"],
                condition=~models.Q(number=""),
                name="booth_number_unique_per_fair",
            ),
        ]

    def __str__(self):
        return f"{self.number or '—'} · {self.enterprise}"

    @property
    def source(self) -> str:
        """What an application made from this booth carries as its source."""
        return f"fair-booth:{self.pk}"


class BoothVisit(CenterOwned):
    """A student who opened a booth's page: the enterprise's count of visitors."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    visited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booth visit")
        verbose_name_plural = _("booth visits")
        constraints = [
            models.UniqueConstraint(fields=["booth", "user"], name="one_visit_per_booth_and_user")
        ]


class Speaker(CenterOwned):
    """A mentor of the center who gives a talk at the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")

    rls_shared = {"co_organized": ("SELECT", f"event_id IN ({SHARED_EVENTS})")}
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mentor"),
    )
    talk_title = models.CharField(_("talk title"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_talk_per_speaker")
        ]

    def __str__(self):
        return self.talk_title


def new_feed_token() -> str:
    """Kept for the migration that made the events' own calendar feeds (now the core's)."""
    return secrets.token_urlsafe(24)
