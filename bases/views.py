"""Pages of enterprises, base applications, the bureau's review queue and positions.

Each view finds its object through a selector (which answers 404 alike for "missing" and
"not yours"), validates a form and calls a service. Pages of one application are shared by
its two parties: the enterprise's representatives and the center's bureau staff. Bureau
staff who follow a link to a page that changes the enterprise's side are sent to the
read-only page instead. The center's coordinators read the list and the pages of submitted
applications (READ_ALONG) and take no decision: every action stays refused to them.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bases import selectors, services
from bases.base_sections import base_sections
from bases.forms import (
    BaseApplicationForm,
    DecisionCommentForm,
    EnterpriseForm,
    PositionForm,
    QueueFilterForm,
    RecognizeForm,
    RepresentativeForm,
)
from bases.views_common import (
    Case,
    act,
    decision_view,
    go,
    history,
    refuse,
    representatives_only,
)
from mentorship.access import center_member
from mentorship.audit_filters import row_history
from mentorship.models import Role
from mentorship.paging import query_without_page, slice_page
from mentorship.uploads import private_file_response
from mentorship.views import form_errors_from

QUEUE_PAGE_SIZE = 25

# Reading pages: the two parties, and coordinators who run the center.
READ_ALONG = (Role.BUREAU, Role.ENTERPRISE, Role.COORDINATOR)

BASE_HISTORY_LABELS = {
    "base.created": gettext_lazy("Application started"),
    "base.updated": gettext_lazy("Application changed"),
    "base.submitted": gettext_lazy("Submitted for review"),
    "base.review_started": gettext_lazy("Review started"),
    "base.recognized": gettext_lazy("Recognized"),
    "base.returned": gettext_lazy("Returned for changes"),
    "base.rejected": gettext_lazy("Rejected"),
    "base.expiry_reminded": gettext_lazy("Reminded that the recognition ends"),
    "base.expired": gettext_lazy("Recognition ended"),
    "base.review_keep": gettext_lazy("Annual review: kept"),
    "base.review_warn": gettext_lazy("Annual review: warned"),
    "base.review_revoke": gettext_lazy("Annual review: revoked"),
}


def _enterprise(request, pk):
    return selectors.access_enterprise(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )


def _base(request, pk):
    return selectors.access_base(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )


def _position(request, pk):
    return selectors.access_position(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )


# Enterprises


@center_member(Role.ENTERPRISE)
def enterprise_list(request):
    enterprises = selectors.represented_enterprises(user=request.user)
    return render(request, "bases/enterprise_list.html", {"enterprises": enterprises})


@center_member(Role.ENTERPRISE)
def enterprise_register(request):
    form = EnterpriseForm(request.POST or None, request.FILES or None, registering=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            enterprise = services.enterprise_register(
                center=request.center, actor=request.user, **data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("%(enterprise)s is registered. You can now apply to be a training base.")
                % {"enterprise": enterprise},
            )
            return go(request, "center:bases:enterprise_detail", pk=enterprise.pk)
    return render(request, "bases/enterprise_form.html", {"form": form, "registering": True})


def _render_enterprise(request, enterprise, *, representative_form=None):
    if enterprise.viewer_is_representative:
        bases = selectors.enterprise_bases_everywhere(enterprise=enterprise)
        representative_form = representative_form or RepresentativeForm()
    else:
        bases = selectors.enterprise_bases_here(center=request.center, enterprise=enterprise)
    return render(
        request,
        "bases/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "bases": bases,
            "representatives": selectors.representatives_of(enterprise=enterprise),
            "representative_form": representative_form,
            "can_apply_here": selectors.can_apply_here(center=request.center, bases=bases),
        },
    )


@center_member(*READ_ALONG)
def enterprise_detail(request, pk):
    enterprise = _enterprise(request, pk)
    return _render_enterprise(request, enterprise)


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def enterprise_representative_add(request, pk):
    enterprise = _enterprise(request, pk)
    if refused := representatives_only(
        request, enterprise, "center:bases:enterprise_detail", pk=pk
    ):
        return refused
    form = RepresentativeForm(request.POST)
    if form.is_valid():
        try:
            person = services.enterprise_add_representative(
                center=request.center,
                actor=request.user,
                enterprise=enterprise,
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("%(person)s now represents the enterprise.") % {"person": person},
            )
            return go(request, "center:bases:enterprise_detail", pk=pk)
    return _render_enterprise(request, enterprise, representative_form=form)


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def enterprise_representative_remove(request, pk, user_pk):
    enterprise = _enterprise(request, pk)
    if refused := representatives_only(
        request, enterprise, "center:bases:enterprise_detail", pk=pk
    ):
        return refused
    person = selectors.access_representative(enterprise=enterprise, pk=user_pk)
    try:
        services.enterprise_remove_representative(
            center=request.center, actor=request.user, enterprise=enterprise, person=person
        )
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(
            request, _("%(person)s no longer represents the enterprise.") % {"person": person}
        )
    return go(request, "center:bases:enterprise_detail", pk=pk)


@center_member(Role.BUREAU, Role.ENTERPRISE)
def enterprise_edit(request, pk):
    enterprise = _enterprise(request, pk)
    if refused := representatives_only(
        request, enterprise, "center:bases:enterprise_detail", pk=pk
    ):
        return refused
    form = EnterpriseForm(
        request.POST or None, request.FILES or None, instance=enterprise, registering=False
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.enterprise_update(
                center=request.center, actor=request.user, enterprise=enterprise, **data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The enterprise's details are saved."))
            return go(request, "center:bases:enterprise_detail", pk=pk)
    return render(
        request,
        "bases/enterprise_form.html",
        {"form": form, "enterprise": enterprise, "registering": False},
    )


@center_member(Role.BUREAU, Role.ENTERPRISE)
def enterprise_licence(request, pk):
    enterprise = _enterprise(request, pk)
    licence = enterprise.business_licence
    if not licence or not licence.storage.exists(licence.name):
        raise Http404
    suffix = licence.name.rsplit(".", 1)[-1] if "." in licence.name else "bin"
    return private_file_response(
        licence, download_name=f"business-licence-{enterprise.credit_code}.{suffix}"
    )


# Base applications: the enterprise's side


@center_member(Role.ENTERPRISE)
def base_list(request):
    bases = selectors.enterprise_bases(center=request.center, user=request.user)
    has_enterprise = selectors.represented_enterprises(user=request.user).exists()
    return render(
        request, "bases/base_list.html", {"bases": bases, "has_enterprise": has_enterprise}
    )


@center_member(Role.ENTERPRISE)
def base_create(request):
    enterprises = selectors.represented_enterprises(user=request.user)
    if not enterprises.exists():
        messages.info(request, _("Register your enterprise first; then apply to be a base."))
        return go(request, "center:bases:enterprise_register")
    form = BaseApplicationForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            base = services.base_create(
                center=request.center, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("Your draft is saved. Submit it when it is complete."),
            )
            return go(request, "center:bases:base_detail", pk=base.pk)
    return render(request, "bases/base_form.html", {"form": form})


@center_member(Role.BUREAU, Role.ENTERPRISE)
def base_edit(request, pk):
    base = _base(request, pk)
    if refused := representatives_only(request, base, "center:bases:base_detail", pk=pk):
        return refused
    if not base.is_editable:
        messages.info(request, _("This application cannot be changed in its current state."))
        return go(request, "center:bases:base_detail", pk=pk)
    form = BaseApplicationForm(request.POST or None, instance=base)
    if request.method == "POST" and form.is_valid():
        try:
            services.base_update(
                center=request.center, actor=request.user, base=base, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return go(request, "center:bases:base_detail", pk=pk)
    return render(request, "bases/base_form.html", {"form": form, "base": base})


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def base_submit(request, pk):
    base = _base(request, pk)
    if refused := representatives_only(request, base, "center:bases:base_detail", pk=pk):
        return refused
    act(
        request,
        lambda: services.base_submit(center=request.center, actor=request.user, base=base),
        _("Your application is submitted to the bureau."),
    )
    return go(request, "center:bases:base_detail", pk=pk)


# One application, seen by both parties; the bureau's decisions


def _history_details(entry) -> list[str]:
    after = entry.after
    if after.get("reason") and entry.verb.startswith("base.review_"):
        return [_("Reason: %(reason)s") % {"reason": after["reason"]}]
    if not after.get("recognized_from"):
        return []
    return [
        _("Valid from %(start)s to %(end)s")
        % {"start": after["recognized_from"], "end": after.get("recognized_until")}
    ]


def _render_base(request, base, *, status=200, **forms):
    context = {"base": base, "enterprise": base.enterprise}
    if base.viewer_is_reviewer and base.status == base.Status.UNDER_REVIEW:
        context["recognize_form"] = forms.get("recognize_form") or RecognizeForm()
        context["return_form"] = forms.get("return_form") or DecisionCommentForm(action="return")
        context["reject_form"] = forms.get("reject_form") or DecisionCommentForm(action="reject")
    if base.was_recognized and (
        base.viewer_is_representative or Role.BUREAU in request.center_roles
    ):
        context["sections"] = base_sections(center=request.center, base=base)
    context["history"] = history(
        row_history(center=request.center, target=base),
        BASE_HISTORY_LABELS,
        _history_details,
    )
    return render(request, "bases/base_detail.html", context, status=status)


@center_member(*READ_ALONG)
def base_detail(request, pk):
    base = _base(request, pk)
    return _render_base(request, base)


@center_member(Role.BUREAU)
@require_POST
def base_start_review(request, pk):
    base = _base(request, pk)
    act(
        request,
        lambda: services.base_start_review(center=request.center, actor=request.user, base=base),
        _("You have started the review."),
    )
    return go(request, "center:bases:base_detail", pk=pk)


BASE_CASE = Case(access=_base, keyword="base", page="center:bases:base_detail", render=_render_base)

base_recognize = decision_view(
    BASE_CASE,
    form=RecognizeForm,
    service=services.base_recognize,
    done_message=gettext_lazy(
        "The enterprise is recognized as a base; its representatives are told."
    ),
    form_name="recognize_form",
)
base_return = decision_view(
    BASE_CASE,
    form=partial(DecisionCommentForm, action="return"),
    service=services.base_return,
    done_message=gettext_lazy("The application is returned to the enterprise for changes."),
    form_name="return_form",
)
base_reject = decision_view(
    BASE_CASE,
    form=partial(DecisionCommentForm, action="reject"),
    service=services.base_reject,
    done_message=gettext_lazy("The application is rejected; the enterprise is told why."),
    form_name="reject_form",
)


@center_member(Role.BUREAU, Role.COORDINATOR)
def base_queue(request):
    """The bureau's review queue; coordinators read the same list without deciding."""
    filter_form = QueueFilterForm(request.GET or None)
    filters = filter_form.filters()
    page = slice_page(
        selectors.base_queue(center=request.center, **filters),
        request.GET.get("page"),
        per_page=QUEUE_PAGE_SIZE,
    )
    query = query_without_page(request.GET)
    return render(
        request,
        "bases/base_queue.html",
        {
            "filter_form": filter_form,
            "page": page,
            "query": query,
            "reviews": Role.BUREAU in request.center_roles,
        },
    )


# Positions


@center_member(*READ_ALONG)
def base_positions(request, pk):
    base = _base(request, pk)
    positions = selectors.base_positions(base=base)
    return render(request, "bases/base_positions.html", {"base": base, "positions": positions})


@center_member(Role.BUREAU, Role.ENTERPRISE)
def position_create(request, pk):
    base = _base(request, pk)
    if refused := representatives_only(request, base, "center:bases:base_positions", pk=pk):
        return refused
    if not base.accepts_positions:
        messages.info(request, services.refused_positions_message(base))
        return go(request, "center:bases:base_detail", pk=pk)
    form = PositionForm(request.POST or None, initial={"city": request.center.city})
    if request.method == "POST" and form.is_valid():
        try:
            position = services.position_create(
                center=request.center, actor=request.user, base=base, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The position is saved as a draft. Publish it when ready."))
            return go(request, "center:bases:position_detail", pk=position.pk)
    return render(request, "bases/position_form.html", {"form": form, "base": base})


@center_member(*READ_ALONG)
def position_detail(request, pk):
    position = _position(request, pk)
    return render(request, "bases/position_detail.html", {"position": position})


@center_member(Role.BUREAU, Role.ENTERPRISE)
def position_edit(request, pk):
    position = _position(request, pk)
    if refused := representatives_only(request, position, "center:bases:position_detail", pk=pk):
        return refused
    if position.status not in (position.Status.DRAFT, position.Status.OPEN):
        messages.info(request, _("A closed or filled position can no longer be changed."))
        return go(request, "center:bases:position_detail", pk=pk)
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_update(
                center=request.center, actor=request.user, position=position, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The position is saved."))
            return go(request, "center:bases:position_detail", pk=pk)
    return render(
        request,
        "bases/position_form.html",
        {"form": form, "base": position.base, "position": position},
    )


def _position_action(request, pk, service, done_message):
    position = _position(request, pk)
    if refused := representatives_only(request, position, "center:bases:position_detail", pk=pk):
        return refused
    act(
        request,
        lambda: service(center=request.center, actor=request.user, position=position),
        done_message,
    )
    return go(request, "center:bases:position_detail", pk=pk)


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def position_publish(request, pk):
    return _position_action(
        request, pk, services.position_publish, _("The position is open to students.")
    )


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def position_close(request, pk):
    return _position_action(
        request, pk, services.position_close, _("The position is closed to new applications.")
    )
