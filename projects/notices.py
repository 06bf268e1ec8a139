"""Workflows after the final decision: the public notice (公示) of a call's final list with
its objections and their answers, the selection when the notice ends, and overdue
incubation milestones."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.links import center_url
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.selectors import members_with_role
from mentorship.services import ensure_center_can_act
from mentorship.workflow import transition
from projects import selectors
from projects.models import Entry, Milestone, Notice, Objection, Project, ProjectCall
from projects.services import PROJECT_TRANSITIONS, _coordinator, _lock, project_url

PS = Project.Status
OBJECTION_TRANSITIONS = {
    Objection.Status.OPEN: (Objection.Status.DISMISSED, Objection.Status.UPHELD),
}
# An upheld objection undoes the last round's decision to advance the project.
REMOVAL_TRANSITIONS = {Entry.Decision.ADVANCED: (Entry.Decision.REJECTED,)}
NOT_IN_NOTICE = _("Objections are taken only while the project is on public notice.")


def _local(moment) -> str:
    """A moment in Shanghai time, in the format of the active language."""
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def notice_board_url(center) -> str:
    return center_url(center, "center:projects:notice_board")


def notice_staff_url(center, notice) -> str:
    return center_url(center, "center:projects:notice", pk=notice.call_id)


def _tell_team(center, project, title, body="") -> None:
    for member in selectors.team(project):
        notify(
            member.user,
            NotificationKind.PROJECT_RESULT,
            center=center,
            title=title,
            body=body,
            url=project_url(center, project),
        )


@transaction.atomic
def notice_publish(*, center, actor, call, days: int | None = None) -> Notice:
    """Put the call's final list on public notice for `days` (the call's setting unless
    given): from now, every project the last round advanced."""
    _coordinator(center, actor)
    call = ProjectCall.objects.select_for_update(of=("self",)).get(pk=call.pk)
    if Notice.objects.filter(call=call).exists():
        raise ValidationError(_("The final list of this call is already on public notice."))
    last = call.rounds.order_by("-position").first()
    if last is None or selectors.entries_of(last).filter(decision=Entry.Decision.PENDING).exists():
        raise ValidationError(_("Decide every project of the last round first."))
    finalists = list(
        Project.objects.select_for_update(of=("self",))
        .filter(center=center, call=call, status=PS.FINALIST, notice__isnull=True)
        .order_by("pk")
    )
    if not finalists:
        raise ValidationError(_("No project is on the final list."))
    days = days or call.notice_days
    if not 1 <= days <= 30:
        raise ValidationError(_("A public notice lasts from 1 to 30 days."))
    now = timezone.now()
    notice = Notice.objects.create(
        center=center,
        call=call,
        starts_at=now,
        ends_at=now + timedelta(days=days),
        published_by=actor,
    )
    for project in finalists:
        project.notice = notice
        project.save(update_fields=["notice", "updated_at"])
    audit(
        center=center,
        actor=actor,
        verb="project_notice.published",
        target=call,
        after={
            "projects": len(finalists),
            "starts_at": notice.starts_at.isoformat(),
            "ends_at": notice.ends_at.isoformat(),
        },
    )
    ends_at = notice.ends_at
    for project in finalists:
        title = project.title
        _tell_team(
            center,
            project,
            lambda title=title: (
                _("“%(project)s” is on public notice until %(end)s")
                % {"project": title, "end": _local(ends_at)}
            ),
            _("The project is selected when the notice ends with no objection left open."),
        )
    return notice


@transaction.atomic
def objection_file(*, center, actor, project, reason: str, evidence=None) -> Objection:
    """Anyone signed in objects to a project while it is on public notice."""
    ensure_center_can_act(center)
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to file an objection."))
    project = _lock(project)
    notice = project.notice
    if notice is None or project.status != PS.FINALIST or not selectors.notice_open(notice):
        raise ValidationError(NOT_IN_NOTICE)
    if selectors.is_team_member(project, actor):
        raise ValidationError(_("A team cannot object to its own project."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the objection is about.")})
    if Objection.objects.filter(
        project=project, objector=actor, status=Objection.Status.OPEN
    ).exists():
        raise ValidationError(_("Your objection to this project is still waiting for its answer."))
    objection = Objection.objects.create(
        center=center,
        notice=notice,
        project=project,
        objector=actor,
        reason=reason.strip(),
        evidence=evidence or "",
    )
    audit(
        center=center,
        actor=actor,
        verb="project.objection_filed",
        target=project,
        after={"objection": objection.pk, "evidence": "✓" if evidence else ""},
    )
    title, url = project.title, notice_staff_url(center, notice)
    for coordinator in members_with_role(center=center, role=Role.COORDINATOR):
        notify(
            coordinator,
            NotificationKind.PROJECT_NOTICE,
            center=center,
            title=lambda: (
                _("An objection to “%(project)s” waits for your answer") % {"project": title}
            ),
            url=url,
        )
    return objection


@transaction.atomic
def objection_answer(*, center, actor, objection, uphold: bool, answer: str) -> Objection:
    """The coordinator answers an objection. Dismissed: the project stays on the list (and is
    selected now if the notice has ended and nothing else is open). Upheld: the project
    leaves the final list, its last round's decision becomes "did not advance"."""
    _coordinator(center, actor)
    objection = Objection.objects.select_for_update(of=("self",)).get(pk=objection.pk)
    # The notice before its projects: the order the end of the notice locks them in.
    notice = Notice.objects.select_for_update(of=("self",)).get(pk=objection.notice_id)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer the objector will read.")})
    to = Objection.Status.UPHELD if uphold else Objection.Status.DISMISSED
    transition(
        objection,
        to=to,
        allowed=OBJECTION_TRANSITIONS,
        center=center,
        actor=actor,
        verb="project.objection_upheld" if uphold else "project.objection_dismissed",
        changes={"answer": answer.strip(), "answered_by": actor, "answered_at": timezone.now()},
        after={"objection": objection.pk},
    )
    project = _lock(objection.project)
    if uphold and project.status == PS.FINALIST:
        _remove_from_list(center, actor, project, objection)
    if notice.closed_at is None and notice.ends_at <= timezone.now():
        _settle(center, notice)
    title, outcome = project.title, objection.get_status_display
    notify(
        objection.objector,
        NotificationKind.PROJECT_NOTICE,
        center=center,
        title=lambda: (
            _("Your objection to “%(project)s” is answered: %(outcome)s")
            % {"project": title, "outcome": outcome()}
        ),
        body=objection.answer,
        url=notice_board_url(center),
    )
    return objection


def _remove_from_list(center, actor, project, objection) -> None:
    entry = Entry.objects.select_for_update(of=("self",)).get(
        project=project, round=project.current_round
    )
    transition(
        entry,
        to=Entry.Decision.REJECTED,
        allowed=REMOVAL_TRANSITIONS,
        field="decision",
        center=center,
        actor=actor,
        verb="project.not_advanced",
        changes={
            "justification": objection.answer,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
        after={"objection": objection.pk},
    )
    transition(
        project,
        to=PS.NOT_ADVANCED,
        allowed=PROJECT_TRANSITIONS,
        center=center,
        actor=actor,
        verb="project.removed_from_list",
        after={"objection": objection.pk},
    )
    title = project.title
    _tell_team(
        center,
        project,
        lambda: (
            _("“%(project)s” is taken off the final list after an objection") % {"project": title}
        ),
        objection.answer,
    )


def _settle(center, notice) -> int:
    """Select the notice's projects that no open objection holds back; close the notice
    once none is left waiting. The caller holds the notice's lock."""
    selected = 0
    waiting = (
        Project.objects.select_for_update(of=("self",))
        .filter(notice=notice, status=PS.FINALIST)
        .order_by("pk")
    )
    held = set(
        Objection.objects.filter(notice=notice, status=Objection.Status.OPEN).values_list(
            "project_id", flat=True
        )
    )
    for project in waiting:
        if project.pk in held:
            continue
        transition(
            project,
            to=PS.SELECTED,
            allowed=PROJECT_TRANSITIONS,
            center=center,
            actor=None,
            verb="project.selected",
        )
        title = project.title
        _tell_team(
            center, project, lambda title=title: _("“%(project)s” is selected") % {"project": title}
        )
        selected += 1
    if not notice.listed.filter(status=PS.FINALIST).exists():
        notice.closed_at = timezone.now()
        notice.save(update_fields=["closed_at"])
        audit(center=center, actor=None, verb="project_notice.closed", target=notice.call)
    return selected


def notices_settle(*, center) -> int:
    """Beat: every notice of the center that has ended selects its projects; one short
    transaction per notice, so running it twice changes nothing the second time."""
    ended = Notice.objects.filter(
        center=center, closed_at__isnull=True, ends_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    selected = 0
    for pk in sorted(ended):
        with transaction.atomic():
            notice = Notice.objects.select_for_update(of=("self",)).get(pk=pk)
            if notice.closed_at is None:
                selected += _settle(center, notice)
    return selected


# Incubation milestones


def _overdue_words(milestone, project):
    """The title and body of the overdue notice, rendered in each reader's language."""
    name, title, day = milestone.title, project.title, milestone.due_on.isoformat()

    def heading():
        return _("The milestone “%(milestone)s” of “%(project)s” is overdue") % {
            "milestone": name,
            "project": title,
        }

    def body():
        return _("It was due on %(day)s.") % {"day": day}

    return heading, body


def milestones_flag_overdue(*, center) -> int:
    """Beat: a milestone of a project in incubation that is past its day (in Shanghai) and
    not done is flagged once; the team and the incubation mentor hear it once."""
    today = timezone.localdate()
    due = Milestone.objects.filter(
        center=center,
        project__status=PS.INCUBATING,
        done_at__isnull=True,
        overdue_at__isnull=True,
        due_on__lt=today,
    ).values_list("pk", flat=True)
    flagged = 0
    for pk in sorted(due):
        with transaction.atomic():
            milestone = (
                Milestone.objects.select_for_update(of=("self",))
                .select_related("project__mentor")
                .get(pk=pk)
            )
            if milestone.overdue_at is not None or milestone.done_at is not None:
                continue
            milestone.overdue_at = timezone.now()
            milestone.save(update_fields=["overdue_at"])
            project = milestone.project
            audit(
                center=center,
                actor=None,
                verb="project.milestone_overdue",
                target=project,
                after={"milestone": milestone.title, "due_on": milestone.due_on.isoformat()},
            )
            people = [m.user for m in selectors.team(project)]
            if project.mentor is not None and project.mentor not in people:
                people.append(project.mentor)
            title, body = _overdue_words(milestone, project)
            for person in people:
                notify(
                    person,
                    NotificationKind.PROJECT_MILESTONE,
                    center=center,
                    title=title,
                    body=body,
                    url=project_url(center, project),
                )
            flagged += 1
    return flagged
