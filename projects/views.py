"""Pages of entrepreneurial projects: calls and their rounds, a team's project, the
judge's assignments and scores, and the coordinator's ranking and decisions."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.access import center_member, center_public
from mentorship.models import Role
from mentorship.paging import slice_page
from mentorship.uploads import private_file_response
from mentorship.views.common import error_text, form_errors_from
from projects import notices, selectors, services
from projects.forms import (
    AnswerForm,
    CallForm,
    ConflictForm,
    CriterionForm,
    DecisionForm,
    InviteForm,
    MilestoneForm,
    NoticeForm,
    ObjectionForm,
    OutcomeForm,
    ProjectForm,
    RecuseForm,
    RoundForm,
    ScoreForm,
)
from projects.models import Assignment, Project, ProjectCall

S, M, C = Role.STUDENT, Role.MENTOR, Role.COORDINATOR


def _go(request, name, **kwargs):
    return redirect(f"center:projects:{name}", center_slug=request.center.slug, **kwargs)


def _act(request, act, done: str, back):
    """Run a one-click service; a refusal is shown as a message."""
    try:
        act()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return back


def _save(request, form, act, done: str, back):
    """Run a service from a valid form; a refusal about a field is shown beside it."""
    if not form.is_valid():
        return None
    try:
        result = act()
    except ValidationError as error:
        form_errors_from(form, error)
        return None
    except PermissionDenied as error:
        messages.error(request, error_text(error))
        return back(None)
    messages.success(request, done)
    return back(result)


# Calls


@center_member(S, C, M)
def call_list(request):
    rows = selectors.calls_for(center=request.center, roles=request.center_roles)
    page = slice_page(rows, request.GET.get("page"), per_page=20)
    return render(request, "projects/calls.html", {"page": page})


@center_member(C)
def call_create(request):
    form = CallForm(request.POST or None)
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda: services.call_save(
                center=request.center, actor=request.user, **form.cleaned_data
            ),
            _("The call is saved as a draft: add its rounds."),
            lambda call: _go(request, "call", pk=call.pk) if call else _go(request, "calls"),
        )
        if done:
            return done
    return render(request, "projects/call_form.html", {"form": form})


@center_member(S, C, M)
def call_detail(request, pk):
    call = selectors.access_call(center=request.center, roles=request.center_roles, pk=pk)
    context = {
        "call": call,
        "rounds": selectors.rounds_of(call),
        "round_form": RoundForm(),
        "criterion_form": CriterionForm(),
    }
    if C in request.center_roles:
        context["projects"] = selectors.projects_for(
            center=request.center, user=request.user, roles=request.center_roles, call=call
        )[:200]
    return render(request, "projects/call.html", context)


@center_member(C)
def round_add(request, pk):
    call = selectors.access_call_to_edit(center=request.center, pk=pk)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda: services.round_add(
                center=request.center, actor=request.user, call=call, **form.cleaned_data
            ),
            _("The round is added."),
            lambda _r: _go(request, "call", pk=call.pk),
        )
        if done:
            return done
    return render(request, "projects/round_form.html", {"call": call, "form": form})


@center_member(C)
def criterion_add(request, pk, round_pk):
    call = selectors.access_call_to_edit(center=request.center, pk=pk)
    found = call.rounds.filter(pk=round_pk).first()
    if found is None:
        raise Http404
    form = CriterionForm(request.POST or None)
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda: services.criterion_add(
                center=request.center, actor=request.user, round=found, **form.cleaned_data
            ),
            _("The criterion is added to the rubric."),
            lambda _c: _go(request, "call", pk=call.pk),
        )
        if done:
            return done
    return render(
        request, "projects/criterion_form.html", {"call": call, "round": found, "form": form}
    )


@require_POST
@center_member(C)
def call_publish(request, pk):
    call = selectors.access_call_to_edit(center=request.center, pk=pk)
    return _act(
        request,
        lambda: services.call_publish(center=request.center, actor=request.user, call=call),
        _("The call is published: students can start their projects."),
        _go(request, "call", pk=call.pk),
    )


# Projects


@center_member(S)
def project_create(request, pk):
    call = selectors.access_call(center=request.center, roles=request.center_roles, pk=pk)
    if call.status != ProjectCall.Status.PUBLISHED:
        raise Http404
    form = ProjectForm(request.POST or None, request.FILES or None, call=call)
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda: services.project_create(
                center=request.center, actor=request.user, call=call, **form.service_data()
            ),
            _("Your project is saved as a draft: invite your teammates, then submit it."),
            lambda p: _go(request, "project", pk=p.pk) if p else _go(request, "call", pk=call.pk),
        )
        if done:
            return done
    return render(request, "projects/project_form.html", {"call": call, "form": form})


@center_member(S)
def my_projects(request):
    rows = selectors.projects_for(center=request.center, user=request.user, roles={S})
    page = slice_page(rows, request.GET.get("page"), per_page=20)
    return render(request, "projects/mine.html", {"page": page})


def _project(request, pk) -> Project:
    return selectors.access_project(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )


def _team_project(request, pk) -> Project:
    """A project of the center for a team's action: its service turns away anyone else."""
    return selectors.access_project_in_center(center=request.center, pk=pk)


@center_member(S, C, M)
def project_detail(request, pk):
    project = _project(request, pk)
    on_team = selectors.is_team_member(project, request.user)
    coordinator = C in request.center_roles
    judge_only = not on_team and not coordinator
    entry = selectors.current_entry(project)
    context = {
        "project": project,
        "on_team": on_team,
        "coordinator": coordinator,
        "hide_team": judge_only and project.current_round and project.current_round.blind,
        "members": project.members.select_related("user"),
        "invitation": selectors.invitation_of(project, request.user),
        "round_open": selectors.round_open(project.current_round),
        "entry": entry,
        "invite_form": InviteForm(),
        "conflict_form": ConflictForm(),
        "outcome_form": OutcomeForm(
            mentors=selectors.mentors_of(center=request.center)
            if project.status == Project.Status.SELECTED
            else None
        ),
        "milestone_form": MilestoneForm(),
        "milestones": project.milestones.all(),
    }
    if on_team or coordinator:
        context["revisions"] = project.revisions.select_related("round", "submitted_by")
        context["entries"] = project.entries.select_related("round")
    if coordinator:
        context["conflicts"] = selectors.conflicts_of(center=request.center, project=project)
    return render(request, "projects/project.html", context)


@center_member(S)
def project_edit(request, pk):
    project = _team_project(request, pk)
    if not selectors.is_team_member(project, request.user):
        messages.error(request, _("Only the project's team can do this."))
        return _go(request, "mine")
    form = ProjectForm(
        request.POST or None, request.FILES or None, instance=project, call=project.call
    )
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda: services.project_update(
                center=request.center, actor=request.user, project=project, **form.service_data()
            ),
            _("The project is saved."),
            lambda _p: _go(request, "project", pk=project.pk),
        )
        if done:
            return done
        project.refresh_from_db()
    return render(
        request,
        "projects/project_form.html",
        {"call": project.call, "form": form, "project": project},
    )


@require_POST
@center_member(S)
def member_invite(request, pk):
    project = _team_project(request, pk)
    form = InviteForm(request.POST)
    back = _go(request, "project", pk=project.pk)
    if not form.is_valid():
        messages.error(request, _("Enter a valid email address."))
        return back
    return _act(
        request,
        lambda: services.member_invite(
            center=request.center, actor=request.user, project=project, **form.cleaned_data
        ),
        _("The invitation is sent."),
        back,
    )


@require_POST
@center_member(S)
def member_answer(request, pk):
    project = _team_project(request, pk)
    member = selectors.invitation_of(project, request.user)
    back = _go(request, "project", pk=project.pk)
    if member is None:
        messages.error(request, _("There is no invitation waiting for you here."))
        return back
    accept = "accept" in request.POST
    return _act(
        request,
        lambda: services.member_answer(
            center=request.center, actor=request.user, member=member, accept=accept
        ),
        _("Welcome to the team.") if accept else _("You declined the invitation."),
        back if accept else _go(request, "mine"),
    )


@require_POST
@center_member(S)
def project_submit(request, pk):
    project = _team_project(request, pk)
    return _act(
        request,
        lambda: services.project_submit(center=request.center, actor=request.user, project=project),
        _("The project is submitted."),
        _go(request, "project", pk=project.pk),
    )


@require_POST
@center_member(S)
def project_withdraw(request, pk):
    project = _team_project(request, pk)
    return _act(
        request,
        lambda: services.project_withdraw(
            center=request.center, actor=request.user, project=project
        ),
        _("The project is withdrawn."),
        _go(request, "project", pk=project.pk),
    )


@center_member(S, C, M)
def pitch_deck(request, pk):
    project = _project(request, pk)
    if not project.pitch_deck:
        raise Http404
    return private_file_response(project.pitch_deck, download_name=f"pitch-deck-{project.pk}.pdf")


@require_POST
@center_member(M)
def conflict_declare(request, pk):
    project = _team_project(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of conflict."))
        return _go(request, "project", pk=project.pk)
    return _act(
        request,
        lambda: services.conflict_declare(
            center=request.center, actor=request.user, project=project, **form.cleaned_data
        ),
        _("Your conflict of interest is recorded; you will not judge this project."),
        _go(request, "judging"),
    )


# Judging


@center_member(M)
def judging(request):
    rows = selectors.assignments_of(center=request.center, judge=request.user)
    page = slice_page(rows, request.GET.get("page"), per_page=20)
    return render(request, "projects/judging.html", {"page": page})


@center_member(M)
def score(request, pk):
    assignment = selectors.access_assignment_in_center(center=request.center, pk=pk)
    if assignment.judge_id != request.user.pk:
        messages.error(request, _("This project is not assigned to you."))
        return _go(request, "judging")
    entry = assignment.entry
    criteria = list(entry.round.criteria.all())
    form = ScoreForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if assignment.status != Assignment.Status.ASSIGNED:
            messages.error(request, _("You have already scored this project or recused."))
            return _go(request, "score", pk=assignment.pk)
        done = _save(
            request,
            form,
            lambda: services.scores_submit(
                center=request.center,
                actor=request.user,
                assignment=assignment,
                values=form.values(),
            ),
            _("Your scores are in."),
            lambda _a: _go(request, "score", pk=assignment.pk),
        )
        if done:
            return done
    others = []
    if selectors.may_see_others(assignment):
        others = [
            a
            for a in selectors.assignments_of_entry(entry)
            if a.pk != assignment.pk and a.status == Assignment.Status.SCORED
        ]
    return render(
        request,
        "projects/score.html",
        {
            "assignment": assignment,
            "project": entry.project,
            "hide_team": entry.round.blind,
            "form": form,
            "own_scores": assignment.scores.select_related("criterion"),
            "others": others,
            "recuse_form": RecuseForm(),
            "conflict_form": ConflictForm(),
        },
    )


@require_POST
@center_member(M)
def recuse(request, pk):
    assignment = selectors.access_assignment_in_center(center=request.center, pk=pk)
    form = RecuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you recuse."))
        return _go(request, "score", pk=assignment.pk)
    return _act(
        request,
        lambda: services.assignment_recuse(
            center=request.center, actor=request.user, assignment=assignment, **form.cleaned_data
        ),
        _("You recused from this project."),
        _go(request, "judging"),
    )


# Ranking and decisions


@center_member(C)
def ranking(request, pk):
    found = selectors.access_round(center=request.center, pk=pk)
    return render(
        request,
        "projects/ranking.html",
        {
            "round": found,
            "call": found.call,
            "standings": selectors.standings_of(found),
            "decision_form": DecisionForm(),
        },
    )


@require_POST
@center_member(C)
def judges_assign(request, pk):
    found = selectors.access_round(center=request.center, pk=pk)
    try:
        made = services.judges_assign(center=request.center, actor=request.user, round=found)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(n)s assignments made.") % {"n": len(made)})
    return _go(request, "ranking", pk=found.pk)


@require_POST
@center_member(C)
def entry_decide(request, pk):
    entry = selectors.access_entry(center=request.center, pk=pk)
    form = DecisionForm(request.POST)
    justification = form.cleaned_data["justification"] if form.is_valid() else ""
    return _act(
        request,
        lambda: services.entry_decide(
            center=request.center,
            actor=request.user,
            entry=entry,
            advance="advance" in request.POST,
            justification=justification,
        ),
        _("The decision is recorded and the team is told."),
        _go(request, "ranking", pk=entry.round_id),
    )


# After selection


@require_POST
@center_member(C)
def project_outcome(request, pk):
    project = selectors.access_project_in_center(center=request.center, pk=pk)
    form = OutcomeForm(request.POST, mentors=selectors.mentors_of(center=request.center))
    valid = form.is_valid()
    note = form.cleaned_data["note"] if valid else ""
    mentor = form.cleaned_data.get("mentor") if valid else None
    to = next((s for s in ("incubating", "launched", "stopped") if s in request.POST), "incubating")
    return _act(
        request,
        lambda: services.project_outcome(
            center=request.center,
            actor=request.user,
            project=project,
            to=to,
            note=note,
            mentor=mentor,
        ),
        _("The project's stage is recorded and the team is told."),
        _go(request, "project", pk=project.pk),
    )


@require_POST
@center_member(C)
def milestone_add(request, pk):
    project = selectors.access_project_in_center(center=request.center, pk=pk)
    form = MilestoneForm(request.POST)
    back = _go(request, "project", pk=project.pk)
    if not form.is_valid():
        messages.error(request, _("Give the milestone a title and a due date."))
        return back
    return _act(
        request,
        lambda: services.milestone_add(
            center=request.center, actor=request.user, project=project, **form.cleaned_data
        ),
        _("The milestone is added."),
        back,
    )


@require_POST
@center_member(S)
def milestone_done(request, pk, milestone_pk):
    project = selectors.access_project_in_center(center=request.center, pk=pk)
    milestone = selectors.access_milestone(center=request.center, project=project, pk=milestone_pk)
    return _act(
        request,
        lambda: services.milestone_done(
            center=request.center, actor=request.user, milestone=milestone
        ),
        _("The milestone is marked done."),
        _go(request, "project", pk=project.pk),
    )


@center_public
def showcase(request):
    page = slice_page(selectors.showcase(center=request.center), request.GET.get("page"))
    return render(request, "projects/showcase.html", {"page": page})


@center_member(C)
def incubation(request):
    page = slice_page(selectors.incubating(center=request.center), request.GET.get("page"))
    return render(request, "projects/incubation.html", {"page": page})


# The public notice of the final list


@center_public
def notice_board(request):
    """The projects on public notice (those whose team agreed to be shown), and the visitor's
    own objections with their answers."""
    context = {
        "notices": selectors.notices_open(center=request.center),
        "mine": selectors.objections_by(center=request.center, user=request.user),
    }
    return render(request, "projects/notice_board.html", context)


@center_public
def objection_file(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = selectors.access_listed_project(center=request.center, pk=pk)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda: notices.objection_file(
                center=request.center,
                actor=request.user,
                project=project,
                reason=form.cleaned_data["reason"],
                evidence=form.cleaned_data.get("evidence"),
            ),
            _("Your objection is filed: the center's staff will answer it."),
            lambda _objection: _go(request, "notice_board"),
        )
        if done:
            return done
    return render(request, "projects/objection_form.html", {"project": project, "form": form})


@center_member(C)
def notice(request, pk):
    call = selectors.access_call_to_edit(center=request.center, pk=pk)
    found = selectors.notice_of(center=request.center, call=call)
    context = {
        "call": call,
        "notice": found,
        "notice_form": NoticeForm(initial={"days": call.notice_days}),
        "answer_form": AnswerForm(),
    }
    if found is not None:
        context["listed"] = found.listed.order_by("pk")[:200]
        context["objections"] = selectors.objections_of(center=request.center, notice=found)[:200]
    else:
        context["finalists"] = selectors.projects_for(
            center=request.center, user=request.user, roles={C}, call=call
        ).filter(status=Project.Status.FINALIST)[:200]
    return render(request, "projects/notice.html", context)


@require_POST
@center_member(C)
def notice_publish(request, pk):
    call = selectors.access_call_to_edit(center=request.center, pk=pk)
    form = NoticeForm(request.POST)
    days = form.cleaned_data["days"] if form.is_valid() else None
    return _act(
        request,
        lambda: notices.notice_publish(
            center=request.center, actor=request.user, call=call, days=days
        ),
        _("The final list is on public notice."),
        _go(request, "notice", pk=call.pk),
    )


@require_POST
@center_member(C)
def objection_answer(request, pk):
    objection = selectors.access_objection(center=request.center, pk=pk)
    form = AnswerForm(request.POST)
    back = _go(request, "notice", pk=objection.notice.call_id)
    if not form.is_valid():
        messages.error(request, _("Write the answer the objector will read."))
        return back
    return _act(
        request,
        lambda: notices.objection_answer(
            center=request.center,
            actor=request.user,
            objection=objection,
            uphold="uphold" in request.POST,
            answer=form.cleaned_data["answer"],
        ),
        _("The objection is answered and the objector is told."),
        back,
    )


@center_member(C)
def objection_evidence(request, pk):
    objection = selectors.access_objection(center=request.center, pk=pk)
    if not objection.evidence:
        raise Http404
    suffix = PurePath(objection.evidence.name).suffix
    return private_file_response(
        objection.evidence, download_name=f"objection-{objection.pk}{suffix}"
    )
