"""Workflows of entrepreneurial projects: calls and their rounds, teams and submissions,
judging (assignment, conflicts, scores) and the coordinators' decisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit, field_diff
from mentorship.links import center_url
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.scoping import center_scope
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.workflow import transition
from projects import selectors
from projects.assignment import assign
from projects.models import (
    Assignment,
    Conflict,
    Criterion,
    Entry,
    Milestone,
    ProgramCall,
    Project,
    ProjectCall,
    Revision,
    Round,
    Score,
    TeamMember,
)

PS = Project.Status
CALL_FIELDS = ("title", "description", "categories", "team_min", "team_max", "notice_days")
ROUND_FIELDS = (
    "name",
    "deadline",
    "advance_count",
    "reviews_per_submission",
    "blind",
    "others_scores",
)
PROJECT_FIELDS = (
    "title",
    "summary",
    "category",
    "stage",
    "problem",
    "solution",
    "market",
    "video_url",
    "advisor_name",
    "advisor_university",
    "publish_consent",
)
CALL_TRANSITIONS = {
    ProjectCall.Status.DRAFT: (ProjectCall.Status.PUBLISHED,),
    ProjectCall.Status.PUBLISHED: (ProjectCall.Status.CLOSED,),
}
PROJECT_TRANSITIONS = {
    PS.DRAFT: (PS.SUBMITTED, PS.WITHDRAWN),
    PS.SUBMITTED: (PS.SUBMITTED, PS.WITHDRAWN, PS.NOT_ADVANCED, PS.FINALIST),
    # The final list goes on public notice: selected when it ends, or taken off after an
    # upheld objection (projects.notices).
    PS.FINALIST: (PS.SELECTED, PS.NOT_ADVANCED),
    PS.SELECTED: (PS.INCUBATING, PS.STOPPED),
    PS.INCUBATING: (PS.LAUNCHED, PS.STOPPED),
}
DECISION_TRANSITIONS = {
    Entry.Decision.PENDING: (Entry.Decision.ADVANCED, Entry.Decision.REJECTED),
}
ASSIGNMENT_TRANSITIONS = {
    Assignment.Status.ASSIGNED: (Assignment.Status.SCORED, Assignment.Status.RECUSED),
}

NOT_TEAM = _("Only the project's team can do this.")
JUDGING_CLOSED = _("The round is decided for this project: judging is closed.")
ROUND_CLOSED = _("The round's deadline has passed: no new revision can be submitted.")


def project_url(center, project) -> str:
    return center_url(center, "center:projects:project", pk=project.pk)


def _coordinator(center, actor):
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)


def _call_runner(center, actor):
    """Calls, rounds and rubrics: the center's coordinators, or program staff setting up a
    program-wide call in the center."""
    if getattr(actor, "is_program_staff", False):
        ensure_center_can_act(center)
    else:
        _coordinator(center, actor)


# Calls, rounds, rubrics


@transaction.atomic
def call_save(*, center, actor, call=None, program_call=None, **data) -> ProjectCall:
    _call_runner(center, actor)
    if data["team_min"] > data["team_max"]:
        raise ValidationError({"team_min": _("The smallest team cannot be above the largest.")})
    if not data["categories"]:
        raise ValidationError({"categories": _("Choose at least one category.")})
    if call is None:
        call = ProjectCall(center=center, created_by=actor, program_call=program_call)
        before = {}
    else:
        call = ProjectCall.objects.select_for_update(of=("self",)).get(pk=call.pk)
        before = {f: getattr(call, f) for f in CALL_FIELDS}
    for field in CALL_FIELDS:
        setattr(call, field, data.get(field, getattr(call, field)))
    call.save()
    old, new = field_diff(before, {f: getattr(call, f) for f in CALL_FIELDS})
    audit(center=center, actor=actor, verb="project_call.saved", target=call, before=old, after=new)
    return call


@transaction.atomic
def round_add(*, center, actor, call, **data) -> Round:
    _call_runner(center, actor)
    call = ProjectCall.objects.select_for_update(of=("self",)).get(pk=call.pk)
    last = call.rounds.order_by("-position").first()
    if last and data["deadline"] <= last.deadline:
        raise ValidationError(
            {"deadline": _("A round's deadline comes after the deadline of the round before.")}
        )
    found = Round(center=center, call=call, position=(last.position + 1) if last else 1)
    for field in ROUND_FIELDS:
        setattr(found, field, data[field])
    found.save()
    audit(
        center=center,
        actor=actor,
        verb="project_round.added",
        target=call,
        after={"round": found.name, "deadline": data["deadline"].isoformat()},
    )
    return found


@transaction.atomic
def criterion_add(*, center, actor, round, name: str, weight: int) -> Criterion:
    _call_runner(center, actor)
    if round.entries.filter(assignments__status=Assignment.Status.SCORED).exists():
        raise ValidationError(_("Judges have already scored this round; its rubric is fixed."))
    criterion = Criterion.objects.create(center=center, round=round, name=name, weight=weight)
    audit(
        center=center,
        actor=actor,
        verb="project_criterion.added",
        target=round.call,
        after={"round": round.name, "criterion": name, "weight": weight},
    )
    return criterion


@transaction.atomic
def call_publish(*, center, actor, call) -> ProjectCall:
    _coordinator(center, actor)
    call = ProjectCall.objects.select_for_update(of=("self",)).get(pk=call.pk)
    rounds = list(call.rounds.prefetch_related("criteria"))
    if not rounds:
        raise ValidationError(_("Add at least one round before publishing."))
    if any(not r.criteria.all() for r in rounds):
        raise ValidationError(_("Every round needs at least one criterion in its rubric."))
    return transition(
        call,
        to=ProjectCall.Status.PUBLISHED,
        allowed=CALL_TRANSITIONS,
        center=center,
        actor=actor,
        verb="project_call.published",
        changes={"published_at": timezone.now()},
    )


# Program-wide calls


@transaction.atomic
def program_call_create(
    *, actor, centers, rounds: list[dict], rubric: list[tuple[str, int]], **data
) -> ProgramCall:
    """A program-wide call: one draft call in each chosen center, owned by it, with the same
    rounds and rubric, made by the center's own services; its coordinators publish it."""
    if not getattr(actor, "is_program_staff", False):
        raise PermissionDenied(_("Only program staff run program-wide calls."))
    if not centers:
        raise ValidationError({"centers": _("Choose at least one service center.")})
    if not data["categories"]:
        raise ValidationError({"categories": _("Choose at least one category.")})
    if not rounds or not rubric:
        raise ValidationError(_("A program-wide call needs at least one round and one criterion."))
    program_call = ProgramCall.objects.create(
        created_by=actor,
        **{f: data[f] for f in ("title", "description", "categories", "year")},
    )
    audit(
        center=None,
        actor=actor,
        verb="program_call.created",
        target=program_call,
        after={
            "title": program_call.title,
            "year": program_call.year,
            "centers": [c.pk for c in centers],
        },
    )
    fields = {f: data[f] for f in ("title", "description", "categories")}
    for center in centers:
        with center_scope(center):
            call = call_save(
                center=center,
                actor=actor,
                program_call=program_call,
                team_min=1,
                team_max=5,
                notice_days=7,
                **fields,
            )
            for spec in rounds:
                found = round_add(center=center, actor=actor, call=call, **spec)
                for name, weight in rubric:
                    criterion_add(center=center, actor=actor, round=found, name=name, weight=weight)
    return program_call


# Teams and submissions


def ensure_team(project, user) -> None:
    if not selectors.is_team_member(project, user):
        raise PermissionDenied(NOT_TEAM)


def _lock(project) -> Project:
    return Project.objects.select_for_update(of=("self",)).get(pk=project.pk)


@transaction.atomic
def project_create(*, center, actor, call, pitch_deck=None, **data) -> Project:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)
    if call.status != ProjectCall.Status.PUBLISHED:
        raise ValidationError(_("This call is not open for projects."))
    first = call.rounds.order_by("position").first()
    if first is None or first.deadline < timezone.now():
        raise ValidationError(_("The call's first deadline has passed."))
    if data["category"] not in call.categories:
        raise ValidationError({"category": _("This call does not take this category.")})
    project = Project(center=center, call=call, owner=actor, current_round=first)
    for field in PROJECT_FIELDS:
        setattr(project, field, data[field])
    if pitch_deck is not None:
        project.pitch_deck = pitch_deck
    project.save()
    TeamMember.objects.create(
        center=center,
        project=project,
        email=actor.email,
        user=actor,
        status=TeamMember.Status.ACCEPTED,
    )
    audit(center=center, actor=actor, verb="project.created", target=project)
    return project


@transaction.atomic
def project_update(*, center, actor, project, pitch_deck=None, **data) -> Project:
    """The team edits its project: freely as a draft; once submitted only while the round
    is open, and each such change is submitted again as a new revision."""
    ensure_center_can_act(center)
    project = _lock(project)
    ensure_team(project, actor)
    if project.status not in (PS.DRAFT, PS.SUBMITTED):
        raise ValidationError(_("This project can no longer be changed."))
    if project.status == PS.SUBMITTED and not selectors.round_open(project.current_round):
        raise ValidationError(ROUND_CLOSED)
    if data["category"] not in project.call.categories:
        raise ValidationError({"category": _("This call does not take this category.")})
    before = {f: getattr(project, f) for f in PROJECT_FIELDS}
    for field in PROJECT_FIELDS:
        setattr(project, field, data[field])
    if pitch_deck is not None:
        project.pitch_deck = pitch_deck
    project.save()
    old, new = field_diff(before, {f: getattr(project, f) for f in PROJECT_FIELDS})
    if pitch_deck is not None:
        new["pitch_deck"] = "✓"
    audit(center=center, actor=actor, verb="project.edited", target=project, before=old, after=new)
    if project.status == PS.SUBMITTED:
        _revise(center, actor, project)
    return project


@transaction.atomic
def member_invite(*, center, actor, project, email: str) -> TeamMember:
    ensure_center_can_act(center)
    project = _lock(project)
    ensure_team(project, actor)
    if project.status != PS.DRAFT:
        raise ValidationError(_("Teammates are invited while the project is a draft."))
    email = email.strip().lower()
    student = selectors.student_by_email(center=center, email=email)
    if student is None:
        raise ValidationError({"email": _("Only students of this center can join a team.")})
    members = list(project.members.exclude(status=TeamMember.Status.DECLINED))
    if any(m.email.lower() == email for m in members):
        raise ValidationError({"email": _("This student is already in the team or invited.")})
    if len(members) >= project.call.team_max:
        raise ValidationError(
            {"email": _("A team has at most %(n)s people.") % {"n": project.call.team_max}}
        )
    member, _created = TeamMember.objects.update_or_create(
        project=project,
        email=email,
        defaults={"center": center, "user": student, "status": TeamMember.Status.INVITED},
    )
    audit(
        center=center,
        actor=actor,
        verb="project.member_invited",
        target=project,
        after={"email": email},
    )
    inviter, title = actor.get_full_name(), project.title
    notify(
        student,
        NotificationKind.PROJECT_TEAM,
        center=center,
        title=lambda: (
            _("%(name)s invites you to the team of “%(project)s”")
            % {"name": inviter, "project": title}
        ),
        body=lambda: _("Open the project to accept or decline."),
        url=project_url(center, project),
    )
    return member


@transaction.atomic
def member_answer(*, center, actor, member, accept: bool) -> TeamMember:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)
    member = TeamMember.objects.select_for_update(of=("self",)).get(pk=member.pk)
    if member.user_id != actor.pk or member.status != TeamMember.Status.INVITED:
        raise ValidationError(_("There is no invitation waiting for you here."))
    member.status = TeamMember.Status.ACCEPTED if accept else TeamMember.Status.DECLINED
    member.save(update_fields=["status"])
    project = member.project
    audit(
        center=center,
        actor=actor,
        verb="project.member_joined" if accept else "project.member_declined",
        target=project,
    )
    name, title = actor.get_full_name(), project.title
    notify(
        project.owner,
        NotificationKind.PROJECT_TEAM,
        center=center,
        title=(
            (
                lambda: (
                    _("%(name)s joined the team of “%(project)s”")
                    % {"name": name, "project": title}
                )
            )
            if accept
            else (
                lambda: (
                    _("%(name)s declined to join “%(project)s”") % {"name": name, "project": title}
                )
            )
        ),
        url=project_url(center, project),
    )
    return member


def _snapshot(project) -> dict:
    return {field: getattr(project, field) for field in PROJECT_FIELDS} | {
        "team": selectors.team_names(project)
    }


def _revise(center, actor, project) -> Revision:
    number = (project.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = Revision.objects.create(
        center=center,
        project=project,
        round=project.current_round,
        number=number,
        content=_snapshot(project),
        pitch_deck=project.pitch_deck.name if project.pitch_deck else "",
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    audit(
        center=center,
        actor=actor,
        verb="project.revised",
        target=project,
        after={"revision": number},
    )
    return revision


@transaction.atomic
def project_submit(*, center, actor, project) -> Project:
    ensure_center_can_act(center)
    project = _lock(project)
    ensure_team(project, actor)
    if not selectors.round_open(project.current_round):
        raise ValidationError(ROUND_CLOSED)
    if project.members.filter(status=TeamMember.Status.INVITED).exists():
        raise ValidationError(_("Wait until every invited teammate has answered."))
    size = project.members.filter(status=TeamMember.Status.ACCEPTED).count()
    if size < project.call.team_min:
        raise ValidationError(
            _("This call asks for teams of at least %(n)s.") % {"n": project.call.team_min}
        )
    transition(
        project,
        to=PS.SUBMITTED,
        allowed=PROJECT_TRANSITIONS,
        center=center,
        actor=actor,
        verb="project.submitted",
        changes={"submitted_at": project.submitted_at or timezone.now()},
    )
    Entry.objects.get_or_create(center=center, project=project, round=project.current_round)
    _revise(center, actor, project)
    return project


@transaction.atomic
def project_withdraw(*, center, actor, project) -> Project:
    ensure_center_can_act(center)
    project = _lock(project)
    ensure_team(project, actor)
    return transition(
        project,
        to=PS.WITHDRAWN,
        allowed=PROJECT_TRANSITIONS,
        center=center,
        actor=actor,
        verb="project.withdrawn",
    )


# Judging


@transaction.atomic
def conflict_declare(*, center, actor, project, kind: str, note: str = "") -> Conflict:
    """A judge declares a conflict with a project: kept for good, and it takes them off the
    project's entries they have not scored."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.MENTOR)
    conflict = Conflict.objects.create(
        center=center, judge=actor, project=project, kind=kind, note=note.strip()
    )
    audit(
        center=center,
        actor=actor,
        verb="project.conflict_declared",
        target=project,
        after={"kind": kind, "note": note.strip()},
    )
    for assignment in Assignment.objects.select_for_update(of=("self",)).filter(
        entry__project=project, judge=actor, status=Assignment.Status.ASSIGNED
    ):
        transition(
            assignment,
            to=Assignment.Status.RECUSED,
            allowed=ASSIGNMENT_TRANSITIONS,
            center=center,
            actor=actor,
            verb="project.judge_recused",
            changes={"recuse_reason": str(Conflict.Kind(kind).label)},
        )
    return conflict


@transaction.atomic
def assignment_recuse(*, center, actor, assignment, reason: str) -> Assignment:
    ensure_center_can_act(center)
    assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
    if assignment.judge_id != actor.pk:
        raise PermissionDenied(_("Only the judge assigned can recuse."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you recuse.")})
    return transition(
        assignment,
        to=Assignment.Status.RECUSED,
        allowed=ASSIGNMENT_TRANSITIONS,
        center=center,
        actor=actor,
        verb="project.judge_recused",
        changes={"recuse_reason": reason.strip()},
    )


@transaction.atomic
def judges_assign(*, center, actor, round) -> list[Assignment]:
    """Give each pending entry of the round its judges, balanced, never a conflicted one."""
    _coordinator(center, actor)
    round = Round.objects.select_for_update(of=("self",)).get(pk=round.pk)
    entries = list(
        Entry.objects.filter(round=round, decision=Entry.Decision.PENDING)
        .exclude(project__status=PS.WITHDRAWN)
        .select_related("project")
    )
    judges = selectors.judges_of(center=center)
    profiles = {p.user_id: p for p in judges}
    entry_by_pk = {e.pk: e for e in entries}
    blocked = selectors.blocked_pairs(center=center, entries=entries, profiles=profiles)
    assigned = Assignment.objects.filter(entry__in=entries)
    existing = set(
        assigned.exclude(status=Assignment.Status.RECUSED).values_list("entry_id", "judge_id")
    )
    # A judge who recused stays off the entry, and the entry needs another judge instead.
    blocked |= set(
        assigned.filter(status=Assignment.Status.RECUSED).values_list("entry_id", "judge_id")
    )
    pairs = assign(
        list(entry_by_pk),
        list(profiles),
        k=round.reviews_per_submission,
        blocked=blocked,
        existing=existing,
    )
    # One insert for the round; the unique (entry, judge) constraint still guards each pair.
    made = Assignment.objects.bulk_create(
        Assignment(center=center, entry=entry_by_pk[e], judge_id=j) for e, j in pairs
    )
    audit(
        center=center,
        actor=actor,
        verb="project.judges_assigned",
        target=round.call,
        after={"round": round.name, "assignments": len(made)},
    )
    url = center_url(center, "center:projects:judging")
    for judge_id in sorted({a.judge_id for a in made}):
        count = sum(1 for a in made if a.judge_id == judge_id)
        notify(
            profiles[judge_id].user,
            NotificationKind.PROJECT_JUDGING,
            center=center,
            title=lambda count=count: (
                _("%(n)s projects are waiting for your scores") % {"n": count}
            ),
            url=url,
        )
    return made


@transaction.atomic
def scores_submit(*, center, actor, assignment, values: dict) -> Assignment:
    """The judge's scores, one per criterion (value 1–10, comment), given once."""
    ensure_center_can_act(center)
    # The entry first, as the decision locks it: a score lands before the decision or not
    # at all. Then the assignment, so that a second submission finds it scored.
    entry = Entry.objects.select_for_update(of=("self",)).get(pk=assignment.entry_id)
    assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
    if assignment.judge_id != actor.pk:
        raise PermissionDenied(_("Only the judge assigned can score."))
    if entry.decision != Entry.Decision.PENDING:
        raise ValidationError(JUDGING_CLOSED, code="judging_closed")
    if assignment.status != Assignment.Status.ASSIGNED:
        raise ValidationError(_("These scores are already in."), code="already_scored")
    if selectors.is_conflicted(center=center, judge=actor, project=assignment.entry.project):
        raise PermissionDenied(_("You declared a conflict with this project."))
    criteria = list(assignment.entry.round.criteria.all())
    if set(values) != {c.pk for c in criteria}:
        raise ValidationError(_("Score every criterion of the rubric."))
    for criterion in criteria:
        value, comment = values[criterion.pk]
        if not 1 <= value <= 10:
            raise ValidationError(_("Scores go from 1 to 10."))
        Score.objects.create(
            center=center, assignment=assignment, criterion=criterion, value=value, comment=comment
        )
    return transition(
        assignment,
        to=Assignment.Status.SCORED,
        allowed=ASSIGNMENT_TRANSITIONS,
        center=center,
        actor=actor,
        verb="project.scored",
        changes={"scored_at": timezone.now()},
        after={"scores": ", ".join(f"{c.name} {values[c.pk][0]}" for c in criteria)},
    )


# Decisions


@transaction.atomic
def entry_decide(*, center, actor, entry, advance: bool, justification: str = "") -> Entry:
    """Advance an entry to the next round (or put it on the final list after the last) or not.
    Going
    against the ranking (advancing one below the line, or stopping one above it) needs
    a written justification."""
    _coordinator(center, actor)
    entry = Entry.objects.select_for_update(of=("self",)).select_related("round").get(pk=entry.pk)
    rank = selectors.rank_of(center=center, entry=entry)
    above_line = rank is not None and rank <= entry.round.advance_count
    overrides = advance != above_line
    if overrides and not justification.strip():
        raise ValidationError({"justification": _("This goes against the ranking: write why.")})
    transition(
        entry,
        to=Entry.Decision.ADVANCED if advance else Entry.Decision.REJECTED,
        allowed=DECISION_TRANSITIONS,
        field="decision",
        center=center,
        actor=actor,
        verb="project.advanced" if advance else "project.not_advanced",
        changes={
            "justification": justification.strip(),
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
        after={"rank": rank, "override": overrides},
    )
    project = _lock(entry.project)
    following = entry.round.call.rounds.filter(position__gt=entry.round.position).first()
    if advance and following is not None:
        project.current_round = following
        project.save(update_fields=["current_round", "updated_at"])
        Entry.objects.create(center=center, project=project, round=following)
    else:
        transition(
            project,
            to=PS.FINALIST if advance else PS.NOT_ADVANCED,
            allowed=PROJECT_TRANSITIONS,
            center=center,
            actor=actor,
            verb="project.finalist" if advance else "project.closed",
        )
    title, round_name = project.title, entry.round.name
    if advance and following is not None:
        nxt = following.name

        def text():
            return _("“%(project)s” advances from %(round)s to %(next)s") % {
                "project": title,
                "round": round_name,
                "next": nxt,
            }
    elif advance:

        def text():
            return _("“%(project)s” is on the final list") % {"project": title}
    else:

        def text():
            return _("“%(project)s” does not advance after %(round)s") % {
                "project": title,
                "round": round_name,
            }

    for member in selectors.team(project):
        notify(
            member.user,
            NotificationKind.PROJECT_RESULT,
            center=center,
            title=text,
            url=project_url(center, project),
        )
    return entry


# After selection: incubation, launch or stop


OUTCOME_VERBS = {
    PS.INCUBATING: "project.incubating",
    PS.LAUNCHED: "project.launched",
    PS.STOPPED: "project.stopped",
}


@transaction.atomic
def project_outcome(*, center, actor, project, to: str, note: str = "", mentor=None) -> Project:
    """A selected project goes into incubation (with its incubation mentor, a mentor of the
    center), then launches or stops; the team hears it."""
    _coordinator(center, actor)
    project = _lock(project)
    if to not in OUTCOME_VERBS:
        raise ValidationError(_("This cannot be done to a project."))
    if to == PS.STOPPED and not note.strip():
        raise ValidationError({"note": _("Say why the project stops.")})
    changes = {}
    if to == PS.INCUBATING:
        changes["incubated_at"] = timezone.now()
        if mentor is not None:
            if not selectors.is_mentor_of(center=center, user=mentor):
                raise ValidationError({"mentor": _("Choose a mentor of this center.")})
            changes["mentor"] = mentor
    transition(
        project,
        to=to,
        allowed=PROJECT_TRANSITIONS,
        center=center,
        actor=actor,
        verb=OUTCOME_VERBS[to],
        changes=changes or None,
        after={"note": note.strip()} if note.strip() else None,
    )
    title, status = project.title, project.get_status_display
    for member in selectors.team(project):
        notify(
            member.user,
            NotificationKind.PROJECT_RESULT,
            center=center,
            title=lambda: _("“%(project)s”: %(status)s") % {"project": title, "status": status()},
            body=note.strip(),
            url=project_url(center, project),
        )
    return project


@transaction.atomic
def milestone_add(*, center, actor, project, title: str, due_on) -> Milestone:
    _coordinator(center, actor)
    project = _lock(project)
    if project.status != PS.INCUBATING:
        raise ValidationError(_("Milestones belong to projects in incubation."))
    milestone = Milestone.objects.create(center=center, project=project, title=title, due_on=due_on)
    audit(
        center=center,
        actor=actor,
        verb="project.milestone_added",
        target=project,
        after={"milestone": title, "due_on": due_on.isoformat()},
    )
    return milestone


@transaction.atomic
def milestone_done(*, center, actor, milestone) -> Milestone:
    ensure_center_can_act(center)
    milestone = Milestone.objects.select_for_update(of=("self",)).get(pk=milestone.pk)
    ensure_team(milestone.project, actor)
    if milestone.done_at is None:
        milestone.done_at = timezone.now()
        milestone.save(update_fields=["done_at"])
        audit(
            center=center,
            actor=actor,
            verb="project.milestone_done",
            target=milestone.project,
            after={"milestone": milestone.title},
        )
    return milestone
