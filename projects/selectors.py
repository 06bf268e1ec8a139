"""Reads of calls, projects and judging: who sees which project, a judge's conflicts,
and a round's ranking."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentors.selectors import approved_mentors
from mentorship.models import Membership, Role, User
from projects import ranking
from projects.models import (
    Assignment,
    Conflict,
    Entry,
    Milestone,
    Notice,
    Objection,
    ProgramCall,
    Project,
    ProjectCall,
    Round,
    Score,
    TeamMember,
)
from students.models import StudentProfile


def round_open(round) -> bool:
    return round is not None and timezone.now() <= round.deadline


def calls_for(*, center, roles):
    rows = ProjectCall.objects.filter(center=center)
    if Role.COORDINATOR not in roles:
        rows = rows.exclude(status=ProjectCall.Status.DRAFT)
    return rows.order_by("-pk")


def access_call(*, center, roles, pk) -> ProjectCall:
    return get_object_or_404(
        calls_for(center=center, roles=roles).select_related("program_call"), pk=pk
    )


def access_call_to_edit(*, center, pk) -> ProjectCall:
    return get_object_or_404(ProjectCall.objects.filter(center=center), pk=pk)


def rounds_of(call):
    return call.rounds.prefetch_related("criteria").order_by("position")


def is_team_member(project, user) -> bool:
    return project.members.filter(user=user, status=TeamMember.Status.ACCEPTED).exists()


def team(project) -> list:
    return list(project.members.filter(status=TeamMember.Status.ACCEPTED).select_related("user"))


def team_names(project) -> list[str]:
    return [m.user.get_full_name() for m in team(project)]


def student_by_email(*, center, email: str) -> User | None:
    members = Membership.objects.filter(center=center, role=Role.STUDENT, is_active=True)
    return User.objects.filter(email__iexact=email.strip(), memberships__in=members).first()


def projects_for(*, center, user, roles, call=None):
    """Projects the visitor may read: coordinators all of the center, a student the
    projects of their teams (and those they are invited to), a judge the ones assigned."""
    rows = Project.objects.filter(center=center).select_related("call", "current_round", "owner")
    if Role.COORDINATOR not in roles:
        mine = Q(pk__in=[])
        if Role.STUDENT in roles:
            mine |= Q(
                pk__in=TeamMember.objects.filter(center=center, user=user)
                .exclude(status=TeamMember.Status.DECLINED)
                .values("project")
            )
        if Role.MENTOR in roles:
            mine |= Q(
                pk__in=Assignment.objects.filter(center=center, judge=user)
                .exclude(status=Assignment.Status.RECUSED)
                .values("entry__project")
            )
            mine |= Q(mentor=user)
        rows = rows.filter(mine)
    if call is not None:
        rows = rows.filter(call=call)
    return rows.order_by("-pk")


def access_project(*, center, user, roles, pk) -> Project:
    return get_object_or_404(projects_for(center=center, user=user, roles=roles), pk=pk)


def invitation_of(project, user) -> TeamMember | None:
    return project.members.filter(user=user, status=TeamMember.Status.INVITED).first()


def judges_of(*, center) -> list:
    """Approved mentors of the center who judge: their profiles."""
    return [a.profile for a in approved_mentors(center=center, offer="judging")[:500]]


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def blocked_pairs(*, center, entries, profiles: dict) -> set:
    """(entry pk, judge pk) pairs a judge may not take: declared conflicts, and the
    obvious ones (the judge's organization is a team member's or the advisor's university)."""
    project_ids = {e.project_id for e in entries}
    declared = set(
        Conflict.objects.filter(center=center, project_id__in=project_ids).values_list(
            "project_id", "judge_id"
        )
    )
    universities: dict = {}
    members = TeamMember.objects.filter(
        center=center, project_id__in=project_ids, status=TeamMember.Status.ACCEPTED
    )
    profile_rows = StudentProfile.objects.filter(
        center=center, user__in=members.values("user")
    ).select_related("university")
    by_user = {p.user_id: p.university for p in profile_rows if p.university}
    for member in members:
        university = by_user.get(member.user_id)
        if university:
            universities.setdefault(member.project_id, set()).update(
                {university.name_zh, university.name_en}
            )
    blocked = set()
    for entry in entries:
        names = universities.get(entry.project_id, set()) | {entry.project.advisor_university}
        for judge_id, profile in profiles.items():
            if (entry.project_id, judge_id) in declared or any(
                _same(profile.organization, name) for name in names if name
            ):
                blocked.add((entry.pk, judge_id))
    return blocked


def is_conflicted(*, center, judge, project) -> bool:
    return Conflict.objects.filter(center=center, judge=judge, project=project).exists()


def conflicts_of(*, center, project):
    return Conflict.objects.filter(center=center, project=project).select_related("judge")


def assignments_of(*, center, judge):
    """A judge's assignments, those to score first."""
    return (
        Assignment.objects.filter(center=center, judge=judge)
        .select_related("entry__project", "entry__round__call")
        .order_by("status", "-pk")
    )


def access_assignment(*, center, judge, pk) -> Assignment:
    return get_object_or_404(assignments_of(center=center, judge=judge), pk=pk)


def assignments_of_entry(entry):
    return entry.assignments.select_related("judge").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    )


def may_see_others(assignment) -> bool:
    """A judge reads the other judges' scores only once their own are in, and never when
    the round says so."""
    from_round = assignment.entry.round.others_scores
    return from_round == "after_own" and assignment.status == Assignment.Status.SCORED


def current_entry(project) -> Entry | None:
    return project.entries.filter(round=project.current_round).first()


def entries_of(round):
    return (
        Entry.objects.filter(round=round)
        .exclude(project__status=Project.Status.WITHDRAWN)
        .select_related("project")
        .annotate(
            judges=Count("assignments", filter=~Q(assignments__status=Assignment.Status.RECUSED))
        )
    )


def judge_means(round) -> dict:
    """(judge id, entry id) -> that judge's weighted mean of the entry."""
    weights = {c.pk: c.weight for c in round.criteria.all()}
    values: dict = {}
    for row in Score.objects.filter(
        assignment__entry__round=round, assignment__status=Assignment.Status.SCORED
    ).values("assignment__judge_id", "assignment__entry_id", "criterion_id", "value"):
        key = (row["assignment__judge_id"], row["assignment__entry_id"])
        values.setdefault(key, {})[row["criterion_id"]] = row["value"]
    return {key: ranking.weighted_mean(scores, weights) for key, scores in values.items()}


def standings_of(round) -> list:
    return ranking.standings(list(entries_of(round)[:1000]), judge_means(round))


def rank_of(*, center, entry) -> int | None:
    for number, standing in enumerate(standings_of(entry.round), start=1):
        if standing.entry.pk == entry.pk:
            return number if standing.mean is not None else None
    return None


def access_round(*, center, pk):
    from_center = Round.objects.filter(center=center).select_related("call")
    return get_object_or_404(from_center.prefetch_related("criteria"), pk=pk)


def access_entry(*, center, pk) -> Entry:
    return get_object_or_404(Entry.objects.filter(center=center).select_related("round"), pk=pk)


def access_project_in_center(*, center, pk) -> Project:
    return get_object_or_404(Project.objects.filter(center=center).select_related("call"), pk=pk)


def access_assignment_in_center(*, center, pk) -> Assignment:
    rows = Assignment.objects.filter(center=center).select_related(
        "entry__project", "entry__round__call"
    )
    return get_object_or_404(rows, pk=pk)


SHOWN_PUBLICLY = (Project.Status.SELECTED, Project.Status.INCUBATING, Project.Status.LAUNCHED)


def showcase(*, center):
    """Selected projects whose team agreed to be shown: the public page lists only these."""
    return (
        Project.objects.filter(center=center, status__in=SHOWN_PUBLICLY, publish_consent=True)
        .select_related("call")
        .order_by("-updated_at", "-pk")
    )


def access_milestone(*, center, project, pk):
    return get_object_or_404(Milestone.objects.filter(center=center, project=project), pk=pk)


def is_mentor_of(*, center, user) -> bool:
    return Membership.objects.filter(
        center=center, user=user, role=Role.MENTOR, is_active=True
    ).exists()


def mentors_of(*, center):
    return User.objects.filter(
        memberships__in=Membership.objects.filter(center=center, role=Role.MENTOR, is_active=True)
    ).order_by("name", "pk")


# The public notice and its objections


def notice_open(notice) -> bool:
    return notice.starts_at <= timezone.now() < notice.ends_at


def notices_open(*, center):
    """Notices of the center in their period, with the listed projects still on the list
    whose team agreed to be shown (the others are only counted)."""
    now = timezone.now()
    shown = Project.objects.filter(status=Project.Status.FINALIST, publish_consent=True).order_by(
        "pk"
    )
    return (
        Notice.objects.filter(center=center, starts_at__lte=now, ends_at__gt=now)
        .select_related("call")
        .prefetch_related(Prefetch("listed", queryset=shown, to_attr="shown"))
        .annotate(
            hidden=Count(
                "listed",
                filter=Q(listed__status=Project.Status.FINALIST, listed__publish_consent=False),
            )
        )
        .order_by("ends_at", "pk")[:20]
    )


def access_listed_project(*, center, pk) -> Project:
    """A project an objection may be filed against: on a notice in its period, shown."""
    now = timezone.now()
    rows = Project.objects.filter(
        center=center,
        status=Project.Status.FINALIST,
        publish_consent=True,
        notice__starts_at__lte=now,
        notice__ends_at__gt=now,
    ).select_related("notice__call")
    return get_object_or_404(rows, pk=pk)


def objections_by(*, center, user):
    """The objections a person filed in the center: only they (and its staff) read them."""
    if not user.is_authenticated:
        return Objection.objects.none()
    return (
        Objection.objects.filter(center=center, objector=user)
        .select_related("project")
        .order_by("-pk")[:50]
    )


def notice_of(*, center, call) -> Notice | None:
    return Notice.objects.filter(center=center, call=call).first()


def objections_of(*, center, notice):
    return (
        Objection.objects.filter(center=center, notice=notice)
        .select_related("project", "objector", "answered_by")
        .order_by("status", "pk")
    )


def access_objection(*, center, pk) -> Objection:
    rows = Objection.objects.filter(center=center).select_related("project", "notice")
    return get_object_or_404(rows, pk=pk)


def incubating(*, center):
    """Projects in incubation with their milestones, for the coordinator's list."""
    return (
        Project.objects.filter(center=center, status=Project.Status.INCUBATING)
        .select_related("call", "mentor")
        .prefetch_related("milestones")
        .annotate(
            overdue=Count(
                "milestones",
                filter=Q(milestones__overdue_at__isnull=False, milestones__done_at__isnull=True),
            )
        )
        .order_by("-overdue", "-incubated_at", "-pk")
    )


# Program staff: every center's calls (read inside `program_scope`)


def _counted(status, prefix="") -> Count:
    return Count(
        f"{prefix}projects", filter=Q(**{f"{prefix}projects__status": status}), distinct=True
    )


def _figures(prefix="") -> dict:
    """Counts of a call's projects (prefix "calls__": summed over a program call's centers)."""
    submitted = Q(**{f"{prefix}projects__submitted_at__isnull": False}) & ~Q(
        **{f"{prefix}projects__status": Project.Status.WITHDRAWN}
    )
    return {
        "submitted": Count(f"{prefix}projects", filter=submitted, distinct=True),
        "finalists": _counted(Project.Status.FINALIST, prefix),
        "selected": _counted(Project.Status.SELECTED, prefix),
        "incubating": _counted(Project.Status.INCUBATING, prefix),
        "launched": _counted(Project.Status.LAUNCHED, prefix),
    }


def program_calls(*, center=None):
    """Every center's calls, newest first, with their rounds and counts of projects."""
    rows = (
        ProjectCall.objects.all() if center is None else ProjectCall.objects.filter(center=center)
    )
    return (
        rows.select_related("center", "program_call")
        .prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("position", "pk")))
        .annotate(**_figures())
        .order_by("-pk")
    )


def program_wide_calls():
    """Program-wide calls with their centers' figures summed."""
    return ProgramCall.objects.annotate(
        centers=Count("calls", distinct=True), **_figures("calls__")
    ).order_by("-pk")


def program_call(*, pk) -> ProjectCall:
    return get_object_or_404(ProjectCall.objects.select_related("center", "program_call"), pk=pk)
