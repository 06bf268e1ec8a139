"""Reports of the bases app: the bureau's subsidy-claim queue as CSV or XLSX."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.models import Role
from mentorship.reports import register_report
from mentorship.scoping import program_scope
from subsidies import selectors

QUEUE_PARAMS = ("status", "base", "period", "amount_min", "amount_max", "sort")


def _headers(with_center: bool) -> list:
    headers = [
        _("Claim"),
        _("Enterprise"),
        _("Unified social credit code"),
        _("Period"),
        _("First day"),
        _("Last day"),
        _("Status"),
        pgettext_lazy("date submitted", "Submitted"),
        _("Interns"),
        _("Claimed (CNY)"),
        _("Approved (CNY)"),
        _("First approver"),
        _("Second approver"),
        pgettext_lazy("date paid", "Paid"),
        _("Payment reference"),
    ]
    return [_("Service center"), *headers] if with_center else headers


def _person(user) -> str:
    return str(user) if user else ""


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _row(claim, with_center: bool) -> list:
    enterprise = claim.base.enterprise
    row = [
        claim.pk,
        str(enterprise),
        enterprise.credit_code,
        claim.period_label,
        claim.period_start.isoformat(),
        claim.period_end.isoformat(),
        claim.get_status_display(),
        _day(claim.submitted_at),
        claim.line_count,
        claim.claimed_amount,
        claim.approved if claim.approved is not None else "",
        _person(claim.first_approved_by),
        _person(claim.second_approved_by),
        _day(claim.paid_at),
        claim.payment_reference,
    ]
    return [claim.center.name, *row] if with_center else row


@register_report(
    "subsidy_claims", title=_("Subsidy claims"), roles=(Role.BUREAU,), program_staff=True
)
def subsidy_claims_report(report):
    """The queue's claims under the filters it was showing (report.params).

    A center's report runs inside its center scope; a program-wide one (no center) reads
    every center through program staff's audited path.
    """
    params = {key: report.params[key] for key in QUEUE_PARAMS if key in report.params}
    if report.center is None:
        with program_scope(actor=report.requested_by, reason="subsidy claims export"):
            claims = list(
                selectors.program_claims(
                    center_id=report.params.get("center"),
                    status=report.params.get("status") or selectors.QUEUE_ALL,
                ).select_related("first_approved_by", "second_approved_by")
            )
        return _headers(True), (_row(c, True) for c in claims), len(claims)
    claims = selectors.claim_queue(center=report.center, **params)
    rows = (_row(c, False) for c in claims.iterator(chunk_size=2000))
    return _headers(False), rows, claims.count()
