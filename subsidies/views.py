"""Pages of subsidy claims: the enterprise's claims, one claim seen by both parties, the
bureau's queue and export, and the center's subsidy policy.

Each view finds its rows through a selector (404 alike for "missing" and "not yours"),
validates a form and calls a service. Bureau staff who reach a page of the enterprise's
side are sent to the read-only claim page, and the other way round.
"""

import copy
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

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
from mentorship.money import format_cny
from mentorship.paging import query_without_page, slice_page
from mentorship.reports import report_request, report_url
from mentorship.uploads import private_file_response
from mentorship.views import error_text, form_errors_from
from subsidies import selectors, services
from subsidies.forms import (
    ClaimCommentForm,
    ClaimOpenForm,
    ClaimQueueFilterForm,
    EvidenceForm,
    ExportForm,
    LineReviewForm,
    PaymentForm,
    PolicyForm,
)
from subsidies.models import SubsidyClaim

QUEUE_PAGE_SIZE = 25
C = SubsidyClaim.Status

CLAIM_HISTORY_LABELS = {
    "subsidy_claim.opened": gettext_lazy("Claim opened, lines computed"),
    "subsidy_claim.recomputed": gettext_lazy("Lines computed again"),
    "subsidy_claim.evidence_attached": gettext_lazy("Evidence attached"),
    "subsidy_claim.submitted": gettext_lazy("Submitted to the bureau"),
    "subsidy_claim.review_started": gettext_lazy("Review started"),
    "subsidy_claim.line_reviewed": gettext_lazy("Line decided"),
    "subsidy_claim.first_approval": gettext_lazy("First approval"),
    "subsidy_claim.approved": gettext_lazy("Approved"),
    "subsidy_claim.partly_approved": gettext_lazy("Partly approved"),
    "subsidy_claim.returned": gettext_lazy("Returned for changes"),
    "subsidy_claim.rejected": gettext_lazy("Rejected"),
    "subsidy_claim.paid": gettext_lazy("Paid"),
}


def _claim(request, pk) -> SubsidyClaim:
    return selectors.access_claim(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )


def _representatives_only(request, claim):
    return representatives_only(request, claim, "center:subsidies:claim_detail", pk=claim.pk)


def _reviewers_only(request, claim):
    if claim.viewer_is_reviewer:
        return None
    messages.info(request, _("Only the bureau staff of this center can decide on the claim."))
    return go(request, "center:subsidies:claim_detail", pk=claim.pk)


# The enterprise's side


def _claim_list(request, *, open_form=None, status=200):
    bases = selectors.claimable_bases(center=request.center, user=request.user)
    periods = services.claimable_periods(request.center)
    open_form = open_form or ClaimOpenForm(
        bases=bases, periods=periods, kind=request.center.subsidy_claim_period
    )
    return render(
        request,
        "subsidies/claim_list.html",
        {
            "claims": selectors.enterprise_claims(center=request.center, user=request.user),
            "open_form": open_form,
            "has_bases": bases.exists(),
        },
        status=status,
    )


@center_member(Role.ENTERPRISE)
def claim_list(request):
    return _claim_list(request)


@center_member(Role.ENTERPRISE)
@require_POST
def claim_open(request):
    form = ClaimOpenForm(
        request.POST,
        bases=selectors.claimable_bases(center=request.center, user=request.user),
        periods=services.claimable_periods(request.center),
        kind=request.center.subsidy_claim_period,
    )
    if form.is_valid():
        try:
            claim = services.subsidy_claim_open(
                center=request.center, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("The claim is open with its computed lines. Attach the evidence, then submit."),
            )
            return go(request, "center:subsidies:claim_detail", pk=claim.pk)
    return _claim_list(request, open_form=form)


def _enterprise_action(request, pk, service, done_message, **arguments):
    claim = _claim(request, pk)
    if refused := _representatives_only(request, claim):
        return refused
    act(
        request,
        lambda: service(center=request.center, actor=request.user, claim=claim, **arguments),
        done_message,
    )
    return go(request, "center:subsidies:claim_detail", pk=pk)


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def claim_recompute(request, pk):
    return _enterprise_action(
        request, pk, services.subsidy_claim_recompute, _("The lines are computed again.")
    )


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def claim_submit(request, pk):
    return _enterprise_action(
        request, pk, services.subsidy_claim_submit, _("The claim is submitted to the bureau.")
    )


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def claim_discard(request, pk):
    claim = _claim(request, pk)
    if refused := _representatives_only(request, claim):
        return refused
    if act(
        request,
        lambda: services.subsidy_claim_discard(
            center=request.center, actor=request.user, claim=claim
        ),
        _("The draft claim is discarded."),
    ):
        return go(request, "center:subsidies:claim_list")
    return go(request, "center:subsidies:claim_detail", pk=pk)


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def claim_evidence(request, pk):
    """Evidence for every line of the claim that has none yet."""
    claim = _claim(request, pk)
    if refused := _representatives_only(request, claim):
        return refused
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            lines = services.subsidy_evidence_attach(
                center=request.center, actor=request.user, claim=claim, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
        else:
            if lines:
                messages.success(
                    request,
                    _("The evidence is attached to %(n)d lines.") % {"n": len(lines)},
                )
            else:
                messages.info(request, _("Every line already had this evidence."))
            return go(request, "center:subsidies:claim_detail", pk=pk)
    return _render_claim(request, claim, evidence_form=form)


@center_member(Role.BUREAU, Role.ENTERPRISE)
@require_POST
def line_evidence(request, pk):
    line = selectors.access_line(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    claim = line.claim
    if refused := _representatives_only(request, claim):
        return refused
    form = EvidenceForm(request.POST, request.FILES, prefix_id=str(line.pk))
    if form.is_valid():
        try:
            services.subsidy_evidence_attach(
                center=request.center,
                actor=request.user,
                claim=claim,
                line=line,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
        else:
            done = _("The evidence for %(student)s is attached.")
            messages.success(request, done % {"student": line_name(line)})
            return go(request, "center:subsidies:claim_detail", pk=claim.pk)
    return _render_claim(request, claim, line_forms={line.pk: form})


EVIDENCE_DOWNLOADS = {"stipend": "stipend_proof", "insurance": "insurance_proof"}


@center_member(Role.BUREAU, Role.ENTERPRISE)
def line_evidence_file(request, pk, kind):
    line = selectors.access_line(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    field = EVIDENCE_DOWNLOADS.get(kind)
    document = getattr(line, field) if field else None
    if not document or not document.storage.exists(document.name):
        raise Http404
    suffix = document.name.rsplit(".", 1)[-1] if "." in document.name else "bin"
    return private_file_response(
        document, download_name=f"claim-{line.claim_id}-line-{line.pk}-{kind}.{suffix}"
    )


def line_name(line) -> str:
    return str(line.placement.student)


# One claim, seen by both parties


def _history_details(entry) -> list[str]:
    """What changed, in words: the amounts before and after, the line, the reference."""
    before, after = entry.before, entry.after
    details = []
    if "student" in after:
        was = before.get("approved_amount")
        details.append(
            _("%(student)s: computed %(amount)s, approved %(approved)s%(was)s")
            % {
                "student": after["student"],
                "amount": format_cny(after.get("amount")),
                "approved": format_cny(after.get("approved_amount")),
                "was": (_(" (was %(amount)s)") % {"amount": format_cny(was)}) if was else "",
            }
        )
    elif "claimed_amount" in after and "approved_amount" not in after:
        if before.get("claimed_amount") not in (None, after["claimed_amount"]):
            details.append(
                _("Claimed: %(before)s → %(after)s")
                % {
                    "before": format_cny(before["claimed_amount"]),
                    "after": format_cny(after["claimed_amount"]),
                }
            )
        else:
            details.append(
                _("Claimed %(amount)s for %(n)s interns")
                % {"amount": format_cny(after["claimed_amount"]), "n": after.get("lines", 0)}
            )
    if after.get("approved_amount") and "student" not in after:
        details.append(
            _("Approved %(approved)s") % {"approved": format_cny(after["approved_amount"])}
        )
    if after.get("lines_without_evidence"):
        details.append(_("%(n)s lines without evidence") % {"n": after["lines_without_evidence"]})
    if "documents" in after:
        details.append(_("%(n)s lines") % {"n": len(after.get("lines", []))})
    if after.get("payment_reference"):
        details.append(
            _("Payment reference %(reference)s") % {"reference": after["payment_reference"]}
        )
    if after.get("months_released"):
        details.append(_("%(n)s placement-months released") % {"n": after["months_released"]})
    return details


def _render_claim(request, claim, *, status=200, line_forms=None, **forms):
    lines = selectors.claim_lines(claim=claim)
    included = [line for line in lines if line.included]
    excluded = [line for line in lines if not line.included]
    context = {
        "claim": claim,
        "included": included,
        "excluded": excluded,
        "history": history(
            row_history(center=request.center, target=claim),
            CLAIM_HISTORY_LABELS,
            _history_details,
        ),
        **selectors.review_progress(included),
    }
    line_forms = line_forms or {}
    if claim.viewer_is_representative and claim.is_editable:
        context["evidence_form"] = forms.get("evidence_form") or EvidenceForm()
        for line in included:
            line.evidence_form = line_forms.get(line.pk) or EvidenceForm(prefix_id=str(line.pk))
    # A bureau member who represents the enterprise reads the claim but never decides on it.
    deciding = claim.viewer_is_reviewer and not claim.viewer_is_representative
    if deciding and claim.in_review:
        for line in included:
            line.review_form = line_forms.get(line.pk) or LineReviewForm(line=line)
    if deciding and claim.awaits_decision:
        context["approve_form"] = forms.get("approve_form") or ClaimCommentForm(action="approve")
        context["return_form"] = forms.get("return_form") or ClaimCommentForm(action="return")
        context["reject_form"] = forms.get("reject_form") or ClaimCommentForm(action="reject")
        context["is_first_approver"] = claim.first_approved_by_id == request.user.pk
    if deciding and claim.status in (C.APPROVED, C.PARTLY_APPROVED):
        context["payment_form"] = forms.get("payment_form") or PaymentForm()
    return render(request, "subsidies/claim_detail.html", context, status=status)


@center_member(Role.BUREAU, Role.ENTERPRISE)
def claim_detail(request, pk):
    return _render_claim(request, _claim(request, pk))


# The bureau's decisions


@center_member(Role.BUREAU)
@require_POST
def line_review(request, pk):
    line = selectors.access_line(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    claim = line.claim
    if refused := _reviewers_only(request, claim):
        return refused
    form = LineReviewForm(request.POST, line=line)
    action = request.POST.get("action")
    if action in LineReviewForm.ACTIONS and form.is_valid():
        try:
            services.subsidy_line_review(
                center=request.center,
                actor=request.user,
                line=line,
                **form.service_arguments(action),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form_errors_from(form, error)
            else:
                refuse(request, error)
                return go(request, "center:subsidies:claim_detail", pk=claim.pk)
        except PermissionDenied as error:
            refuse(request, error)
            return go(request, "center:subsidies:claim_detail", pk=claim.pk)
        else:
            done = (
                _("The line of %(student)s is approved.")
                if action == "approve"
                else _("The line of %(student)s is reduced.")
            )
            messages.success(request, done % {"student": line_name(line)})
            return go(request, "center:subsidies:claim_detail", pk=claim.pk)
    elif action not in LineReviewForm.ACTIONS:
        form.add_error(None, _("Choose to approve or to reduce the line."))
    return _render_claim(request, claim, line_forms={line.pk: form})


def _approved_message(claim) -> str:
    if claim.status == C.SECOND_APPROVAL:
        return _("Your approval is recorded. Another bureau member must give the second one.")
    if claim.status == C.PARTLY_APPROVED:
        return _("The claim is partly approved; the enterprise is told.")
    return _("The claim is approved; the enterprise is told.")


CLAIM_CASE = Case(
    access=_claim,
    keyword="claim",
    page="center:subsidies:claim_detail",
    render=_render_claim,
    turn_away=_reviewers_only,
)

claim_approve = decision_view(
    CLAIM_CASE,
    form=partial(ClaimCommentForm, action="approve"),
    service=services.subsidy_claim_approve,
    done_message=_approved_message,
    form_name="approve_form",
)
claim_return = decision_view(
    CLAIM_CASE,
    form=partial(ClaimCommentForm, action="return"),
    service=services.subsidy_claim_return,
    done_message=gettext_lazy("The claim is returned to the enterprise for changes."),
    form_name="return_form",
)
claim_reject = decision_view(
    CLAIM_CASE,
    form=partial(ClaimCommentForm, action="reject"),
    service=services.subsidy_claim_reject,
    done_message=gettext_lazy("The claim is rejected; the enterprise is told why."),
    form_name="reject_form",
)
claim_paid = decision_view(
    CLAIM_CASE,
    form=PaymentForm,
    service=services.subsidy_claim_mark_paid,
    done_message=gettext_lazy("The payment is recorded; the enterprise is told."),
    form_name="payment_form",
)


# The queue, its export, the policy


@center_member(Role.BUREAU)
def claim_queue(request):
    filter_form = ClaimQueueFilterForm(request.GET or None, center=request.center)
    filters = filter_form.filters()
    page = slice_page(
        selectors.claim_queue(center=request.center, **filters),
        request.GET.get("page"),
        per_page=QUEUE_PAGE_SIZE,
    )
    query = query_without_page(request.GET)
    return render(
        request,
        "subsidies/claim_queue.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "page": page,
            "query": query,
            "export_form": ExportForm(),
        },
    )


@center_member(Role.BUREAU)
@require_POST
def claim_queue_export(request):
    """The queue as it is filtered, written to a file in the background."""
    filters = ClaimQueueFilterForm(request.POST, center=request.center).filters()
    export = ExportForm(request.POST)
    file_format = export.cleaned_data["file_format"] if export.is_valid() else "xlsx"
    try:
        report = report_request(
            actor=request.user,
            center=request.center,
            kind="subsidy_claims",
            file_format=file_format,
            params=filters,
        )
    except PermissionDenied as error:
        refuse(request, error)
        return go(request, "center:subsidies:claim_queue")
    return redirect(report_url(report))


@center_member(Role.BUREAU)
def subsidy_policy(request):
    # A copy: the form writes what was typed onto its instance before the service decides.
    form = PolicyForm(request.POST or None, instance=copy.copy(request.center))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.POLICY_FIELDS}
        try:
            services.subsidy_policy_update(center=request.center, actor=request.user, **fields)
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("The subsidy policy is saved. It applies to claims computed from now on."),
            )
            return go(request, "center:subsidies:subsidy_policy")
    return render(request, "subsidies/policy.html", {"form": form})
