"""The program core: people, service centers (the tenants), memberships, audit, notifications."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mentorship.uploads import PrivateUploadTo
from mentorship.visitor import forget_center, forget_users, forget_visitors


def in_reader_language(zh: str, en: str) -> str:
    """The Chinese or English text for the language being read, the other when it is empty."""
    if (get_language() or "").startswith("zh"):
        return zh or en
    return en or zh


def center_scoped_manager(**extra):
    """The manager of every center-owned model: a query without an active center raises."""
    return ScopedManager(center="center", **extra)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One person, one account; what they may do in a center comes from their memberships."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_program_staff = models.BooleanField(
        _("program staff"),
        default=False,
        help_text=_("Staff of the Hangzhou Employment Service Center, over all service centers."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name or self.email.split("@")[0]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_users([self.pk])

    def delete(self, *args, **kwargs):
        pk = self.pk
        result = super().delete(*args, **kwargs)
        forget_users([pk])
        return result


class ServiceCenter(models.Model):
    """A tenant: one city's or university's service center of the program."""

    class Status(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("service center", "Applied")
        LICENSED = "licensed", _("Licensed")
        ACTIVE = "active", pgettext_lazy("service center", "Active")
        SUSPENDED = "suspended", _("Suspended")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150)
    city = models.CharField(_("city (Chinese)"), max_length=60)
    city_en = models.CharField(_("city (English)"), max_length=60, blank=True)
    host_institution = models.CharField(_("host institution (Chinese)"), max_length=150)
    host_institution_en = models.CharField(
        _("host institution (English)"), max_length=150, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    license_number = models.CharField(_("license number"), max_length=40, blank=True)
    licensed_on = models.DateField(_("licensed on"), null=True, blank=True)
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    subsidy_rate = models.DecimalField(
        _("subsidy per intern-month (CNY)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("2000.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    subsidy_min_months = models.PositiveSmallIntegerField(
        _("minimum subsidized months"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    subsidy_max_months = models.PositiveSmallIntegerField(
        _("maximum subsidized months"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )

    class ClaimPeriod(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    subsidy_claim_period = models.CharField(
        _("subsidy claim period"),
        max_length=8,
        choices=ClaimPeriod.choices,
        default=ClaimPeriod.QUARTER,
    )
    second_approval_threshold = models.DecimalField(
        _("claims above this amount need a second approver (CNY)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("50000.00"),
    )
    brand_color = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1d5fa8",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #1d5fa8."))],
    )
    logo = models.FileField(_("logo"), upload_to="centers/logos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service center")
        verbose_name_plural = _("service centers")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_center(self.slug)

    def delete(self, *args, **kwargs):
        forget_center(self.slug)
        return super().delete(*args, **kwargs)

    # What pages show: each text in the reader's language (see in_reader_language).
    @property
    def name(self) -> str:
        return in_reader_language(self.name_zh, self.name_en)

    @property
    def city_name(self) -> str:
        return in_reader_language(self.city, self.city_en)

    @property
    def host_name(self) -> str:
        return in_reader_language(self.host_institution, self.host_institution_en)

    @property
    def is_open(self) -> bool:
        """Licensed or active centers are visible to the public and accept sign-ups."""
        return self.status in (self.Status.LICENSED, self.Status.ACTIVE)

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED


class CenterOwned(models.Model):
    """Base of every center-owned row: its own center key and the scoped manager."""

    center = models.ForeignKey(
        ServiceCenter, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )

    objects = center_scoped_manager()

    class Meta:
        abstract = True


class University(CenterOwned):
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("university")
        verbose_name_plural = _("universities")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name_zh"], name="university_unique_name")
        ]

    def __str__(self):
        return in_reader_language(self.name_zh, self.name_en)


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    ENTERPRISE = "enterprise", _("Enterprise representative")
    MENTOR = "mentor", _("Mentor")
    COORDINATOR = "coordinator", _("Coordinator")
    BUREAU = "bureau", _("Bureau staff")


# Roles a person may choose at sign-up; the others come only by invitation.
SELF_SERVICE_ROLES = (Role.STUDENT, Role.ENTERPRISE, Role.MENTOR)
STAFF_ROLES = (Role.COORDINATOR, Role.BUREAU)


class Membership(CenterOwned):
    """A person's role in one service center; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "user", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_visitors([self.user_id])

    def delete(self, *args, **kwargs):
        forget_visitors([self.user_id])
        return super().delete(*args, **kwargs)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=7)


class Invitation(CenterOwned):
    """An invitation by email to join a center in a role (the only way to staff roles)."""

    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.email} → {self.get_role_display()}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_state_display(self):
        return {
            "accepted": _("Accepted"),
            "revoked": _("Revoked"),
            "expired": _("Expired"),
            "pending": _("Pending"),
        }[self.state]


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit trail is append-only.")

    def delete(self):
        raise TypeError("The audit trail is append-only.")


class AuditEntry(models.Model):
    """One state change: who did what to which row, when, from where, before and after.

    Entries of a center are read through `for_center`; program-wide entries (center left
    empty) only on the program staff's audited path.
    """

    center = models.ForeignKey(
        ServiceCenter, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verb = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-pk"]
        # The trail pages read newest first: per center, per center and verb, and across
        # centers (program staff); the id breaks ties of the same instant.
        indexes = [
            models.Index(fields=["center", "-created_at", "-id"], name="audit_center_recent"),
            models.Index(
                fields=["center", "verb", "-created_at", "-id"], name="audit_center_verb_recent"
            ),
            models.Index(fields=["-created_at", "-id"], name="audit_recent"),
            models.Index(fields=["verb", "-created_at", "-id"], name="audit_verb_recent"),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit trail is append-only.")


class OutgoingEmail(models.Model):
    """An email of the outbox: written with the change that caused it, sent once by a worker
    that claims the row for a lease (mentorship.notifications.email_deliver)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # The same email as HTML, sent beside the plain text; empty for plain text only.
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # While sending: when the claim runs out and another worker may send again. While
    # pending: the relay leaves the row alone until then (a back-off after a failure, or a
    # message it has just enqueued).
    lease_until = models.DateTimeField(null=True, blank=True)
    # Fixed at the first claim, so that a resend after an unknown outcome carries the same
    # Message-ID and the receiving side can recognise it.
    message_id = models.CharField(max_length=255, blank=True)
    # Headers of the email's own beside the ones every email gets (List-Unsubscribe…).
    headers = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class NotificationKind(models.TextChoices):
    WELCOME = "welcome", _("Joining a service center")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitations accepted")
    CENTER_STATUS = "center_status", _("Service center licensed, suspended or reactivated")
    CENTER_APPLICATION = "center_application", _("Applications to open a service center")
    MEMBERSHIP_CHANGED = "membership_changed", _("Changes to your memberships")
    PROFILE_VERIFIED = "profile_verified", _("Your student profile verified")
    SUBSIDY_DECISION = "subsidy_decision", _("Decisions on subsidy claims")
    SUBSIDY_SUBMITTED = "subsidy_submitted", _("Subsidy claims to review")
    REPORT_READY = "report_ready", _("Reports ready to download")
    BASE_DECISION = "base_decision", _("Decisions on training-base applications")
    BASE_SUBMITTED = "base_submitted", _("Training-base applications to review")
    NEW_APPLICANT = "new_applicant", _("New applicants to positions")
    APPLICATION_STATUS = "application_status", _("Changes to applications")
    OFFER_RESPONSE = "offer_response", _("Offers accepted or declined")
    PLACEMENT_ENDING = "placement_ending", _("Placements ending soon")
    EVALUATION_REQUESTED = "evaluation_requested", _("Evaluations requested")
    PAIRING_REQUEST = "pairing_request", _("Requests for mentoring")
    PAIRING_ANSWER = "pairing_answer", _("Mentoring requests accepted, declined or expired")
    MENTORING_SESSION = "mentoring_session", _("Mentoring sessions logged")
    PAIRING_ALERT = "pairing_alert", _("Pairings reported as not working")
    MENTOR_PROFILE_DECISION = "mentor_profile_decision", _("Decisions on mentor profiles")
    FEEDBACK_DUE = "feedback_due", _("Reminders to give feedback on a mentoring session")
    SAVED_SEARCH_ALERT = "saved_search_alert", _("New positions matching your saved searches")
    EVENT_REGISTRATION = "event_registration", _("Event registrations and tickets")
    EVENT_SEAT_OFFERED = "event_seat_offered", _("Event seats offered from the waitlist")
    EVENT_PARTNER = "event_partner", _("Invitations to co-organize events and their answers")
    BOOTH_DECISION = "booth_decision", _("Decisions on your recruitment-fair booths")
    CONSULTATION_SLOT = "consultation_slot", _("Consultation slots booked, cancelled and reminded")
    WALK_IN_QUEUE = "walk_in_queue", _("Your turn in a walk-in queue")
    PROJECT_TEAM = "project_team", _("Invitations to project teams and their answers")
    PROJECT_JUDGING = "project_judging", _("Projects assigned to you for judging")
    PROJECT_RESULT = "project_result", _("Results of your projects")
    PROJECT_NOTICE = "project_notice", _("Objections to projects on public notice and answers")
    PROJECT_MILESTONE = "project_milestone", _("Incubation milestones past their due date")
    BASE_STANDING = (
        "base_standing",
        _("Recognitions of bases: reminders before they end, their end, the annual review"),
    )
    EMPLOYMENT_OFFER = "employment_offer", _("Offers of employment after a placement")
    DESTINATION_SURVEY = "destination_survey", _("The destination survey after graduation")


class Notification(models.Model):
    """An in-app notification of one user (user-owned: read only through the user)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    center = models.ForeignKey(
        ServiceCenter, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    # In the recipient's language when it was sent (the email's words) ...
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # ... and in every language of the portal, so the list follows the language switch.
    translations = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    email = models.OneToOneField(
        OutgoingEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_visitors([self.user_id])

    def delete(self, *args, **kwargs):
        forget_visitors([self.user_id])
        return super().delete(*args, **kwargs)

    def _localized(self, index: int, fallback: str) -> str:
        texts = self.translations.get(get_language() or "")
        return texts[index] if texts else fallback

    @property
    def localized_title(self) -> str:
        return self._localized(0, self.title)

    @property
    def localized_body(self) -> str:
        return self._localized(1, self.body)


class EmailPreference(models.Model):
    """Kinds of notification a user does not want by email (in-app ones always appear)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    send_email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_preference_unique")
        ]

    def __str__(self):
        return f"{self.user} {self.kind}: {self.send_email}"


class CenterApplication(models.Model):
    """A university's application to open a service center; licensing creates the tenant.

    Program-level (not center-owned): the center does not exist until it is licensed.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        LICENSED = "licensed", _("Licensed")
        REJECTED = "rejected", _("Rejected")

    institution = models.CharField(_("university or institution (Chinese)"), max_length=150)
    institution_en = models.CharField(
        _("university or institution (English)"), max_length=150, blank=True
    )
    city = models.CharField(_("city (Chinese)"), max_length=60)
    city_en = models.CharField(_("city (English)"), max_length=60, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    coordinator_name = models.CharField(_("intended coordinator"), max_length=60)
    coordinator_email = models.EmailField(_("intended coordinator's email"))
    plan = models.TextField(_("plan for the center"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    decision_comment = models.CharField(_("comment"), max_length=300, blank=True)
    # The language the form was filled in: the decision is written to the contact in it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    center = models.OneToOneField(
        ServiceCenter, on_delete=models.PROTECT, null=True, blank=True, related_name="application"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("service center application")
        verbose_name_plural = _("service center applications")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.institution_name

    @property
    def institution_name(self) -> str:
        return in_reader_language(self.institution, self.institution_en)

    @property
    def city_name(self) -> str:
        return in_reader_language(self.city, self.city_en)


class Report(models.Model):
    """A file generated in the background (CSV, XLSX or PDF) for one person to download.

    Belongs to a center (its staff's exports) or to the program (center left empty);
    read only through `mentorship.reports.access_report`, which checks who asks.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    center = models.ForeignKey(
        ServiceCenter, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.XLSX)
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=PrivateUploadTo("reports"), blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class FigureValue(models.Model):
    """One figure of the program for one center, month and dimension value, recomputed from
    the raw rows by a periodic task (`mentorship.figures.recompute_center`).

    Unscoped on purpose: it holds totals only, never a person, and the public dashboard
    reads it across every center. The dashboards read only this table, so a page never
    counts hundreds of thousands of raw rows.
    """

    figure = models.CharField(max_length=60)
    center = models.ForeignKey(ServiceCenter, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    # The value of the figure's extra dimension (a base's kind), or "" when it has none.
    dimension = models.CharField(max_length=30, blank=True, default="")
    value = models.DecimalField(max_digits=16, decimal_places=2)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["figure", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "center", "year", "month", "dimension"],
                name="figure_value_unique_cell",
            )
        ]
        indexes = [models.Index(fields=["figure", "year"])]

    def __str__(self):
        return f"{self.figure} {self.year}-{self.month:02d} {self.center_id}: {self.value}"


class AnnualSnapshot(models.Model):
    """What the annual report of a closed year showed the first time it was generated: its
    figures per center and its sections, kept so that every later report of that year
    shows the same (`mentorship.annual_report`).

    Unscoped on purpose, like `FigureValue`: totals and public names only, program-wide.
    """

    year = models.PositiveSmallIntegerField(unique=True)
    data = models.JSONField()
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return f"annual snapshot {self.year}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(CenterOwned):
    """A person's secret calendar address in one center: the token is the only key, so
    renewing it (the old one revoked, a new one made) shuts every calendar app that
    subscribed with the old address. Revoked rows stay, for the person's data copy.

    A person has one live address per center, apart from addresses carried over from the
    two feeds that came before this one (students' and events'), which keep answering
    until the person renews or revokes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    carried_over = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "user"],
                condition=models.Q(revoked_at__isnull=True, carried_over=False),
                name="one_live_calendar_address",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
