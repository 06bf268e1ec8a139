"""Mentors and friends, their approval per center, pairings with students and what happens
during a pairing: goals, mentoring sessions, feedback and the closing summaries."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.models import CenterOwned


class Language(models.TextChoices):
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    JAPANESE = "ja", _("Japanese")
    KOREAN = "ko", _("Korean")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")


def split_tags(text: str) -> list[str]:
    """Tags as typed: separated by commas (also the Chinese ones) or 、, blanks dropped."""
    for mark in ("，", "、", ";", "；"):
        text = text.replace(mark, ",")
    seen = []
    for tag in (part.strip() for part in text.split(",")):
        if tag and tag.casefold() not in {s.casefold() for s in seen}:
            seen.append(tag[:40])
    return seen


class MentorProfile(models.Model):
    """A mentor's or friend's own profile, one per person, shown in every center that
    approved it (the person's, not a center's: unscoped on purpose)."""

    class Kind(models.TextChoices):
        MENTOR = "mentor", pgettext_lazy("mentor kind", "Mentor")
        FRIEND = "friend", pgettext_lazy("mentor kind", "Friend")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    kind = models.CharField(
        pgettext_lazy("mentor", "kind"), max_length=10, choices=Kind.choices, default=Kind.MENTOR
    )
    title = models.CharField(pgettext_lazy("mentor", "title"), max_length=100)
    organization = models.CharField(_("organization"), max_length=150)
    industry_tags = models.CharField(
        _("industries"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    expertise_tags = models.CharField(
        _("expertise"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    majors = models.CharField(
        _("majors advised"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    languages = models.CharField(_("languages"), max_length=60, default="zh")
    bio = models.TextField(_("about me"), max_length=3000, blank=True)
    offers_pairing = models.BooleanField(_("pairs with students"), default=True)
    offers_talks = models.BooleanField(_("gives talks"), default=False)
    offers_consultations = models.BooleanField(_("holds consultations"), default=False)
    offers_judging = models.BooleanField(_("judges projects"), default=False)
    capacity = models.PositiveSmallIntegerField(
        _("mentees at a time"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    accepting = models.BooleanField(_("accepting new mentees"), default=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    # Pairings active now, over every center: kept by the pairing services under this
    # row's lock, so concurrent accepts never pass the capacity.
    active_mentees = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_mentees__lte=models.F("capacity")),
                name="mentor_within_capacity",
            )
        ]

    def __str__(self):
        return self.user.get_full_name()

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.active_mentees, 0)

    def tags(self) -> list[str]:
        return split_tags(f"{self.industry_tags},{self.expertise_tags}")

    def industry_list(self) -> list[str]:
        return split_tags(self.industry_tags)

    def expertise_list(self) -> list[str]:
        return split_tags(self.expertise_tags)

    def major_list(self) -> list[str]:
        return split_tags(self.majors)

    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code in Language.values]

    def language_names(self) -> list[str]:
        return [str(Language(code).label) for code in self.language_codes()]

    def offers(self) -> list[str]:
        names = [
            (self.offers_pairing, _("Pairing")),
            (self.offers_talks, _("Talks")),
            (self.offers_consultations, _("Consultations")),
            (self.offers_judging, _("Judging")),
        ]
        return [str(name) for on, name in names if on]


class MentorApproval(CenterOwned):
    """Whether a center shows a mentor to its students: each center decides for itself."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", pgettext_lazy("mentor profile", "Approved")
        REJECTED = "rejected", pgettext_lazy("mentor profile", "Rejected")

    profile = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="approvals")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentor approval")
        verbose_name_plural = _("mentor approvals")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["center", "profile"], name="mentor_approval_unique")
        ]
        indexes = [models.Index(fields=["center", "status", "id"])]

    def __str__(self):
        return str(self.profile)


class MentorSettings(CenterOwned):
    """A center's rules for pairing: how long a mentor has to answer, and how suggestions
    weigh each reason."""

    response_days = models.PositiveSmallIntegerField(
        _("days a mentor has to answer a request"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    weight_major = models.PositiveSmallIntegerField(
        _("weight of major fit"), default=4, validators=[MaxValueValidator(10)]
    )
    weight_tags = models.PositiveSmallIntegerField(
        _("weight of shared interests"), default=3, validators=[MaxValueValidator(10)]
    )
    weight_language = models.PositiveSmallIntegerField(
        _("weight of a shared language"), default=1, validators=[MaxValueValidator(10)]
    )
    weight_capacity = models.PositiveSmallIntegerField(
        _("weight of free places"), default=1, validators=[MaxValueValidator(10)]
    )
    weight_feedback = models.PositiveSmallIntegerField(
        _("weight of past feedback"), default=1, validators=[MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("pairing settings")
        verbose_name_plural = _("pairing settings")
        constraints = [models.UniqueConstraint(fields=["center"], name="mentor_settings_unique")]

    def __str__(self):
        return str(self.center)


class PairingRequest(CenterOwned):
    """A student's request for a mentor: up to three mentors in order of preference, asked
    one after another."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a mentor")
        PAIRED = "paired", _("Paired")
        UNANSWERED = "unanswered", _("No mentor accepted")
        WITHDRAWN = "withdrawn", pgettext_lazy("pairing request", "Withdrawn")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("why you ask for a mentor"), max_length=2000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pairing request")
        verbose_name_plural = _("pairing requests")
        ordering = ["-pk"]

    def __str__(self):
        return str(self.student.get_full_name())


class Pairing(CenterOwned):
    """One student with one mentor: a choice of a request while it is asked, the mentoring
    itself once accepted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for an earlier choice")
        REQUESTED = "requested", pgettext_lazy("pairing", "Requested")
        DECLINED = "declined", pgettext_lazy("pairing", "Declined")
        EXPIRED = "expired", pgettext_lazy("pairing", "Expired")
        SKIPPED = "skipped", _("Not needed")
        WITHDRAWN = "withdrawn", pgettext_lazy("pairing request", "Withdrawn")
        ACTIVE = "active", pgettext_lazy("pairing", "Active")
        COMPLETED = "completed", pgettext_lazy("pairing", "Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    request = models.ForeignKey(
        PairingRequest, on_delete=models.CASCADE, related_name="pairings", null=True, blank=True
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="pairings")
    preference = models.PositiveSmallIntegerField(_("choice"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    answer_note = models.CharField(_("note"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    student_summary = models.TextField(_("student's closing summary"), blank=True)
    mentor_summary = models.TextField(_("mentor's closing summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["center", "status", "respond_by"]),
            models.Index(fields=["center", "student", "status"]),
        ]

    def __str__(self):
        return f"{self.student.get_full_name()} · {self.mentor}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.ENDED_EARLY)


class Goal(CenterOwned):
    class Status(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(pgettext_lazy("goal", "goal"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AGREED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class MentoringSession(CenterOwned):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    next_steps = models.TextField(_("next steps"), max_length=2000, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # When each side was reminded that its feedback is due: set once under the row's lock.
    student_reminded_at = models.DateTimeField(null=True, blank=True)
    mentor_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.topic


class SessionFeedback(CenterOwned):
    class Side(models.TextChoices):
        STUDENT = "student", _("Student")
        MENTOR = "mentor", pgettext_lazy("mentor kind", "Mentor")

    session = models.ForeignKey(MentoringSession, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    working = models.BooleanField(_("is this pairing working?"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "side"], name="session_feedback_per_side"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="session_feedback_rating"
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.rating}"


# Face-to-face tutor activities: consultation slots booked ahead and the walk-in queue.


class FaceToFaceActivity(CenterOwned):
    """A face-to-face tutor activity of a center: a panel of mentors at a venue for a few
    hours, with slots booked ahead and a walk-in queue at the door."""

    title = models.CharField(_("title"), max_length=200)
    venue = models.CharField(_("venue"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Typed at the door (or read from its QR code) to take a number in the walk-in queue.
    door_code = models.CharField(_("door code"), max_length=8)
    minutes_per_consultation = models.PositiveSmallIntegerField(
        _("minutes per walk-in consultation"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    mentors = models.ManyToManyField(
        MentorProfile, through="ActivityMentor", related_name="face_to_face_activities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("face-to-face activity")
        verbose_name_plural = _("face-to-face activities")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["center", "door_code"], name="activity_door_code"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="activity_ends_later"
            ),
        ]
        indexes = [models.Index(fields=["center", "starts_at", "id"])]

    def __str__(self):
        return self.title


class ActivityMentor(CenterOwned):
    """A mentor on an activity's panel; their walk-in queue's numbers are drawn under this
    row's lock."""

    activity = models.ForeignKey(FaceToFaceActivity, on_delete=models.CASCADE, related_name="panel")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mentor on a panel")
        verbose_name_plural = _("mentors on a panel")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "mentor"], name="activity_mentor_once")
        ]

    def __str__(self):
        return str(self.mentor)


class ConsultationSlot(CenterOwned):
    """One consultation a mentor offers at an activity, for one student at a time."""

    class Outcome(models.TextChoices):
        PENDING = "", _("Not recorded")
        DONE = "done", pgettext_lazy("consultation", "Done")
        NOT_HERE = "not_here", _("Not here")

    activity = models.ForeignKey(FaceToFaceActivity, on_delete=models.CASCADE, related_name="slots")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    notice_hours = models.PositiveSmallIntegerField(
        _("minimum notice (hours)"), default=2, validators=[MaxValueValidator(72)]
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default="", blank=True
    )
    outcome_note = models.CharField(_("note"), max_length=300, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            # A student holds at most one slot of a mentor at one activity.
            models.UniqueConstraint(
                fields=["activity", "mentor", "student"],
                condition=models.Q(student__isnull=False),
                name="slot_one_per_student_and_mentor",
            ),
            models.UniqueConstraint(
                fields=["activity", "mentor", "starts_at"], name="slot_start_once"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_later"
            ),
        ]
        indexes = [models.Index(fields=["center", "activity", "starts_at"])]

    def __str__(self):
        return f"{self.mentor} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def cutoff(self):
        return self.starts_at - timedelta(hours=self.notice_hours)

    @property
    def bookable(self) -> bool:
        """Free, and the mentor's notice before it has not begun."""
        return self.student_id is None and timezone.now() <= self.cutoff


class QueueTicket(CenterOwned):
    """A number taken in a mentor's walk-in queue at an activity."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        DONE = "done", pgettext_lazy("consultation", "Done")
        NOT_HERE = "not_here", _("Not here")
        LEFT = "left", _("Left the queue")

    activity = models.ForeignKey(
        FaceToFaceActivity, on_delete=models.CASCADE, related_name="tickets"
    )
    seat = models.ForeignKey(ActivityMentor, on_delete=models.CASCADE, related_name="tickets")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    called_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    told_next_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("queue number")
        verbose_name_plural = _("queue numbers")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "number"], name="queue_number_once"),
            models.UniqueConstraint(
                fields=["seat", "student"],
                condition=models.Q(status__in=("waiting", "called")),
                name="queue_one_live_number",
            ),
        ]
        indexes = [models.Index(fields=["seat", "status", "number"])]

    def __str__(self):
        return f"{self.seat} · {self.number}"


# Batch matching: a coordinator's proposal of a mentor for every waiting student of a cohort.


class MatchBatch(CenterOwned):
    """A batch match of a cohort: saved as a draft the coordinator reviews and edits, then
    published, which creates the pairings."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("batch match", "Draft")
        PUBLISHING = "publishing", _("Being published")
        PUBLISHED = "published", pgettext_lazy("batch match", "Published")

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # The cohort: waiting students of the center, narrowed by these (blank: everyone).
    university = models.ForeignKey(
        "mentorship.University",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("university"),
    )
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    major = models.CharField(_("major"), max_length=80, blank=True)
    students = models.PositiveIntegerField(_("students in the cohort"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("batch match")
        verbose_name_plural = _("batch matches")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["center", "status", "id"])]

    def __str__(self):
        return f"#{self.pk}"


class MatchProposal(CenterOwned):
    """One student of a batch: the mentor proposed with the score's breakdown, or why no
    mentor could be proposed; after publishing, the pairing made or why it was not."""

    class Unmatched(models.TextChoices):
        NONE = "", _("Proposed")
        NO_LISTED_MENTOR = "no_listed", _("None of the mentors the student listed has a place")
        NO_MENTOR = "no_mentor", _("No mentor with a free place")
        TAKEN = "taken", _("The mentors who fit are taken by other students of the batch")
        DROPPED = "dropped", _("Dropped by the coordinator")

    class Outcome(models.TextChoices):
        PENDING = "", _("Not published yet")
        PAIRED = "paired", _("Paired")
        MENTOR_FULL = "mentor_full", _("The mentor had no free place left")
        ALREADY_PAIRED = "already_paired", _("The student was paired meanwhile")
        NOT_AVAILABLE = "not_available", _("The mentor no longer takes mentees")

    batch = models.ForeignKey(MatchBatch, on_delete=models.CASCADE, related_name="proposals")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.PositiveIntegerField(_("score"), default=0)  # tenths of a point, of 1000
    breakdown = models.JSONField(default=list, blank=True)
    # The mentors the student listed in their request (empty: no preference) and those who
    # already declined them: the proposal never goes outside the first nor to the second.
    preferred = models.JSONField(default=list, blank=True)
    refused = models.JSONField(default=list, blank=True)
    unmatched = models.CharField(max_length=12, choices=Unmatched.choices, default="", blank=True)
    edited = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default="", blank=True)
    pairing = models.ForeignKey(
        Pairing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("batch proposal")
        verbose_name_plural = _("batch proposals")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "student"], name="match_proposal_once")
        ]

    def __str__(self):
        return f"{self.batch} · {self.student_id}"

    @property
    def points(self) -> str:
        return f"{self.score / 10:.1f}"
