"""Pages of the students app: position search and applying, the student's profile and
applications, the enterprise's applicants, and placements. Views stay thin: selectors find
rows (404 alike for missing and not yours), forms check input, services change state."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.access import center_member, center_public
from mentorship.models import Role
from mentorship.paging import query_without_page, slice_page
from mentorship.uploads import private_file_response
from mentorship.views import error_text, form_errors_from
from students import selectors, services
from students.forms import (
    ApplicantFilterForm,
    ApplicantMoveForm,
    ApplicationExportForm,
    ApplyForm,
    CheckInForm,
    InterviewCancelForm,
    InterviewChooseForm,
    InterviewOtherTimesForm,
    InterviewProposeForm,
    PlacementExportForm,
    PlacementFilterForm,
    PositionSearchForm,
    RatingForm,
    SaveSearchForm,
    StudentProfileForm,
    SupervisorForm,
    TerminateForm,
)
from students.models import Application, Interview, Placement, StudentProfile
from students.position_cards import (
    APPLICANT_STAMP,
    applicant_rows_by_stamp,
    detail_parts,
    draw_search_forms,
    filters_key,
    position_cards,
    search_cards,
    search_forms_key,
)
from students.recommendations import recommend
from students.services import interviews

STUDENT = Role.STUDENT
ENTERPRISE = Role.ENTERPRISE
COORDINATOR = Role.COORDINATOR
BUREAU = Role.BUREAU


def _url(request, name, **kwargs):
    return reverse(f"center:students:{name}", kwargs={"center_slug": request.center.slug, **kwargs})


# Position search and applying


@center_public
def position_search(request):
    """Open positions of the center; anyone may look, students apply and save searches."""
    return search_page(request, data=request.GET)


def search_page(request, *, data, save_form=None, status=200):
    """The search page for the filters in `data`; students also see the form that keeps
    the search (`save_form`, bound when it was sent and refused)."""
    facets = selectors.search_facets(center=request.center)
    form = PositionSearchForm(data, facets=facets)
    filters = form.filters()
    is_student = STUDENT in request.center_roles
    positions = selectors.search_positions(center=request.center, **filters)
    stamp = ["pk", "updated_at"]
    if is_student:
        positions = positions.annotate(
            my_status=selectors.my_application_status(center=request.center, user=request.user)
        )
        stamp.append("my_status")
    page = _page(request, positions.values_list(*stamp))
    # A refused save form shows its errors and what was typed: drawn for this request only.
    forms_key = (
        None
        if save_form is not None
        else search_forms_key(
            filters_key(form, center=request.center, facets=facets), is_student=is_student
        )
    )
    cards, kept = search_cards(
        page.object_list, center=request.center, also=[forms_key] if forms_key else []
    )
    page.object_list = [row for row, _ in cards]
    search_forms = draw_search_forms(
        request,
        key=forms_key,
        kept=kept,
        context={
            "form": form,
            "current_center": request.center,
            "save_form": (save_form or SaveSearchForm()) if is_student else None,
            "filters": {key: value for key, value in filters.items() if key != "sort"},
        },
    )
    return render(
        request,
        "students/position_search.html",
        {
            "search_forms": search_forms,
            "page": page,
            "cards": cards,
            "query": query_without_page(request.GET),
            "searched": bool(filters["q"]),
        },
        status=status,
    )


@center_public
def enterprise_suggest(request):
    """Enterprise names for the search's enterprise field, as JSON, while the student types."""
    names = selectors.enterprise_suggestions(
        center=request.center, q=request.GET.get("q", ""), language=get_language() or ""
    )
    return JsonResponse({"names": names})


def _page(request, rows):
    """One page of a students list: the shared pager at this app's page size."""
    return slice_page(rows, request.GET.get("page"), per_page=selectors.PAGE_SIZE)


def _position_page(
    request,
    position,
    *,
    apply_form=None,
    incomplete=None,
    status=200,
    choose_form=None,
    other_times_form=None,
):
    user = request.user
    application = selectors.application_of(center=request.center, user=user, position=position)
    interview = selectors.interview_of(application) if application is not None else None
    answering = interview is not None and interview.status == interview.Status.PROPOSED
    if STUDENT in request.center_roles and incomplete is None and application is None:
        incomplete = services.missing_for_applying(
            selectors.profile_for_applying(center=request.center, user=user)
        )
    takes_applications = services.position_takes_applications(position)
    applying = (
        application is None
        and takes_applications
        and STUDENT in request.center_roles
        and not incomplete
    )
    return render(
        request,
        "students/position_detail.html",
        {
            "position": position,
            "application": application,
            "can_withdraw": application is not None and application.status in services.WITHDRAWABLE,
            "timeline": (
                selectors.application_timeline(application, student_user_id=user.pk)
                if application is not None
                else []
            ),
            "placement": getattr(application, "placement", None) if application else None,
            "takes_applications": takes_applications,
            "parts": detail_parts(
                position, apply_form=(apply_form or ApplyForm()) if applying else None
            ),
            "missing": incomplete or [],
            "is_student": STUDENT in request.center_roles,
            "login_url": reverse("account_login") + "?next=" + request.get_full_path(),
            "interview": interview,
            "choose_form": (
                (choose_form or InterviewChooseForm(prefix="choose", interview=interview))
                if answering
                else None
            ),
            "other_times_form": (
                (other_times_form or InterviewOtherTimesForm(prefix="other")) if answering else None
            ),
        },
        status=status,
    )


@center_public
def position_detail(request, pk):
    position = selectors.access_published_position(
        center=request.center, pk=pk, reader=request.user, brief=True
    )
    return _position_page(request, position)


@center_member(STUDENT)
@require_POST
def application_submit(request, pk):
    position = selectors.access_published_position(center=request.center, pk=pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            services.application_submit(
                center=request.center,
                actor=request.user,
                position=position,
                cover_letter=form.cleaned_data["cover_letter"],
            )
        except services.ProfileIncomplete as error:
            return _position_page(request, position, apply_form=form, incomplete=error.missing)
        except ValidationError as error:
            # Already applied, or the position closed meanwhile: the page shows why.
            messages.error(request, error_text(error))
            return redirect(_url(request, "position_detail", pk=position.pk))
        else:
            messages.success(
                request,
                _("Your application for “%(position)s” is sent.") % {"position": position.title},
            )
            return redirect(_url(request, "my_applications"))
    return _position_page(request, position, apply_form=form)


def _student_act(request, pk, service, done_message):
    """Withdraw, accept or decline the visitor's own application to position `pk`."""
    position = selectors.access_published_position(center=request.center, pk=pk)
    application = selectors.application_of(
        center=request.center, user=request.user, position=position
    )
    if application is None:
        messages.error(request, _("You have not applied to this position."))
        return redirect(_url(request, "position_detail", pk=position.pk))
    try:
        result = service(center=request.center, actor=request.user, application=application)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_url(request, "position_detail", pk=position.pk))
    messages.success(request, done_message)
    if isinstance(result, Placement):  # an accepted offer: the placement is next
        return redirect(_url(request, "placement_detail", pk=result.pk))
    return redirect(_url(request, "my_applications"))


@center_member(STUDENT)
@require_POST
def application_withdraw(request, pk):
    return _student_act(
        request, pk, services.application_withdraw, _("Your application is withdrawn.")
    )


@center_member(STUDENT)
@require_POST
def application_accept(request, pk):
    return _student_act(
        request,
        pk,
        services.application_accept,
        _("You accepted the offer. Your placement is set up below."),
    )


@center_member(STUDENT)
@require_POST
def application_decline(request, pk):
    return _student_act(request, pk, services.application_decline, _("You declined the offer."))


# The student's own pages


@center_member(STUDENT)
def student_home(request):
    """The student's home: positions recommended for them, each with its reason."""
    profile = selectors.student_profile_of(center=request.center, user=request.user)
    recommended = recommend(center=request.center, profile=profile) if profile is not None else []
    cards = position_cards([r.position for r in recommended], center=request.center)
    return render(
        request,
        "students/home.html",
        {
            "profile": profile,
            "recommended": [
                (r, card) for r, (_position, card) in zip(recommended, cards, strict=True)
            ],
        },
    )


@center_member(STUDENT)
def profile_edit(request):
    profile = selectors.student_profile_of(center=request.center, user=request.user)
    instance = profile or StudentProfile(center=request.center, user=request.user)
    form = StudentProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        center=request.center,
        owner=request.user,
    )
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.student_profile_update(
                    center=request.center,
                    actor=request.user,
                    data=data,
                    resume=form.resume_file(),
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                form.forget_kept_resume()
                messages.success(request, _("Your profile is saved."))
                target = request.POST.get("next", "")
                if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
                    return redirect(target)
                return redirect(_url(request, "profile"))
        # Refused for another field: a résumé that passed its checks need not be chosen again.
        form.keep_resume()
    # A refused save shows what is stored, not what the refused form put on the instance.
    stored = selectors.student_profile_of(center=request.center, user=request.user)
    return render(
        request,
        "students/profile.html",
        {
            "form": form,
            "profile": stored,
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


@center_member(STUDENT)
def my_resume(request):
    profile = selectors.student_profile_of(center=request.center, user=request.user)
    if profile is None or not profile.resume:
        messages.info(request, _("You have not uploaded a résumé yet."))
        return redirect(_url(request, "profile"))
    return private_file_response(profile.resume, download_name="resume.pdf")


@center_member(STUDENT)
def my_applications(request):
    page = _page(
        request, selectors.applications_of_student(center=request.center, user=request.user)
    )
    return render(request, "students/my_applications.html", {"page": page, "query": ""})


# The enterprise's applicants (coordinators of the center may read along)


@center_member(ENTERPRISE, COORDINATOR)
def applicant_positions(request):
    page = _page(
        request,
        selectors.positions_with_applicants(
            center=request.center, user=request.user, roles=request.center_roles
        ),
    )
    export_form = ApplicationExportForm() if COORDINATOR in request.center_roles else None
    return render(
        request,
        "students/applicant_positions.html",
        {"page": page, "query": "", "export_form": export_form},
    )


@center_member(COORDINATOR, ENTERPRISE)
def position_applicants(request, pk):
    position = selectors.access_position_for_applicants(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    form = ApplicantFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    # The page's ids and last changes only: the rows kept drawn need nothing more, and the
    # others are read in full by their ids.
    stamps = selectors.applicants(position=position, status=status, full=False)
    page = _page(request, stamps.values_list(*APPLICANT_STAMP))
    counts = selectors.applicant_counts(position)
    # Labels as text once here: the template reads each several times.
    tabs = [("", str(_("All states")), sum(counts.values()))] + [
        (value, str(label), counts.get(value, 0)) for value, label in Application.Status.choices
    ]
    return render(
        request,
        "students/position_applicants.html",
        {
            "position": position,
            "page": page,
            "rows": applicant_rows_by_stamp(
                page.object_list,
                rows_of=lambda ids: selectors.applicants(position=position).filter(pk__in=ids),
                center=request.center,
            ),
            "status": status,
            "tabs": tabs,
            "query": query_without_page(request.GET),
        },
    )


@center_member(COORDINATOR, ENTERPRISE)
def applicant_detail(request, pk):
    application = selectors.access_application(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    form = ApplicantMoveForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_move(
                center=request.center,
                actor=request.user,
                application=application,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The applicant's state is changed; they are told."))
            return redirect(_url(request, "applicant_detail", pk=application.pk))
    return applicant_page(request, application, move_form=form)


def applicant_page(request, application, *, move_form=None, propose_form=None, status=200):
    """The applicant's page, with the forms the visitor may use (a refused one bound)."""
    move_form = move_form or ApplicantMoveForm(application=application)
    can_move = services.may_move_applicant(
        user=request.user, roles=request.center_roles, application=application
    )
    interview = selectors.interview_of(application)
    may_interview = can_move and application.status in interviews.INTERVIEWABLE
    if may_interview and propose_form is None:
        initial = {"duration_minutes": 45, "mode": Interview.Mode.IN_PERSON}
        if interview is not None and interview.is_open:
            initial.update(
                mode=interview.mode,
                place=interview.place,
                link=interview.link,
                duration_minutes=interview.duration_minutes,
            )
        propose_form = InterviewProposeForm(prefix="interview", initial=initial)
    return render(
        request,
        "students/applicant_detail.html",
        {
            "application": application,
            "profile": application.student,
            "form": move_form if can_move and move_form.fields["to"].choices else None,
            "interview": interview,
            "propose_form": propose_form if may_interview else None,
            "cancel_form": (
                InterviewCancelForm(prefix="cancel")
                if can_move and interview is not None and interview.is_open
                else None
            ),
        },
        status=status,
    )


@center_member(COORDINATOR, ENTERPRISE)
def applicant_resume(request, pk):
    application = selectors.access_application(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk, for_resume=True
    )
    resume = application.student.resume
    if not resume:
        raise Http404
    return private_file_response(resume, download_name=f"resume-{application.pk}.pdf")


# Placements


@center_member(COORDINATOR, BUREAU, ENTERPRISE, STUDENT)
def placement_list(request):
    form = PlacementFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = _page(
        request,
        selectors.placement_list(
            center=request.center, user=request.user, roles=request.center_roles, status=status
        ),
    )
    return render(
        request,
        "students/placement_list.html",
        {
            "page": page,
            "form": form,
            "query": query_without_page(request.GET),
            "export_form": (
                PlacementExportForm(initial={"status": status})
                if COORDINATOR in request.center_roles
                else None
            ),
        },
    )


class _PlacementForms:
    """The forms of the actions the visitor may take on a placement (see
    `services.placement_actions`), bound to POST for the one sent."""

    def __init__(self, request, placement, action=""):
        allowed = services.placement_actions(
            user=request.user, roles=request.center_roles, placement=placement
        )
        data = request.POST if request.method == "POST" else None

        def bound(name):
            return data if action == name else None

        self.supervisor = None
        if allowed.set_supervisor:
            self.supervisor = SupervisorForm(
                bound("supervisor"), instance=placement, prefix="supervisor"
            )
        self.check_in = None
        # A check-in sent once no month is left is shown again with its error.
        if allowed.check_in and (allowed.check_in_months or action == "check_in"):
            self.check_in = CheckInForm(
                bound("check_in"), months=list(allowed.check_in_months), prefix="check_in"
            )
        self.evaluation = None
        if allowed.evaluate:
            self.evaluation = RatingForm(
                bound("evaluation"),
                prefix="evaluation",
                initial={
                    "rating": placement.enterprise_rating,
                    "text": placement.enterprise_evaluation,
                },
            )
        self.feedback = None
        if allowed.give_feedback:
            self.feedback = RatingForm(
                bound("feedback"),
                prefix="feedback",
                initial={"rating": placement.student_rating, "text": placement.student_feedback},
            )
        self.can_complete = allowed.complete
        self.terminate = (
            TerminateForm(bound("terminate"), prefix="terminate") if allowed.terminate else None
        )


def _placement_action(request, placement, forms, action):
    """Run the action sent from the placement page. Returns a success message, or None
    when the form shows errors."""
    center, actor = request.center, request.user
    if action == "complete" and forms.can_complete:
        services.placement_complete(center=center, actor=actor, placement=placement)
        return _("The placement is recorded as completed.")
    handlers = {
        "supervisor": (
            forms.supervisor,
            lambda d: services.placement_set_supervisor(
                center=center,
                actor=actor,
                placement=placement,
                name=d["supervisor_name"],
                phone=d["supervisor_phone"],
            ),
            _("The supervisor is saved."),
        ),
        "check_in": (
            forms.check_in,
            lambda d: services.placement_check_in(
                center=center, actor=actor, placement=placement, **d
            ),
            _("Your check-in is saved."),
        ),
        "evaluation": (
            forms.evaluation,
            lambda d: services.placement_evaluate(
                center=center, actor=actor, placement=placement, **d
            ),
            _("Your evaluation is saved."),
        ),
        "feedback": (
            forms.feedback,
            lambda d: services.placement_give_feedback(
                center=center, actor=actor, placement=placement, **d
            ),
            _("Your feedback is saved."),
        ),
        "terminate": (
            forms.terminate,
            lambda d: services.placement_terminate(
                center=center, actor=actor, placement=placement, **d
            ),
            _("The placement is recorded as ended early."),
        ),
    }
    form, call, done = handlers.get(action, (None, None, None))
    if form is None:
        raise ValidationError(_("This cannot be done on this placement now."))
    if not form.is_valid():
        return None
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        form_errors_from(form, error)
        return None
    return done


@center_member(COORDINATOR, BUREAU, ENTERPRISE, STUDENT)
def placement_detail(request, pk):
    placement = selectors.access_placement(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _PlacementForms(request, placement, action)
    if request.method == "POST":
        try:
            done = _placement_action(request, placement, forms, action)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(_url(request, "placement_detail", pk=placement.pk))
        if done:
            messages.success(request, done)
            return redirect(_url(request, "placement_detail", pk=placement.pk))
    return render(
        request,
        "students/placement_detail.html",
        {
            "placement": placement,
            "forms": forms,
            "check_ins": selectors.check_ins_of(placement),
            "upcoming": placement.start_date > timezone.localdate(),
        },
    )
