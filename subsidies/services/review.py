"""The bureau's side of a claim: line decisions, four-eyes approval, return, rejection, payment."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.services import lock_base
from mentorship.audit import audit
from mentorship.models import NotificationKind, Role
from mentorship.money import FEN, format_cny, to_fen
from mentorship.notifications import notify
from mentorship.selectors import members_with_role
from subsidies.models import SubsidyClaim, SubsidyLine, SubsidyMonth
from subsidies.services.common import (
    C,
    D,
    claim_url,
    ensure_decision,
    ensure_reviewer,
    locked_claim,
    money_text,
    required_comment,
    tell_enterprise,
)


def _start_review(center, actor, claim) -> None:
    if claim.status != C.SUBMITTED:
        return
    claim.status = C.UNDER_REVIEW
    claim.save(update_fields=["status", "updated_at"])
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.review_started",
        target=claim,
        before={"status": C.SUBMITTED},
        after={"status": C.UNDER_REVIEW},
    )
    tell_enterprise(
        center,
        claim,
        title=lambda: _("Subsidy claim under review: %(period)s") % {"period": claim.period_label},
        body=lambda: _("The bureau has started to review your claim."),
    )


def parse_amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({"approved_amount": _("Enter an amount in CNY.")}) from error
    if not amount.is_finite() or amount != amount.quantize(FEN):
        raise ValidationError(
            {"approved_amount": _("Enter an amount in CNY with at most two decimals.")}
        )
    return amount.quantize(FEN)


@transaction.atomic
def subsidy_line_review(
    *, center, actor, line, approved_amount=None, comment: str = ""
) -> SubsidyLine:
    """Approve a line in full (approved_amount None) or reduce it, saying why."""
    claim = locked_claim(line.claim)
    ensure_reviewer(actor, center, claim)
    if not claim.in_review:
        raise ValidationError(_("Lines can be decided only while the claim is under review."))
    line = (
        claim.lines.select_for_update(of=("self",))
        .select_related("placement__student__user")
        .get(pk=line.pk)
    )
    if not line.included:
        raise ValidationError(_("This placement is excluded from the claim; nothing to decide."))
    comment = (comment or "").strip()
    amount = line.amount if approved_amount is None else parse_amount(approved_amount)
    if amount < 0 or amount > line.amount:
        raise ValidationError(
            {
                "approved_amount": _("Enter an amount from 0 to the computed %(amount)s.")
                % {"amount": format_cny(line.amount)}
            }
        )
    reduced = amount < line.amount
    if reduced and not comment:
        raise ValidationError({"comment": _("Say why the line is reduced.")})
    if amount > 0 and not line.has_evidence:
        raise ValidationError(
            _(
                "This line lacks proof of the stipend paid or of the accident insurance, so it "
                "cannot be approved. Reduce it to 0 with a comment, or return the claim."
            ),
            code="no_evidence",
        )
    _start_review(center, actor, claim)
    before = {"decision": line.decision, "approved_amount": money_text(line.approved_amount)}
    line.decision = D.REDUCED if reduced else D.APPROVED
    line.approved_amount = amount
    line.review_comment = comment
    line.reviewed_by = actor
    line.reviewed_at = timezone.now()
    line.save()
    student = str(line.placement.student)
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.line_reviewed",
        target=claim,
        before={"line": line.pk, "student": student, **before},
        after={
            "line": line.pk,
            "student": student,
            "decision": line.decision,
            "amount": money_text(line.amount),
            "approved_amount": money_text(amount),
            "comment": comment,
        },
    )
    if reduced:
        tell_enterprise(
            center,
            claim,
            title=lambda: (
                _("Subsidy line reduced: %(student)s, %(period)s")
                % {"student": student, "period": claim.period_label}
            ),
            body=lambda: (
                _("From %(amount)s to %(approved)s. Comment: %(comment)s")
                % {
                    "amount": format_cny(line.amount),
                    "approved": format_cny(amount),
                    "comment": comment,
                }
            ),
        )
    return line


def _approved_total(claim) -> Decimal:
    lines = claim.lines.filter(excluded_reason="")
    if lines.filter(decision=D.PENDING).exists():
        raise ValidationError(
            _("Approve or reduce every line before deciding on the claim."), code="pending"
        )
    # SQLite sums decimals as floats: the exact sum of the fen amounts, back to fen.
    return to_fen(lines.aggregate(total=Sum("approved_amount"))["total"] or Decimal("0"))


def _ask_for_second_approval(*, center, actor, claim, approved, comment, before) -> None:
    claim.status = C.SECOND_APPROVAL
    claim.approved_amount = approved
    if comment:
        claim.review_comment = comment
    claim.save()
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.first_approval",
        target=claim,
        before=before,
        after={
            "status": claim.status,
            "claimed_amount": money_text(claim.claimed_amount),
            "approved_amount": money_text(approved),
            "threshold": money_text(claim.second_approval_threshold),
            "comment": comment,
        },
    )
    tell_enterprise(
        center,
        claim,
        title=lambda: (
            _("Subsidy claim approved once, awaiting a second approval: %(period)s")
            % {"period": claim.period_label}
        ),
        body=lambda: (
            _("%(approved)s of %(claimed)s approved by the first reviewer.")
            % {"approved": format_cny(approved), "claimed": format_cny(claim.claimed_amount)}
        ),
    )
    enterprise = claim.base.enterprise
    for user in members_with_role(center=center, role=Role.BUREAU).exclude(pk=actor.pk):
        notify(
            user,
            NotificationKind.SUBSIDY_SUBMITTED,
            center=center,
            title=lambda: (
                _("Second approval needed: %(enterprise)s, %(period)s")
                % {"enterprise": enterprise, "period": claim.period_label}
            ),
            body=lambda: (
                _("%(approved)s, above the threshold of %(threshold)s.")
                % {
                    "approved": format_cny(approved),
                    "threshold": format_cny(claim.second_approval_threshold),
                }
            ),
            url=claim_url(center, claim),
        )


def _decide_approval(*, center, actor, claim, approved, comment, before) -> None:
    claim.status = C.APPROVED if approved == claim.claimed_amount else C.PARTLY_APPROVED
    claim.approved_amount = approved
    claim.decided_by, claim.decided_at = actor, timezone.now()
    if comment:
        claim.review_comment = comment
    claim.save()
    audit(
        center=center,
        actor=actor,
        verb=f"subsidy_claim.{claim.status}",
        target=claim,
        before=before,
        after={
            "status": claim.status,
            "claimed_amount": money_text(claim.claimed_amount),
            "approved_amount": money_text(approved),
            "second_approval": claim.second_approved_by_id is not None,
            "comment": comment,
        },
    )
    tell_enterprise(
        center,
        claim,
        title=lambda: (
            (
                _("Subsidy claim approved: %(period)s")
                if claim.status == C.APPROVED
                else _("Subsidy claim partly approved: %(period)s")
            )
            % {"period": claim.period_label}
        ),
        body=lambda: (
            _("%(approved)s of %(claimed)s approved. Payment follows.")
            % {"approved": format_cny(approved), "claimed": format_cny(claim.claimed_amount)}
        ),
    )


@transaction.atomic
def subsidy_claim_approve(*, center, actor, claim, comment: str = "") -> SubsidyClaim:
    """Approve the claim with its line decisions: in full, or partly when lines were reduced.

    Above the center's threshold the first approval only asks for a second one, which
    another bureau member gives; the lines are settled from the first approval on.
    """
    claim = locked_claim(claim)
    ensure_reviewer(actor, center, claim)
    decision = {
        "center": center,
        "actor": actor,
        "claim": claim,
        "comment": (comment or "").strip(),
        "before": {"status": claim.status, "approved_amount": money_text(claim.approved_amount)},
    }
    if claim.status == C.SECOND_APPROVAL:
        if claim.first_approved_by_id == actor.pk:
            raise PermissionDenied(
                _("You gave the first approval; another bureau member must give the second.")
            )
        claim.second_approved_by, claim.second_approved_at = actor, timezone.now()
        _decide_approval(approved=claim.approved_amount, **decision)
        return claim
    if not claim.in_review:
        ensure_decision(claim, C.APPROVED)  # refuses, naming the state
    approved = _approved_total(claim)
    if approved <= 0:
        raise ValidationError(_("Nothing is approved; reject the claim instead."))
    claim.first_approved_by, claim.first_approved_at = actor, timezone.now()
    if claim.needs_second_approval:
        _ask_for_second_approval(approved=approved, **decision)
    else:
        _decide_approval(approved=approved, **decision)
    return claim


def _close_review(*, actor, claim, to, comment) -> dict:
    before = {"status": claim.status, "approved_amount": money_text(claim.approved_amount)}
    claim.status = to
    claim.review_comment = comment
    claim.decided_by, claim.decided_at = actor, timezone.now()
    claim.first_approved_by = claim.first_approved_at = None
    claim.approved_amount = None
    claim.save()
    return before


@transaction.atomic
def subsidy_claim_return(*, center, actor, claim, comment: str) -> SubsidyClaim:
    """Send the claim back to the enterprise, saying what to change. It keeps its months."""
    claim = locked_claim(claim)
    ensure_reviewer(actor, center, claim)
    ensure_decision(claim, C.RETURNED)
    comment = required_comment(comment, _("Say what the enterprise should change."))
    before = _close_review(actor=actor, claim=claim, to=C.RETURNED, comment=comment)
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.returned",
        target=claim,
        before=before,
        after={"status": claim.status, "comment": comment},
    )
    tell_enterprise(
        center,
        claim,
        title=lambda: (
            _("Subsidy claim returned for changes: %(period)s") % {"period": claim.period_label}
        ),
        body=comment,
    )
    return claim


@transaction.atomic
def subsidy_claim_reject(*, center, actor, claim, comment: str) -> SubsidyClaim:
    """Turn the claim down; its placement-months are free to be claimed again."""
    lock_base(claim.base)
    claim = locked_claim(claim)
    ensure_reviewer(actor, center, claim)
    ensure_decision(claim, C.REJECTED)
    comment = required_comment(comment, _("Give the reason for rejecting the claim."))
    released, _counts = SubsidyMonth.objects.filter(center=center, line__claim=claim).delete()
    before = _close_review(actor=actor, claim=claim, to=C.REJECTED, comment=comment)
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.rejected",
        target=claim,
        before=before,
        after={"status": claim.status, "comment": comment, "months_released": released},
    )
    tell_enterprise(
        center,
        claim,
        title=lambda: _("Subsidy claim rejected: %(period)s") % {"period": claim.period_label},
        body=comment,
    )
    return claim


@transaction.atomic
def subsidy_claim_mark_paid(*, center, actor, claim, payment_reference: str) -> SubsidyClaim:
    """Record that the approved amount was paid, with the transfer's reference."""
    claim = locked_claim(claim)
    ensure_reviewer(actor, center, claim)
    ensure_decision(claim, C.PAID)
    reference = (payment_reference or "").strip()
    if not reference:
        raise ValidationError({"payment_reference": _("Enter the payment reference.")})
    if len(reference) > 60:
        raise ValidationError({"payment_reference": _("At most 60 characters.")})
    before = {"status": claim.status}
    claim.status = C.PAID
    claim.payment_reference = reference
    claim.paid_by, claim.paid_at = actor, timezone.now()
    claim.save()
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.paid",
        target=claim,
        before=before,
        after={
            "status": claim.status,
            "approved_amount": money_text(claim.approved_amount),
            "payment_reference": reference,
        },
    )
    tell_enterprise(
        center,
        claim,
        title=lambda: _("Subsidy paid: %(period)s") % {"period": claim.period_label},
        body=lambda: (
            _("%(amount)s paid, reference %(reference)s.")
            % {"amount": format_cny(claim.approved_amount), "reference": reference}
        ),
    )
    return claim
