"""Pages of mentors: the mentors a student may ask, suggestions with their reasons, the
mentor's own profile and requests, pairings with their sessions, and the coordinator's
approvals and settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentors import selectors, services
from mentors.face_to_face_selectors import reach_of_mentor
from mentors.forms import (
    AssignForm,
    CloseForm,
    DecisionForm,
    DeclineForm,
    FeedbackForm,
    GoalForm,
    GoalStatusForm,
    MentorFilterForm,
    MentorProfileForm,
    MentorSettingsForm,
    RequestForm,
    SessionForm,
    SummaryForm,
)
from mentors.models import MentorApproval, Pairing
from mentorship.access import center_member
from mentorship.links import center_url
from mentorship.models import Role
from mentorship.paging import query_without_page, slice_page
from mentorship.request_values import parse_id
from mentorship.views.common import error_text, form_errors_from, run_decision

S, M, C = Role.STUDENT, Role.MENTOR, Role.COORDINATOR


def _to_pairing(request, pairing):
    return redirect("center:mentors:pairing_detail", center_slug=request.center.slug, pk=pairing.pk)


def _act(request, pairing, act, done: str):
    """Run a one-click service on a pairing; a refusal is shown as a message."""
    try:
        act()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return _to_pairing(request, pairing)


# Finding a mentor


@center_member(S, C, M)
def mentor_list(request):
    form = MentorFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.approved_mentors(
        center=request.center,
        kind=filters.get("kind", ""),
        q=filters.get("q", ""),
        offer=filters.get("offer", ""),
    )
    page = slice_page(rows, request.GET.get("page"), per_page=20)
    return render(
        request,
        "mentors/list.html",
        {"page": page, "form": form, "query": query_without_page(request.GET)},
    )


@center_member(S)
def suggestions(request):
    return render(
        request,
        "mentors/suggestions.html",
        {
            "suggestions": selectors.suggestions_for(center=request.center, user=request.user),
            "open_request": selectors.open_request_of(center=request.center, student=request.user),
        },
    )


@center_member(C, S, M)
def mentor_detail(request, pk):
    approval = selectors.access_mentor(center=request.center, roles=request.center_roles, pk=pk)
    profile = approval.profile
    # Minimal disclosure: a student reads the contact details only while paired with them.
    shows_contact = profile.user_id == request.user.pk or selectors.has_active_pairing(
        center=request.center, student=request.user, mentor=profile
    )
    return render(
        request,
        "mentors/detail.html",
        {
            "approval": approval,
            "profile": profile,
            "shows_contact": shows_contact,
            "decision_form": DecisionForm(),
        },
    )


@center_member(S)
def pairing_ask(request):
    approvals = list(selectors.askable_mentors(center=request.center)[:200])
    initial = {}
    chosen = parse_id(request.GET.get("mentor"))
    if chosen and any(a.pk == chosen for a in approvals):
        initial["first"] = chosen
    form = RequestForm(request.POST or None, approvals=approvals, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_request(
                center=request.center,
                actor=request.user,
                approvals=form.chosen(),
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(error_text(error))
            form_errors_from(form, error)
        else:
            messages.success(request, _("Your request is sent to your first choice."))
            return redirect("center:mentors:pairings", center_slug=request.center.slug)
    return render(request, "mentors/ask.html", {"form": form})


# The mentor's own pages


@center_member(M)
def my_profile(request):
    profile = selectors.profile_of(request.user)
    form = MentorProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.PROFILE_FIELDS}
        try:
            services.mentor_profile_save(center=request.center, actor=request.user, **data)
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("center:mentors:profile", center_slug=request.center.slug)
    approval = selectors.approval_of(center=request.center, user=request.user)
    reach = reach_of_mentor(center=request.center, mentor=profile) if profile is not None else None
    return render(
        request, "mentors/profile.html", {"form": form, "approval": approval, "reach": reach}
    )


# Pairings


@center_member(C, M, S)
def pairing_list(request):
    status = request.GET.get("status", "")
    rows = selectors.pairings_for(
        center=request.center, user=request.user, roles=request.center_roles, status=status
    )
    page = slice_page(rows, request.GET.get("page"))
    return render(
        request,
        "mentors/pairings.html",
        {
            "page": page,
            "status": status if status in Pairing.Status.values else "",
            "statuses": Pairing.Status.choices,
            "query": query_without_page(request.GET),
        },
    )


@center_member(C, M, S)
def pairing_detail(request, pk):
    pairing = selectors.access_pairing(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    side = selectors.side_of(pairing, request.user)
    sessions = list(selectors.sessions_with_feedback(pairing))
    for session in sessions:
        given = {f.side: f for f in session.feedback.all()}
        session.student_feedback = given.get("student")
        session.mentor_feedback = given.get("mentor")
        session.awaits_mine = bool(side) and side not in given
    return render(
        request,
        "mentors/pairing.html",
        {
            "pairing": pairing,
            "side": side,
            "goals": list(pairing.goals.all()),
            "sessions": sessions,
            "goal_form": GoalForm(),
            "goal_status_choices": GoalStatusForm.base_fields["status"].choices,
            "session_form": SessionForm(),
            "feedback_form": FeedbackForm(),
            "close_form": CloseForm(),
            "summary_form": SummaryForm(),
            "decline_form": DeclineForm(),
            "my_summary": getattr(pairing, f"{side}_summary", "") if side else "",
        },
    )


def _party_pairing(request, pk):
    """The pairing an action names: any of the center's, for its service tells a stranger
    that only the pairing's people may act on it."""
    return selectors.access_pairing_in_center(center=request.center, pk=pk)


@center_member(M)
@require_POST
def pairing_accept(request, pk):
    pairing = _party_pairing(request, pk)
    return _act(
        request,
        pairing,
        lambda: services.pairing_accept(center=request.center, actor=request.user, pairing=pairing),
        _("You accepted. The student is told and sees your contact details."),
    )


@center_member(M)
@require_POST
def pairing_decline(request, pk):
    pairing = _party_pairing(request, pk)
    form = DeclineForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        pairing,
        lambda: services.pairing_decline(
            center=request.center, actor=request.user, pairing=pairing, note=note
        ),
        _("You declined; the student's next choice is asked."),
    )


def _pairing_form_post(request, pk, form_class, act, done):
    """A form posted from the pairing's page: done, or its errors shown as a message."""
    pairing = _party_pairing(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
        return _to_pairing(request, pairing)
    try:
        act(pairing, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return _to_pairing(request, pairing)


@center_member(S)
@require_POST
def request_withdraw(request, pk):
    pairing = _party_pairing(request, pk)
    return _act(
        request,
        pairing,
        lambda: services.pairing_request_withdraw(
            center=request.center, actor=request.user, pairing=pairing
        ),
        _("Your request is withdrawn."),
    )


@center_member(S, M)
@require_POST
def goal_add(request, pk):
    return _pairing_form_post(
        request,
        pk,
        GoalForm,
        lambda pairing, **data: services.goal_add(
            center=request.center, actor=request.user, pairing=pairing, **data
        ),
        _("The goal is added."),
    )


@center_member(S, M)
@require_POST
def goal_status(request, pk, goal_pk):
    pairing = _party_pairing(request, pk)
    goal = get_object_or_404(pairing.goals.all(), pk=goal_pk)
    return _pairing_form_post(
        request,
        pk,
        GoalStatusForm,
        lambda pairing, **data: services.goal_set_status(
            center=request.center, actor=request.user, goal=goal, **data
        ),
        _("The goal's status is changed."),
    )


@center_member(S, M)
@require_POST
def session_log(request, pk):
    return _pairing_form_post(
        request,
        pk,
        SessionForm,
        lambda pairing, **data: services.session_log(
            center=request.center, actor=request.user, pairing=pairing, **data
        ),
        _("The session is logged; the other side is asked for feedback."),
    )


@center_member(S, M)
@require_POST
def feedback_give(request, pk, session_pk):
    pairing = _party_pairing(request, pk)
    session = get_object_or_404(pairing.sessions.all(), pk=session_pk)
    return _pairing_form_post(
        request,
        pk,
        FeedbackForm,
        lambda pairing, **data: services.feedback_give(
            center=request.center, actor=request.user, session=session, **data
        ),
        _("Thank you for your feedback."),
    )


@center_member(S, M)
@require_POST
def pairing_close(request, pk):
    return _pairing_form_post(
        request,
        pk,
        CloseForm,
        lambda pairing, **data: services.pairing_close(
            center=request.center, actor=request.user, pairing=pairing, **data
        ),
        _("The pairing has ended."),
    )


@center_member(S, M)
@require_POST
def pairing_summary(request, pk):
    return _pairing_form_post(
        request,
        pk,
        SummaryForm,
        lambda pairing, **data: services.pairing_add_summary(
            center=request.center, actor=request.user, pairing=pairing, **data
        ),
        _("Your closing summary is saved."),
    )


# The coordinator's pages


@center_member(C)
def review_list(request):
    status = request.GET.get("status", MentorApproval.Status.PENDING)
    rows = selectors.approvals_to_review(center=request.center, status=status)
    page = slice_page(rows, request.GET.get("page"))
    return render(
        request,
        "mentors/review.html",
        {
            "page": page,
            "status": status if status in MentorApproval.Status.values else "",
            "statuses": MentorApproval.Status.choices,
            "query": query_without_page(request.GET),
        },
    )


def _decide(request, pk, approve: bool):
    approval = selectors.access_approval(center=request.center, pk=pk)
    done_url = center_url(request.center, "center:mentors:detail", pk=approval.pk)

    def show_again(form):
        messages.error(request, " ".join(str(e) for f in form.errors.values() for e in f))
        return redirect(done_url)

    return run_decision(
        request,
        form=DecisionForm(request.POST),
        act=lambda note: services.mentor_approval_decide(
            center=request.center, actor=request.user, approval=approval, approve=approve, note=note
        ),
        done_message=_("The mentor is approved.") if approve else _("The mentor is not approved."),
        done_url=done_url,
        show_again=show_again,
    )


@center_member(C)
@require_POST
def review_approve(request, pk):
    return _decide(request, pk, True)


@center_member(C)
@require_POST
def review_reject(request, pk):
    return _decide(request, pk, False)


@center_member(C)
def pairing_settings(request):
    current = selectors.settings_of(request.center)
    form = MentorSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_settings_save(
                center=request.center,
                actor=request.user,
                **{f: form.cleaned_data[f] for f in services.SETTINGS_FIELDS},
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The pairing settings are saved."))
            return redirect("center:mentors:settings", center_slug=request.center.slug)
    return render(request, "mentors/settings.html", {"form": form})


@center_member(C)
def pairing_assign(request):
    """Pair a student directly, or, from a pairing said not to work, pair its student with
    another mentor (the old pairing ends early in the same step)."""
    replaces = None
    replaces_id = parse_id(request.GET.get("replaces"))
    if replaces_id:
        replaces = selectors.access_pairing_in_center(center=request.center, pk=replaces_id)
        if replaces.status != Pairing.Status.ACTIVE:
            replaces = None
    form = AssignForm(
        request.POST or None,
        approvals=selectors.mentors_with_places(center=request.center),
        fixed_student=replaces.student if replaces else None,
    )
    if request.method == "POST" and form.is_valid():
        student = (
            replaces.student
            if replaces
            else selectors.student_by_email(
                center=request.center, email=form.cleaned_data["student"]
            )
        )
        try:
            if student is None:
                raise ValidationError({"student": _("No student of this center has this address.")})
            pairing = services.pairing_assign(
                center=request.center,
                actor=request.user,
                student=student,
                approval=form.chosen(),
                note=form.cleaned_data["note"],
                replaces=replaces,
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(error_text(error))
            form_errors_from(form, error)
        else:
            messages.success(request, _("The student and the mentor are paired and told."))
            return _to_pairing(request, pairing)
    return render(request, "mentors/assign.html", {"form": form, "replaces": replaces})
