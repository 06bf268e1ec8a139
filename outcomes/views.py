"""Pages of the outcomes: the graduate's survey, an offer of employment after a placement,
and the bureau's annual review of its bases."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bases.selectors import is_representative
from bases.views_common import go
from mentorship.access import center_member
from mentorship.links import center_url
from mentorship.models import Role
from mentorship.paging import query_without_page, slice_page
from mentorship.views import form_errors_from
from mentorship.views.common import error_text, run_decision
from outcomes import selectors, services
from outcomes.forms import OfferForm, ReviewDecisionForm, SurveyForm, survey_initial
from students.models import Placement
from students.selectors import access_placement

# The graduate's survey and placements


@center_member(Role.STUDENT)
def survey(request):
    center = request.center
    found = selectors.survey_of(center=center, user=request.user)
    city_name = center.city or center.name
    form = None
    if found is not None:
        form = SurveyForm(
            request.POST if request.method == "POST" else None,
            initial=survey_initial(found),
            city_name=city_name,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.destination_survey_answer(
                    center=center, actor=request.user, survey=found, **form.service_arguments()
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return go(request, "center:outcomes:survey")
    placements = selectors.finished_placements_of(center=center, user=request.user)
    return render(
        request,
        "outcomes/survey.html",
        {
            "survey": found,
            "form": form,
            "placements": [(p, selectors.offer_of(p)) for p in placements],
        },
    )


# An offer of employment after a placement


def _may_record(request, placement) -> bool:
    if placement.status == Placement.Status.ONGOING:
        return False
    roles = request.center_roles
    if Role.STUDENT in roles and placement.student.user_id == request.user.pk:
        return True
    return Role.ENTERPRISE in roles and is_representative(
        user=request.user, enterprise_id=placement.base.enterprise_id
    )


@center_member(Role.COORDINATOR, Role.BUREAU, Role.ENTERPRISE, Role.STUDENT)
def placement_offer(request, pk):
    placement = access_placement(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    offer = selectors.offer_of(placement)
    may_record = offer is None and _may_record(request, placement)
    form = None
    if may_record:
        form = OfferForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.employment_offer_record(
                    center=request.center,
                    actor=request.user,
                    placement=placement,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form_errors_from(form, error)
            except PermissionDenied as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("The offer of employment is recorded."))
                return go(request, "center:outcomes:placement_offer", pk=pk)
    return render(
        request,
        "outcomes/placement_offer.html",
        {"placement": placement, "offer": offer, "form": form},
    )


# The annual review of bases


def _render_review(request, *, failed_form=None, failed_pk=None):
    show = request.GET.get("show", "")
    show = selectors.REVIEW_ALL if show == selectors.REVIEW_ALL else selectors.REVIEW_FLAGGED
    page = slice_page(
        selectors.review_bases(center=request.center, show=show), request.GET.get("page")
    )
    today = timezone.localdate()
    rows = []
    for base in page.object_list:
        decision = base.decisions[0] if base.decisions else None
        form = None
        if decision is None and base.status == base.Status.RECOGNIZED:
            form = failed_form if failed_pk == base.pk else ReviewDecisionForm(prefix=f"b{base.pk}")
        rows.append(
            {
                "base": base,
                "average": selectors.rounded(base.average_rating),
                "no_interns": base.interns_last_year == 0,
                "poor_rating": bool(base.ratings)
                and base.average_rating is not None
                and selectors.rounded(base.average_rating) < selectors.POOR_RATING_BELOW,
                "decision": decision,
                "form": form,
            }
        )
    return render(
        request,
        "outcomes/review.html",
        {
            "rows": rows,
            "page": page,
            "show": show,
            "year": today.year,
            "since": today - selectors.REVIEW_WINDOW,
            "poor_below": selectors.POOR_RATING_BELOW,
            "query": query_without_page(request.GET),
        },
    )


@center_member(Role.BUREAU)
def review(request):
    return _render_review(request)


@center_member(Role.BUREAU)
@require_POST
def review_decide(request, pk):
    base = selectors.access_review_base(center=request.center, pk=pk)
    form = ReviewDecisionForm(request.POST, prefix=f"b{base.pk}")
    done = {
        "keep": _("The base stays recognized; its representatives are told why."),
        "warn": _("The warning is recorded; the base's representatives are told why."),
        "revoke": _(
            "The recognition is revoked: the base no longer posts positions or claims"
            " subsidies. Its representatives are told why."
        ),
    }
    return run_decision(
        request,
        form=form,
        act=lambda **data: services.annual_review_decide(
            center=request.center, actor=request.user, base=base, **data
        ),
        done_message=lambda review: done[review.decision],
        done_url=center_url(request.center, "center:outcomes:review"),
        show_again=lambda failed: _render_review(request, failed_form=failed, failed_pk=base.pk),
    )
