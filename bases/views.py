"""Pages of enterprises, base applications, the bureau's review queue and positions.

Each view finds its object through a selector (which answers 404 alike for "missing" and
"not yours"), validates a form and calls a service. Pages of one application are shared by
its two parties: the enterprise's representatives and the center's bureau staff. Bureau
staff who follow a link to a page that changes the enterprise's side are sent to the
read-only page instead. The center's coordinators read the list and the pages of submitted
applications (READ_ALONG) and take no decision: every action stays refused to them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bases import selectors, services
from bases.forms import (
    BaseApplicationForm,
    DecisionCommentForm,
    EnterpriseForm,
    PositionForm,
    QueueFilterForm,
    RecognizeForm,
    RepresentativeForm,
)
from bases.models import TrainingBase
from mentorship.access import center_member
from mentorship.models import Role
from mentorship.paging import query_without_page, slice_page
from mentorship.uploads import private_file_response
from mentorship.views import error_text, form_errors_from
from mentorship.views.common import run_decision

QUEUE_PAGE_SIZE = 25

# Reading pages: the two parties, and coordinators who run the center.
READ_ALONG = (Role.BUREAU, Role.ENTERPRISE, Role.COORDINATOR)

HISTORY_LABELS = {
    "base.created": gettext_lazy("Application started"),
    "base.updated": gettext_lazy("Application changed"),
    "base.submitted": gettext_lazy("Submitted for review"),
    "base.review_started": gettext_lazy("Review started"),
    "base.recognized": gettext_lazy("Recognized"),
    "base.returned": gettext_lazy("Returned for changes"),
    "base.rejected": gettext_lazy("Rejected"),
}


def _url(request, name, **kwargs):
    return reverse(f"center:bases:{name}", kwargs={"center_slug": request.center.slug, **kwargs})


def _go(request, name, **kwargs):
    return redirect(_url(request, name, **kwargs))


def _refusal(request, error) -> None:
    messages.error(request, error_text(error))


def _representatives_only(request, obj, name, **kwargs):
    """Bureau staff reached a page of the enterprise's side: back to the read-only page."""
    if obj.viewer_is_representative:
        return None
    messages.info(request, _("Only the enterprise's representatives can change this."))
    return _go(request, name, **kwargs)


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
            return _go(request, "enterprise_detail", pk=enterprise.pk)
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
            "representatives": enterprise.representatives.order_by("name", "pk"),
            "representative_form": representative_form,
            "can_apply_here": len({b.kind for b in bases if b.center_id == request.center.pk})
            < len(TrainingBase.Kind.values),
        },
    )


@center_member(*READ_ALONG)
def enterprise_detail(request, pk):
    enterprise = selectors.access_enterprise(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    return _render_enterprise(request, enterprise)


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def enterprise_representative_add(request, pk):
    enterprise = selectors.access_enterprise(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if refused := _representatives_only(request, enterprise, "enterprise_detail", pk=pk):
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
            return _go(request, "enterprise_detail", pk=pk)
    return _render_enterprise(request, enterprise, representative_form=form)


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def enterprise_representative_remove(request, pk, user_pk):
    enterprise = selectors.access_enterprise(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if refused := _representatives_only(request, enterprise, "enterprise_detail", pk=pk):
        return refused
    person = enterprise.representatives.filter(pk=user_pk).first()
    if person is None:
        raise Http404
    try:
        services.enterprise_remove_representative(
            center=request.center, actor=request.user, enterprise=enterprise, person=person
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request, _("%(person)s no longer represents the enterprise.") % {"person": person}
        )
    return _go(request, "enterprise_detail", pk=pk)


@center_member(Role.BUREAU, Role.ENTERPRISE)
def enterprise_edit(request, pk):
    enterprise = selectors.access_enterprise(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if refused := _representatives_only(request, enterprise, "enterprise_detail", pk=pk):
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
            return _go(request, "enterprise_detail", pk=pk)
    return render(
        request,
        "bases/enterprise_form.html",
        {"form": form, "enterprise": enterprise, "registering": False},
    )


@center_member(Role.BUREAU, Role.ENTERPRISE)
def enterprise_licence(request, pk):
    enterprise = selectors.access_enterprise(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
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
        return _go(request, "enterprise_register")
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
            return _go(request, "base_detail", pk=base.pk)
    return render(request, "bases/base_form.html", {"form": form})


@center_member(Role.BUREAU, Role.ENTERPRISE)
def base_edit(request, pk):
    base = selectors.access_base(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if refused := _representatives_only(request, base, "base_detail", pk=pk):
        return refused
    if not base.is_editable:
        messages.info(request, _("This application cannot be changed in its current state."))
        return _go(request, "base_detail", pk=pk)
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
            return _go(request, "base_detail", pk=pk)
    return render(request, "bases/base_form.html", {"form": form, "base": base})


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def base_submit(request, pk):
    base = selectors.access_base(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if refused := _representatives_only(request, base, "base_detail", pk=pk):
        return refused
    try:
        services.base_submit(center=request.center, actor=request.user, base=base)
    except (ValidationError, PermissionDenied) as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Your application is submitted to the bureau."))
    return _go(request, "base_detail", pk=pk)


# One application, seen by both parties; the bureau's decisions


def _history(center, base):
    entries = list(selectors.base_history(center=center, base=base))
    for entry in entries:
        entry.label = HISTORY_LABELS.get(entry.verb, entry.verb)
        entry.comment = entry.after.get("comment", "")
    return entries


def _render_base(request, base, *, status=200, **forms):
    context = {"base": base, "enterprise": base.enterprise}
    if base.viewer_is_reviewer and base.status == base.Status.UNDER_REVIEW:
        context["recognize_form"] = forms.get("recognize_form") or RecognizeForm()
        context["return_form"] = forms.get("return_form") or DecisionCommentForm(action="return")
        context["reject_form"] = forms.get("reject_form") or DecisionCommentForm(action="reject")
    context["history"] = _history(request.center, base)
    return render(request, "bases/base_detail.html", context, status=status)


@center_member(*READ_ALONG)
def base_detail(request, pk):
    base = selectors.access_base(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    return _render_base(request, base)


def _reviewed_base(request, pk):
    return selectors.access_base(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )


@center_member(Role.BUREAU)
@require_POST
def base_start_review(request, pk):
    base = _reviewed_base(request, pk)
    try:
        services.base_start_review(center=request.center, actor=request.user, base=base)
    except (ValidationError, PermissionDenied) as error:
        _refusal(request, error)
    else:
        messages.success(request, _("You have started the review."))
    return _go(request, "base_detail", pk=pk)


def _decision(request, pk, *, form, service, done_message, form_name):
    base = _reviewed_base(request, pk)
    return run_decision(
        request,
        form=form,
        act=lambda **data: service(center=request.center, actor=request.user, base=base, **data),
        done_message=done_message,
        done_url=_url(request, "base_detail", pk=pk),
        show_again=lambda form: _render_base(request, base, status=200, **{form_name: form}),
    )


@center_member(Role.BUREAU)
@require_POST
def base_recognize(request, pk):
    return _decision(
        request,
        pk,
        form=RecognizeForm(request.POST),
        service=services.base_recognize,
        done_message=_("The enterprise is recognized as a base; its representatives are told."),
        form_name="recognize_form",
    )


@center_member(Role.BUREAU)
@require_POST
def base_return(request, pk):
    return _decision(
        request,
        pk,
        form=DecisionCommentForm(request.POST, action="return"),
        service=services.base_return,
        done_message=_("The application is returned to the enterprise for changes."),
        form_name="return_form",
    )


@center_member(Role.BUREAU)
@require_POST
def base_reject(request, pk):
    return _decision(
        request,
        pk,
        form=DecisionCommentForm(request.POST, action="reject"),
        service=services.base_reject,
        done_message=_("The application is rejected; the enterprise is told why."),
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
    base = selectors.access_base(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    positions = selectors.base_positions(base=base)
    return render(request, "bases/base_positions.html", {"base": base, "positions": positions})


@center_member(Role.BUREAU, Role.ENTERPRISE)
def position_create(request, pk):
    base = selectors.access_base(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if refused := _representatives_only(request, base, "base_positions", pk=pk):
        return refused
    if not base.accepts_positions:
        messages.info(
            request,
            _(
                "Positions can be posted only by an internship training base whose "
                "recognition is valid today."
            ),
        )
        return _go(request, "base_detail", pk=pk)
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
            return _go(request, "position_detail", pk=position.pk)
    return render(request, "bases/position_form.html", {"form": form, "base": base})


@center_member(*READ_ALONG)
def position_detail(request, pk):
    position = selectors.access_position(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    return render(request, "bases/position_detail.html", {"position": position})


@center_member(Role.BUREAU, Role.ENTERPRISE)
def position_edit(request, pk):
    position = selectors.access_position(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if refused := _representatives_only(request, position, "position_detail", pk=pk):
        return refused
    if position.status not in (position.Status.DRAFT, position.Status.OPEN):
        messages.info(request, _("A closed or filled position can no longer be changed."))
        return _go(request, "position_detail", pk=pk)
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
            return _go(request, "position_detail", pk=pk)
    return render(
        request,
        "bases/position_form.html",
        {"form": form, "base": position.base, "position": position},
    )


def _position_action(request, pk, service, done_message):
    position = selectors.access_position(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if refused := _representatives_only(request, position, "position_detail", pk=pk):
        return refused
    try:
        service(center=request.center, actor=request.user, position=position)
    except (ValidationError, PermissionDenied) as error:
        _refusal(request, error)
    else:
        messages.success(request, done_message)
    return _go(request, "position_detail", pk=pk)


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
