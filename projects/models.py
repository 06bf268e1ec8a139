"""Calls for entrepreneurial projects with their rounds and rubrics, the student teams and
their submissions (every revision kept), judges' assignments, conflicts and scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.models import CenterOwned
from mentorship.uploads import PrivateUploadTo

SCORE_MIN, SCORE_MAX = 1, 10
TEAM_MAX = 5


class Category(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    CULTURE_TOURISM = "culture_tourism", _("Culture and tourism")
    SOCIAL_GOOD = "social_good", _("Social good")
    ECOMMERCE = "ecommerce", _("E-commerce")
    AGRICULTURE = "agriculture", _("Modern agriculture")
    OTHER = "other", pgettext_lazy("project category", "Other")


class ProgramCall(models.Model):
    """A call run by program staff across centers: each participating center holds its own
    `ProjectCall` pointing here, so teams, judging and the notice stay per center."""

    title = models.CharField(pgettext_lazy("call", "title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    categories = models.JSONField(_("categories"), default=list)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program-wide call")
        verbose_name_plural = _("program-wide calls")
        ordering = ["-pk"]

    def __str__(self):
        return self.title


class ProjectCall(CenterOwned):
    """A center's call for projects: categories, team size and rounds in order."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("call", "Draft")
        PUBLISHED = "published", pgettext_lazy("call", "Open")
        CLOSED = "closed", pgettext_lazy("call", "Closed")

    title = models.CharField(pgettext_lazy("call", "title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    categories = models.JSONField(_("categories"), default=list)
    team_min = models.PositiveSmallIntegerField(
        _("smallest team"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    team_max = models.PositiveSmallIntegerField(
        _("largest team"), default=5, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    notice_days = models.PositiveSmallIntegerField(
        _("public notice period (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    program_call = models.ForeignKey(
        ProgramCall, on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    team_min__gte=1, team_max__lte=5, team_min__lte=models.F("team_max")
                ),
                name="project_call_team_size",
            )
        ]

    def __str__(self):
        return self.title

    def category_labels(self) -> list[str]:
        return [str(Category(code).label) for code in self.categories if code in Category.values]


class Round(CenterOwned):
    """One round of a call, judged against its own rubric; `advance_count` go on."""

    class Visibility(models.TextChoices):
        AFTER_OWN = "after_own", _("After submitting one's own scores")
        NEVER = "never", _("Never")

    call = models.ForeignKey(ProjectCall, on_delete=models.CASCADE, related_name="rounds")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(pgettext_lazy("round", "name"), max_length=100)
    deadline = models.DateTimeField(_("submission deadline"))
    advance_count = models.PositiveSmallIntegerField(
        _("projects that advance"), default=10, validators=[MinValueValidator(1)]
    )
    reviews_per_submission = models.PositiveSmallIntegerField(
        _("reviews per submission"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    blind = models.BooleanField(_("blind judging (team names hidden)"), default=False)
    others_scores = models.CharField(
        _("judges see the others' scores"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.AFTER_OWN,
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="project_round_position")
        ]

    def __str__(self):
        return self.name


class Criterion(CenterOwned):
    """A line of a round's rubric, scored 1–10 and weighed by `weight`."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(pgettext_lazy("criterion", "name"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Project(CenterOwned):
    """A student team's project under a call."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROTOTYPE = "prototype", _("Prototype")
        COMPANY = "company", _("Registered company")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("project", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("project", "Submitted")
        WITHDRAWN = "withdrawn", pgettext_lazy("project", "Withdrawn")
        NOT_ADVANCED = "not_advanced", _("Did not advance")
        FINALIST = "finalist", _("On the final list")
        SELECTED = "selected", pgettext_lazy("project", "Selected")
        INCUBATING = "incubating", _("Incubating")
        LAUNCHED = "launched", _("Launched")
        STOPPED = "stopped", pgettext_lazy("project", "Stopped")

    call = models.ForeignKey(ProjectCall, on_delete=models.PROTECT, related_name="projects")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(pgettext_lazy("project", "title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    problem = models.TextField(_("problem"), max_length=3000)
    solution = models.TextField(_("solution"), max_length=3000)
    market = models.TextField(_("market"), max_length=3000)
    pitch_deck = models.FileField(
        _("pitch deck (PDF)"), upload_to=PrivateUploadTo("pitch-decks"), blank=True
    )
    video_url = models.URLField(_("video link"), blank=True)
    advisor_name = models.CharField(_("faculty advisor"), max_length=60, blank=True)
    advisor_university = models.CharField(_("advisor's university"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    current_round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    publish_consent = models.BooleanField(_("the team agrees to be shown publicly"), default=False)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    incubated_at = models.DateTimeField(_("incubation started"), null=True, blank=True)
    notice = models.ForeignKey(
        "Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="listed"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("incubation mentor"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["center", "call", "status"])]

    def __str__(self):
        return self.title


class TeamMember(CenterOwned):
    """A place in a team: the owner, or a student invited by email until they accept."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("In the team")
        DECLINED = "declined", pgettext_lazy("invitation", "Declined")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "email"], name="project_member_email")
        ]

    def __str__(self):
        return self.email


class Revision(CenterOwned):
    """What the team submitted to a round, frozen: each new submission is a new revision."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="revisions")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField(default=dict)
    pitch_deck = models.FileField(upload_to=PrivateUploadTo("pitch-decks"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="project_revision_number")
        ]

    def __str__(self):
        return f"{self.project} · {self.number}"


class Entry(CenterOwned):
    """A project in a round: judged there, then advanced or not."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for the decision")
        ADVANCED = "advanced", _("Advanced")
        REJECTED = "rejected", _("Did not advance")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="entries")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    justification = models.TextField(_("justification"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "round"], name="project_entry_unique")
        ]

    def __str__(self):
        return f"{self.project} · {self.round}"


class Conflict(CenterOwned):
    """A judge's declared conflict of interest with a project: it blocks the assignment."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("Same university")
        ENTERPRISE = "enterprise", _("Same enterprise")
        ADVISOR = "advisor", _("I advise the team")
        INVESTOR = "investor", _("I invest or may invest")
        OTHER = "other", pgettext_lazy("conflict", "Other")

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind of conflict"), max_length=12, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["pk"]

    def __str__(self):
        return self.get_kind_display()


class Assignment(CenterOwned):
    """A judge asked to score an entry."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("To score")
        SCORED = "scored", _("Scored")
        RECUSED = "recused", _("Recused")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED
    )
    recuse_reason = models.CharField(_("reason"), max_length=300, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="project_assignment_unique")
        ]
        indexes = [models.Index(fields=["center", "judge", "status"])]

    def __str__(self):
        return f"{self.entry} · {self.judge_id}"


class Score(CenterOwned):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="project_score_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX),
                name="project_score_range",
            ),
        ]

    def __str__(self):
        return str(self.value)


class Milestone(CenterOwned):
    """A step of a selected project's incubation, with the day it is due."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(pgettext_lazy("milestone", "milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # Set once, when the milestone is first found past its day without being done.
    overdue_at = models.DateTimeField(_("flagged overdue"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class Notice(CenterOwned):
    """The public notice (公示) of a call's final list: open from `starts_at` to `ends_at`;
    the listed projects are selected once it has ended and no objection is left open."""

    call = models.OneToOneField(ProjectCall, on_delete=models.CASCADE, related_name="notice")
    starts_at = models.DateTimeField(_("notice starts"))
    ends_at = models.DateTimeField(_("notice ends"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="project_notice_period"
            )
        ]

    def __str__(self):
        return str(self.call)


class Objection(CenterOwned):
    """An objection to a project on a public notice, filed by a signed-in person and
    answered by the center's coordinator."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD = "upheld", _("Upheld")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objections")
    objector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=3000)
    evidence = models.FileField(
        _("evidence (PDF or image)"), upload_to=PrivateUploadTo("objections"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), max_length=3000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["pk"]
        indexes = [models.Index(fields=["center", "notice", "status"])]

    def __str__(self):
        return f"{self.project} · {self.pk}"
