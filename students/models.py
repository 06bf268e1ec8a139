"""Students of a center: profiles, applications to positions, and placements."""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bases.models import Position, TrainingBase
from mentorship.models import CenterOwned, University
from mentorship.uploads import PrivateUploadTo
from students.applicant_tabs import forget_counts


class StudentProfile(CenterOwned):
    """What a student tells the program about themselves; verified by their coordinator."""

    class Degree(models.TextChoices):
        ASSOCIATE = "associate", _("Associate (vocational college)")
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        DOCTOR = "doctor", _("Doctorate")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profiles"
    )
    university = models.ForeignKey(
        University, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("university")
    )
    major = models.CharField(_("major"), max_length=80, blank=True)
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2040)],
    )
    student_number = models.CharField(_("student number"), max_length=30, blank=True)
    phone = models.CharField(
        _("mobile phone"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number."))
        ],
    )
    resume = models.FileField(_("résumé (PDF)"), upload_to=PrivateUploadTo("resumes"), blank=True)
    skills = models.TextField(_("skills"), max_length=2000, blank=True)
    verified_at = models.DateTimeField(pgettext_lazy("student", "verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("student profile")
        verbose_name_plural = _("student profiles")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["center", "user"], name="student_profile_per_center"),
            models.UniqueConstraint(
                fields=["university", "student_number"],
                condition=~models.Q(student_number=""),
                name="student_number_unique_per_university",
            ),
        ]
        indexes = [
            # The coordinators' roster pages through a center's students in this order.
            models.Index(fields=["center", "verified_at", "-id"], name="student_roster_order"),
        ]

    def __str__(self):
        return self.user.get_full_name()

    REQUIRED_FOR_APPLYING = (
        "university",
        "major",
        "degree",
        "graduation_year",
        "student_number",
        "phone",
        "resume",
    )

    @property
    def missing_fields(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED_FOR_APPLYING
            # The key of a relation, not the row: telling what is missing reads nothing more.
            if not getattr(self, self._meta.get_field(name).attname)
        ]

    @property
    def is_complete(self) -> bool:
        return not self.missing_fields


class Application(CenterOwned):
    """A student's application to one position; one per student and position."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW = "interview", _("Interview")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", pgettext_lazy("internship application", "Accepted")
        DECLINED = "declined", _("Declined")
        REJECTED = "rejected", pgettext_lazy("internship application", "Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="applications", verbose_name=_("position")
    )
    student = models.ForeignKey(
        StudentProfile, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    cover_letter = models.TextField(_("cover letter"), max_length=3000, blank=True)
    # Where the student found the position, for the party that brought them there
    # (e.g. "fair-booth:12"). NULL, not "", for the position search and for every
    # application made before sources were kept: "unknown" is not a source.
    source = models.CharField(_("source"), max_length=40, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "student"], name="one_application_per_position"
            )
        ]
        indexes = [
            models.Index(fields=["position", "status", "-created_at"]),
            models.Index(fields=["student", "-created_at"]),
            # A busy position's applicants in every state, newest first, a page at a time.
            models.Index(
                fields=["position", "-created_at", "-id"], name="application_position_newest"
            ),
            # The applicants' tabs count a position's applications per state from the index
            # alone; the center is in it because the scope filters on it too.
            models.Index(
                fields=["position", "status", "center"], name="application_position_counts"
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.position}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_counts(self.position_id)

    def delete(self, *args, **kwargs):
        position_id = self.position_id
        deleted = super().delete(*args, **kwargs)
        forget_counts(position_id)
        return deleted


class Placement(CenterOwned):
    """The 3–6 month practical training that follows an accepted offer."""

    class Status(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated early")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="placement"
    )
    student = models.ForeignKey(StudentProfile, on_delete=models.PROTECT, related_name="placements")
    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="placements")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    supervisor_name = models.CharField(_("workplace supervisor"), max_length=60, blank=True)
    supervisor_phone = models.CharField(_("supervisor's phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ONGOING
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("reason for ending early"), max_length=300, blank=True)
    enterprise_rating = models.PositiveSmallIntegerField(
        _("enterprise's rating of the student"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    enterprise_evaluation = models.TextField(_("enterprise's evaluation"), blank=True)
    student_rating = models.PositiveSmallIntegerField(
        _("student's rating of the base"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    student_feedback = models.TextField(_("student's feedback on the base"), blank=True)
    ending_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["base", "start_date", "end_date"]),
            models.Index(fields=["center", "status", "end_date"]),
            # The coordinators' list pages through a center's placements newest first.
            models.Index(fields=["center", "-start_date", "-id"], name="placement_center_newest"),
            models.Index(fields=["student", "-start_date"], name="placement_student_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="placement_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.student} @ {self.base}"

    @property
    def last_day(self) -> date:
        """The placement's last day, as every page, email, export and form gives it.

        `end_date` is stored as the day after (start + N months), which keeps the month
        arithmetic of subsidies and reminders exact; people read the inclusive last day.
        """
        return self.end_date - timedelta(days=1)


class CheckIn(CenterOwned):
    """A student's monthly check-in during a placement."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="check_ins")
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    summary = models.TextField(_("what I did and learned"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monthly check-in")
        verbose_name_plural = _("monthly check-ins")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="one_check_in_per_month")
        ]

    def __str__(self):
        return f"{self.placement} {self.month:%Y-%m}"


class StudentImport(CenterOwned):
    """A coordinator's CSV or XLSX file of students: checked in full, then written all or none."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    file = models.FileField(upload_to=PrivateUploadTo("imports"))
    original_name = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # [{"row": 3, "field": "email", "message": "..."}, ...] from the last check.
    problems = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("student import")
        verbose_name_plural = _("student imports")
        ordering = ["-pk"]

    def __str__(self):
        return self.original_name


class SavedSearch(CenterOwned):
    """A student's position search kept under a name, with the alert it sends: new
    positions that match, as they are published or in a daily or weekly digest."""

    class Alert(models.TextChoices):
        INSTANT = "instant", _("Instantly")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")
        OFF = "off", _("No alerts")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=80)
    q = models.CharField(_("keywords"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=40, blank=True)
    major = models.CharField(_("major"), max_length=80, blank=True)
    duration = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    enterprise = models.CharField(_("enterprise"), max_length=100, blank=True)
    min_stipend = models.DecimalField(
        _("monthly stipend (CNY)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    alert = models.CharField(_("alert"), max_length=8, choices=Alert.choices, default=Alert.DAILY)
    # When the alert was last chosen: a digest lists positions published since then at the
    # earliest, not those that appeared while the student wanted no digest.
    alert_since = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "user", "name"], name="saved_search_name_per_student"
            )
        ]
        indexes = [models.Index(fields=["center", "alert"], name="saved_search_alert")]

    def __str__(self):
        return self.name

    def filters(self) -> dict:
        """The search's filters as `selectors.search_positions` takes them."""
        enterprise = self.enterprise
        if enterprise.isascii() and enterprise.isdigit() and len(enterprise) < 10:
            enterprise = int(enterprise)
        return {
            "q": self.q,
            "city": self.city,
            "major": self.major,
            "duration": self.duration,
            "enterprise": enterprise or None,
            "min_stipend": self.min_stipend,
        }

    def query(self) -> dict:
        """The search page's query string for this search."""
        values = {
            "q": self.q,
            "city": self.city,
            "major": self.major,
            "duration": self.duration or "",
            "enterprise": self.enterprise,
            "min_stipend": int(self.min_stipend) if self.min_stipend is not None else "",
        }
        return {key: value for key, value in values.items() if value != ""}

    def described(self) -> list[tuple[str, str]]:
        """The search's filters as (label, value) pairs, for people to read."""
        labels = [
            ("q", self.q),
            ("city", self.city),
            ("major", self.major),
            ("duration", self.duration),
            ("enterprise", self.enterprise),
            ("min_stipend", f"≥ ¥{self.min_stipend:,.0f}" if self.min_stipend is not None else ""),
        ]
        return [
            (str(self._meta.get_field(name).verbose_name), str(value))
            for name, value in labels
            if value not in ("", None)
        ]

    def query_string(self) -> str:
        return urlencode(self.query())

    def matches(self, position) -> bool:
        """Whether the open `position` is a result of this search, by the same rules as
        `selectors.search_positions` (kept beside it: alerts test one position against many
        searches without a query each)."""
        text = position.search_text
        if any(term not in text for term in self.q.lower().split()[:5]):
            return False
        if self.city and position.city != self.city:
            return False
        if self.major and position.majors and self.major.lower() not in position.majors.lower():
            return False
        if self.duration and position.duration_months != self.duration:
            return False
        enterprise = self.filters()["enterprise"]
        if isinstance(enterprise, int):
            if position.base.enterprise_id != enterprise:
                return False
        elif enterprise:
            names = f"{position.base.enterprise.name_zh} {position.base.enterprise.name_en}"
            if enterprise.lower() not in names.lower():
                return False
        return self.min_stipend is None or position.stipend >= Decimal(self.min_stipend)


class AlertDigest(CenterOwned):
    """One digest of a student's alerts for one period (a day, or a week from its Monday):
    the row that makes it go at most once, however often the task runs."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_digests"
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    period = models.DateField()
    # Positions published up to this instant were considered; the next digest starts here.
    until = models.DateTimeField()
    position_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-until", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "user", "frequency", "period"], name="one_digest_per_period"
            )
        ]
        indexes = [models.Index(fields=["user", "frequency", "-until"], name="alert_digest_latest")]

    def __str__(self):
        return f"{self.user} {self.frequency} {self.period}"


class InstantAlert(CenterOwned):
    """A student told at once about a newly published position: at most once each."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instant_alerts"
    )
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="+")
    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "position"], name="one_instant_alert")
        ]

    def __str__(self):
        return f"{self.user} {self.position_id}"


class Interview(CenterOwned):
    """An interview the enterprise arranges on an application: it proposes times, the
    student picks one (or asks for others); the enterprise may cancel or propose again."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Times proposed")
        SCHEDULED = "scheduled", _("Scheduled")
        OTHER_TIMES = "other_times", _("Other times asked for")
        CANCELLED = "cancelled", pgettext_lazy("interview", "Cancelled")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("meeting link"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=45,
        validators=[MinValueValidator(10), MaxValueValidator(480)],
    )
    note = models.TextField(_("message to the student"), max_length=1000, blank=True)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    student_message = models.TextField(_("student's message"), max_length=1000, blank=True)
    # Raised on every change, so calendars replace the event they already hold.
    sequence = models.PositiveIntegerField(default=0)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["application", "-created_at"], name="interview_latest")]

    def __str__(self):
        return f"{self.application} ({self.get_status_display()})"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes) if self.starts_at else None

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CANCELLED


class InterviewSlot(CenterOwned):
    """One time the enterprise offers for an interview."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "starts_at"], name="one_slot_per_time")
        ]

    def __str__(self):
        return f"{self.interview_id} {self.starts_at:%Y-%m-%d %H:%M}"
