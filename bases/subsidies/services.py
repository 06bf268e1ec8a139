"""Workflow of subsidy claims and of the center's subsidy policy.

Each function is the one way its change happens: it checks the actor's right and the
transition, writes the audit entry (on the claim, so its history is one list) and queues
notifications, which go out after commit. Claim lines are computed here from the base's
placements and the ledger of months already claimed; nobody types an amount except a
reviewer reducing a line.
"""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.models import SubsidyClaim, SubsidyLine, SubsidyMonth, TrainingBase
from bases.services import _bureau_staff, _representatives_here
from bases.subsidies.money import format_cny
from bases.subsidy_math import (
    FEN,
    PlacementTerms,
    compute_line,
    month_shares,
    period_bounds,
    to_fen,
    total,
)
from mentorship.audit import audit
from mentorship.models import NotificationKind, Role, ServiceCenter
from mentorship.notifications import notify
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.uploads import EXTENSIONS, PrivateUploadTo, validate_upload
from mentorship.workflow import ensure_transition

C = SubsidyClaim.Status
D = SubsidyLine.Decision

_DECISIONS = (C.APPROVED, C.PARTLY_APPROVED, C.RETURNED, C.REJECTED)
CLAIM_TRANSITIONS = {
    C.DRAFT: (C.SUBMITTED,),
    C.RETURNED: (C.SUBMITTED,),
    C.SUBMITTED: (C.UNDER_REVIEW, C.SECOND_APPROVAL, *_DECISIONS),
    C.UNDER_REVIEW: (C.SECOND_APPROVAL, *_DECISIONS),
    C.SECOND_APPROVAL: _DECISIONS,
    C.APPROVED: (C.PAID,),
    C.PARTLY_APPROVED: (C.PAID,),
}

POLICY_FIELDS = (
    "subsidy_rate",
    "subsidy_min_months",
    "subsidy_max_months",
    "second_approval_threshold",
    "subsidy_claim_period",
)
EVIDENCE_KINDS = ("pdf", "jpeg", "png")
EVIDENCE_FIELDS = ("stipend_proof", "insurance_proof")
_evidence_path = PrivateUploadTo("subsidy-evidence")

MONTHS_TAKEN = _(
    "Another claim has just taken some of these placement-months. Open the claim again to "
    "see what is left."
)


def claim_url(center, claim) -> str:
    return reverse("center:bases:claim_detail", kwargs={"center_slug": center.slug, "pk": claim.pk})


def _money(value) -> str:
    return None if value is None else str(value)


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


# Who may act


def _ensure_representative_here(actor, center, enterprise) -> None:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.ENTERPRISE)
    if not enterprise.representatives.filter(pk=actor.pk).exists():
        raise PermissionDenied(_("Only the enterprise's representatives can do this."))


def _ensure_reviewer(actor, center, claim) -> None:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.BUREAU)
    # Nobody decides on money for their own company.
    if claim.base.enterprise.representatives.filter(pk=actor.pk).exists():
        raise PermissionDenied(
            _("You represent this enterprise; a colleague must decide on its claim.")
        )


def _locked_claim(claim) -> SubsidyClaim:
    return (
        SubsidyClaim.objects.select_for_update(of=("self",))
        .select_related("base__enterprise")
        .get(pk=claim.pk)
    )


def _locked_base(base) -> TrainingBase:
    """Claims of one base are computed one at a time: the base row is their lock."""
    return (
        TrainingBase.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=base.pk)
    )


# The policy


@transaction.atomic
def subsidy_policy_update(*, center, actor, **fields) -> ServiceCenter:
    """The center's bureau staff set the rate, the months, the threshold and the period."""
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.BUREAU)
    locked = ServiceCenter.objects.select_for_update().get(pk=center.pk)
    before = {key: getattr(locked, key) for key in fields}
    for key, value in fields.items():
        setattr(locked, key, value)
    others = [f.name for f in ServiceCenter._meta.fields if f.name not in POLICY_FIELDS]
    locked.clean_fields(exclude=others)
    errors = {}
    if locked.subsidy_min_months > locked.subsidy_max_months:
        errors["subsidy_max_months"] = _("The maximum cannot be less than the minimum.")
    if locked.second_approval_threshold < 0:
        errors["second_approval_threshold"] = _("The threshold cannot be negative.")
    if errors:
        raise ValidationError(errors)
    changed = [key for key in fields if before[key] != getattr(locked, key)]
    if changed:
        locked.save(update_fields=changed)
        audit(
            center=locked,
            actor=actor,
            verb="subsidy.policy_updated",
            target=locked,
            before={key: _plain(before[key]) for key in changed},
            after={key: _plain(getattr(locked, key)) for key in changed},
        )
    for key in fields:
        setattr(center, key, getattr(locked, key))
    return locked


# Computing the lines


def last_day_worked(placement) -> date:
    """A placement's `end_date` is the day after its last day; an early end cuts it."""
    last = placement.end_date - timedelta(days=1)
    if placement.status == placement.Status.TERMINATED and placement.terminated_on:
        last = min(last, placement.terminated_on)
    return last


def _claim_window(claim, base) -> tuple[date, date] | None:
    """The days of the period on which the base was recognized: only they earn subsidy."""
    if base.recognized_from is None or base.recognized_until is None:
        return None
    first = max(claim.period_start, base.recognized_from)
    last = min(claim.period_end, base.recognized_until)
    return (first, last) if first <= last else None


def _placements_in(center, base, first: date, last: date):
    from students.models import Placement

    return list(
        Placement.objects.filter(center=center, base=base, start_date__lte=last, end_date__gt=first)
        .exclude(status=Placement.Status.TERMINATED, terminated_on__lt=first)
        .order_by("start_date", "pk")
    )


def _already_claimed(center, placements, claim) -> dict:
    """{placement id: {month: share}} held by other claims."""
    paid: dict = {}
    rows = SubsidyMonth.objects.filter(
        center=center, placement__in=[p.pk for p in placements]
    ).exclude(line__claim=claim)
    for row in rows.values("placement_id", "month", "share_numerator", "share_denominator"):
        paid.setdefault(row["placement_id"], {})[row["month"]] = Fraction(
            row["share_numerator"], row["share_denominator"]
        )
    return paid


def _as_months(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.0001"))


def _compute(center, claim, base, *, keep_decisions: bool) -> None:
    """(Re)compute the claim's lines and its hold on the ledger, with the current policy.

    The caller holds the base's lock, so two claims of the base never compute at once;
    the ledger's unique key still refuses a month taken by any other path.
    """
    policy = ServiceCenter.objects.get(pk=center.pk)
    claim.rate = policy.subsidy_rate
    claim.min_months = policy.subsidy_min_months
    claim.max_months = policy.subsidy_max_months
    claim.second_approval_threshold = policy.second_approval_threshold
    SubsidyMonth.objects.filter(center=center, line__claim=claim).delete()
    window = _claim_window(claim, base)
    placements = _placements_in(center, base, *window) if window else []
    paid = _already_claimed(center, placements, claim)
    existing = {line.placement_id: line for line in claim.lines.all()}
    results, ledger = [], []
    for placement in placements:
        last = last_day_worked(placement)
        if not month_shares(placement.start_date, last, *window):
            continue
        result = compute_line(
            PlacementTerms(
                key=placement.pk,
                start=placement.start_date,
                end=last,
                terminated_early=placement.status == placement.Status.TERMINATED,
                already_paid=paid.get(placement.pk, {}),
            ),
            period_start=window[0],
            period_end=window[1],
            rate=claim.rate,
            min_months=claim.min_months,
            max_months=claim.max_months,
        )
        results.append(result)
        line = existing.pop(placement.pk, None) or SubsidyLine(
            center=center, claim=claim, placement=placement
        )
        changed = line.pk is None or line.amount != result.amount
        line.first_day = placement.start_date
        line.last_day = last
        line.terminated_early = placement.status == placement.Status.TERMINATED
        line.months = _as_months(result.months)
        line.amount = result.amount
        line.excluded_reason = result.excluded_reason
        if changed or not keep_decisions or not result.included:
            line.decision = D.PENDING
            line.approved_amount = None
            line.review_comment = ""
            line.reviewed_by = None
            line.reviewed_at = None
        line.save()
        for month, share in result.shares.items():
            ledger.append(
                SubsidyMonth(
                    center=center,
                    placement=placement,
                    month=month,
                    share_numerator=share.numerator,
                    share_denominator=share.denominator,
                    line=line,
                )
            )
    for gone in existing.values():
        gone.delete()
    try:
        with transaction.atomic():
            SubsidyMonth.objects.bulk_create(ledger)
    except IntegrityError as error:
        raise ValidationError(MONTHS_TAKEN, code="months_taken") from error
    claim.claimed_amount = total(results)
    claim.line_count = sum(1 for r in results if r.included)
    claim.approved_amount = None
    claim.save()


def _summary(claim) -> dict:
    return {
        "claimed_amount": _money(claim.claimed_amount),
        "lines": claim.line_count,
        "rate": _money(claim.rate),
    }


def claimable_periods(center, *, today=None, count: int = 8) -> list[tuple[int, int]]:
    """The latest `count` periods of the center's kind that have ended, newest first."""
    today = today or timezone.localdate()
    kind = center.subsidy_claim_period
    per_year = 4 if kind == ServiceCenter.ClaimPeriod.QUARTER else 12
    year = today.year
    number = (today.month - 1) // 3 + 1 if per_year == 4 else today.month
    periods = []
    while len(periods) < count:
        number -= 1
        if number == 0:
            year, number = year - 1, per_year
        periods.append((year, number))
    return periods


def _ensure_claimable_base(base) -> None:
    if base.kind != TrainingBase.Kind.INTERNSHIP or base.status != TrainingBase.Status.RECOGNIZED:
        raise ValidationError(
            {"base": _("Only a recognized internship training base can claim subsidies.")}
        )


@transaction.atomic
def subsidy_claim_open(*, center, actor, base, year: int, number: int) -> SubsidyClaim:
    """Open a draft claim of `base` for a period of the center's kind; its lines are computed
    at once from the base's placements."""
    _ensure_representative_here(actor, center, base.enterprise)
    base = _locked_base(base)
    _ensure_claimable_base(base)
    kind = ServiceCenter.objects.get(pk=center.pk).subsidy_claim_period
    try:
        start, end = period_bounds(kind, int(year), int(number))
    except (TypeError, ValueError) as error:
        raise ValidationError({"period": _("Choose a period.")}) from error
    if end >= timezone.localdate():
        raise ValidationError(
            {"period": _("This period has not ended yet; claim it once it is over.")}
        )
    claim = SubsidyClaim(
        center=center,
        base=base,
        period_kind=kind,
        period_year=int(year),
        period_number=int(number),
        period_start=start,
        period_end=end,
        created_by=actor,
        rate=0,
        min_months=0,
        max_months=0,
        second_approval_threshold=0,
    )
    if _claim_window(claim, base) is None:
        raise ValidationError(
            {"period": _("The base was not recognized during this period.")}, code="recognition"
        )
    open_claim = (
        SubsidyClaim.objects.filter(center=center, base=base, period_start=start, period_end=end)
        # A rejected claim has given its months back: the period may be claimed again.
        .exclude(status=C.REJECTED)
        .first()
    )
    if open_claim is not None:
        raise ValidationError(
            {"period": _("This base already has a claim for this period.")}, code="duplicate"
        )
    claim.save()
    _compute(center, claim, base, keep_decisions=False)
    if not claim.line_count:
        raise ValidationError(
            {"period": _("Nothing to claim: no placement earns subsidy in this period.")},
            code="nothing",
        )
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.opened",
        target=claim,
        after={"period": claim.period_label, **_summary(claim)},
    )
    return claim


def _ensure_editable(claim) -> None:
    if not claim.is_editable:
        raise ValidationError(
            _("The claim can be changed only as a draft or when returned for changes.")
        )


@transaction.atomic
def subsidy_claim_recompute(*, center, actor, claim) -> SubsidyClaim:
    """Compute the lines again (placements ended since, another claim rejected, a new policy)."""
    _ensure_representative_here(actor, center, claim.base.enterprise)
    base = _locked_base(claim.base)
    claim = _locked_claim(claim)
    _ensure_editable(claim)
    before = _summary(claim)
    _compute(center, claim, base, keep_decisions=True)
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.recomputed",
        target=claim,
        before=before,
        after=_summary(claim),
    )
    return claim


def check_evidence(uploaded, field: str) -> None:
    """A real PDF, JPEG or PNG within the size limit, stored under its true type."""
    try:
        kind = validate_upload(uploaded, kinds=EVIDENCE_KINDS)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error
    uploaded.name = f"{field}{EXTENSIONS[kind]}"


@transaction.atomic
def subsidy_evidence_attach(
    *, center, actor, claim, line=None, stipend_proof=None, insurance_proof=None
) -> list[SubsidyLine]:
    """Attach proof of the stipend paid and of the intern's accident insurance.

    To one line, or (line=None) the same file to every included line that has none yet:
    one payroll statement or one group policy often covers all the interns.
    """
    _ensure_representative_here(actor, center, claim.base.enterprise)
    claim = _locked_claim(claim)
    _ensure_editable(claim)
    files = {"stipend_proof": stipend_proof, "insurance_proof": insurance_proof}
    files = {field: upload for field, upload in files.items() if upload}
    if not files:
        raise ValidationError(_("Choose a file to upload."))
    for field, upload in files.items():
        check_evidence(upload, field)
    lines = claim.lines.select_for_update(of=("self",)).filter(excluded_reason="")
    if line is not None:
        lines = lines.filter(pk=line.pk)
    lines = list(lines)
    if line is not None and not lines:
        raise ValidationError(_("This placement is excluded from the claim; it needs no evidence."))
    touched = set()
    for field, upload in files.items():
        targets = lines if line is not None else [x for x in lines if not getattr(x, field)]
        if not targets:
            continue
        name = default_storage.save(_evidence_path(None, upload.name), upload)
        for target in targets:
            getattr(target, field).name = name
            touched.add(target)
    for target in touched:
        target.save(update_fields=list(files))
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.evidence_attached",
        target=claim,
        after={
            "lines": sorted(x.pk for x in touched),
            "documents": sorted(files),
        },
    )
    return sorted(touched, key=lambda x: x.pk)


@transaction.atomic
def subsidy_claim_submit(*, center, actor, claim) -> SubsidyClaim:
    """Send the claim to the bureau; its lines are computed once more as they stand today."""
    _ensure_representative_here(actor, center, claim.base.enterprise)
    base = _locked_base(claim.base)
    claim = _locked_claim(claim)
    ensure_transition(claim, to=C.SUBMITTED, allowed=CLAIM_TRANSITIONS)
    resubmission = claim.status == C.RETURNED
    before = {"status": claim.status, **_summary(claim)}
    _compute(center, claim, base, keep_decisions=False)
    if not claim.line_count:
        raise ValidationError(_("Nothing to claim: no placement earns subsidy in this period."))
    claim.status = C.SUBMITTED
    claim.submitted_at = timezone.now()
    # The last review no longer stands; the history keeps it.
    claim.review_comment = ""
    claim.first_approved_by = claim.second_approved_by = claim.decided_by = None
    claim.first_approved_at = claim.second_approved_at = claim.decided_at = None
    claim.save()
    missing = claim.lines.filter(excluded_reason="").filter(
        Q(stipend_proof="") | Q(insurance_proof="")
    )
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.submitted",
        target=claim,
        before=before,
        after={
            "status": claim.status,
            "resubmission": resubmission,
            "lines_without_evidence": missing.count(),
            **_summary(claim),
        },
    )
    url = claim_url(center, claim)
    enterprise = base.enterprise
    for user in _bureau_staff(center).exclude(pk=actor.pk):
        notify(
            user,
            NotificationKind.SUBSIDY_SUBMITTED,
            center=center,
            title=lambda: (
                _("Subsidy claim to review: %(enterprise)s, %(period)s")
                % {"enterprise": enterprise, "period": claim.period_label}
            ),
            body=lambda: (
                _("%(amount)s for %(n)d interns.")
                % {"amount": format_cny(claim.claimed_amount), "n": claim.line_count}
            ),
            url=url,
        )
    return claim


@transaction.atomic
def subsidy_claim_discard(*, center, actor, claim) -> None:
    """Delete a draft: its months go back to the ledger; the audit trail remembers it."""
    _ensure_representative_here(actor, center, claim.base.enterprise)
    _locked_base(claim.base)
    claim = _locked_claim(claim)
    if claim.status != C.DRAFT:
        raise ValidationError(_("Only a draft can be discarded."))
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.discarded",
        target=claim,
        before={"period": claim.period_label, **_summary(claim)},
    )
    names = set()
    for line in claim.lines.all():
        names.update(getattr(line, field).name for field in EVIDENCE_FIELDS)
    claim.delete()
    names.discard("")
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


# The bureau's review


def _tell_enterprise(center, claim, *, title, body="") -> None:
    url = claim_url(center, claim)
    for user in _representatives_here(center, claim.base.enterprise):
        notify(
            user, NotificationKind.SUBSIDY_DECISION, center=center, title=title, body=body, url=url
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
    _tell_enterprise(
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
    claim = _locked_claim(line.claim)
    _ensure_reviewer(actor, center, claim)
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
    before = {"decision": line.decision, "approved_amount": _money(line.approved_amount)}
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
            "amount": _money(line.amount),
            "approved_amount": _money(amount),
            "comment": comment,
        },
    )
    if reduced:
        _tell_enterprise(
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


def _decision_states(claim, to) -> None:
    ensure_transition(claim, to=to, allowed=CLAIM_TRANSITIONS)


def _approved_total(claim) -> Decimal:
    lines = claim.lines.filter(excluded_reason="")
    if lines.filter(decision=D.PENDING).exists():
        raise ValidationError(
            _("Approve or reduce every line before deciding on the claim."), code="pending"
        )
    # SQLite sums decimals as floats: the exact sum of the fen amounts, back to fen.
    return to_fen(lines.aggregate(total=Sum("approved_amount"))["total"] or Decimal("0"))


def _final_status(claim, approved: Decimal) -> str:
    return C.APPROVED if approved == claim.claimed_amount else C.PARTLY_APPROVED


@transaction.atomic
def subsidy_claim_approve(*, center, actor, claim, comment: str = "") -> SubsidyClaim:
    """Approve the claim with its line decisions: in full, or partly when lines were reduced.

    Above the center's threshold the first approval only asks for a second one, which
    another bureau member gives.
    """
    claim = _locked_claim(claim)
    _ensure_reviewer(actor, center, claim)
    comment = (comment or "").strip()
    before = {"status": claim.status, "approved_amount": _money(claim.approved_amount)}
    now = timezone.now()
    if claim.status == C.SECOND_APPROVAL:
        if claim.first_approved_by_id == actor.pk:
            raise PermissionDenied(
                _("You gave the first approval; another bureau member must give the second.")
            )
        approved = claim.approved_amount
        claim.second_approved_by, claim.second_approved_at = actor, now
    else:
        if not claim.in_review:
            _decision_states(claim, C.APPROVED)  # refuses, naming the state
        approved = _approved_total(claim)
        if approved <= 0:
            raise ValidationError(_("Nothing is approved; reject the claim instead."))
        claim.first_approved_by, claim.first_approved_at = actor, now
        if claim.needs_second_approval:
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
                    "claimed_amount": _money(claim.claimed_amount),
                    "approved_amount": _money(approved),
                    "threshold": _money(claim.second_approval_threshold),
                    "comment": comment,
                },
            )
            _tell_enterprise(
                center,
                claim,
                title=lambda: (
                    _("Subsidy claim approved once, awaiting a second approval: %(period)s")
                    % {"period": claim.period_label}
                ),
                body=lambda: (
                    _("%(approved)s of %(claimed)s approved by the first reviewer.")
                    % {
                        "approved": format_cny(approved),
                        "claimed": format_cny(claim.claimed_amount),
                    }
                ),
            )
            enterprise = claim.base.enterprise
            for user in _bureau_staff(center).exclude(pk=actor.pk):
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
            return claim
    claim.status = _final_status(claim, approved)
    claim.approved_amount = approved
    claim.decided_by, claim.decided_at = actor, now
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
            "claimed_amount": _money(claim.claimed_amount),
            "approved_amount": _money(approved),
            "second_approval": claim.second_approved_by_id is not None,
            "comment": comment,
        },
    )
    _tell_enterprise(
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
    return claim


def _close_review(*, actor, claim, to, comment) -> dict:
    before = {"status": claim.status, "approved_amount": _money(claim.approved_amount)}
    claim.status = to
    claim.review_comment = comment
    claim.decided_by, claim.decided_at = actor, timezone.now()
    claim.first_approved_by = claim.first_approved_at = None
    claim.approved_amount = None
    claim.save()
    return before


def _required_comment(comment, message) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": message})
    return comment


@transaction.atomic
def subsidy_claim_return(*, center, actor, claim, comment: str) -> SubsidyClaim:
    """Send the claim back to the enterprise, saying what to change. It keeps its months."""
    claim = _locked_claim(claim)
    _ensure_reviewer(actor, center, claim)
    _decision_states(claim, C.RETURNED)
    comment = _required_comment(comment, _("Say what the enterprise should change."))
    before = _close_review(actor=actor, claim=claim, to=C.RETURNED, comment=comment)
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.returned",
        target=claim,
        before=before,
        after={"status": claim.status, "comment": comment},
    )
    _tell_enterprise(
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
    _locked_base(claim.base)
    claim = _locked_claim(claim)
    _ensure_reviewer(actor, center, claim)
    _decision_states(claim, C.REJECTED)
    comment = _required_comment(comment, _("Give the reason for rejecting the claim."))
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
    _tell_enterprise(
        center,
        claim,
        title=lambda: _("Subsidy claim rejected: %(period)s") % {"period": claim.period_label},
        body=comment,
    )
    return claim


@transaction.atomic
def subsidy_claim_mark_paid(*, center, actor, claim, payment_reference: str) -> SubsidyClaim:
    """Record that the approved amount was paid, with the transfer's reference."""
    claim = _locked_claim(claim)
    _ensure_reviewer(actor, center, claim)
    _decision_states(claim, C.PAID)
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
            "approved_amount": _money(claim.approved_amount),
            "payment_reference": reference,
        },
    )
    _tell_enterprise(
        center,
        claim,
        title=lambda: _("Subsidy paid: %(period)s") % {"period": claim.period_label},
        body=lambda: (
            _("%(amount)s paid, reference %(reference)s.")
            % {"amount": format_cny(claim.approved_amount), "reference": reference}
        ),
    )
    return claim
