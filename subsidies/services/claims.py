"""The enterprise's side of a claim: open, evidence, recompute, submit, discard."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.models import TrainingBase
from bases.recognition import refused_claims_message
from bases.services import ensure_representative, lock_base
from mentorship.audit import audit
from mentorship.models import NotificationKind, Role, ServiceCenter
from mentorship.money import format_cny
from mentorship.notifications import notify
from mentorship.selectors import members_with_role
from mentorship.uploads import clean_upload
from mentorship.workflow import ensure_transition
from subsidies.models import SubsidyClaim, SubsidyLine
from subsidies.services.common import (
    CLAIM_TRANSITIONS,
    EVIDENCE_FIELDS,
    EVIDENCE_KINDS,
    C,
    claim_url,
    evidence_path,
    locked_claim,
)
from subsidies.services.lines import (
    claim_summary,
    claim_window,
    compute_claim,
    ensure_claimable_base,
)
from subsidies.subsidy_math import period_bounds


@transaction.atomic
def subsidy_claim_open(*, center, actor, base, year: int, number: int) -> SubsidyClaim:
    """Open a draft claim of `base` for a period of the center's kind; its lines are computed
    at once from the base's placements."""
    ensure_representative(actor, center, base.enterprise_id)
    base = lock_base(base)
    ensure_claimable_base(base)
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
    if claim_window(claim, base) is None:
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
    compute_claim(center, claim, base, keep_decisions=False)
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
        after={"period": claim.period_label, **claim_summary(claim)},
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
    ensure_representative(actor, center, claim.base.enterprise_id)
    base = lock_base(claim.base)
    claim = locked_claim(claim)
    _ensure_editable(claim)
    before = claim_summary(claim)
    compute_claim(center, claim, base, keep_decisions=True)
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.recomputed",
        target=claim,
        before=before,
        after=claim_summary(claim),
    )
    return claim


def check_evidence(uploaded, field: str):
    """A clean copy of a real PDF, JPEG or PNG within the size limit, named with the
    suffix of its true type."""
    try:
        return clean_upload(uploaded, kinds=EVIDENCE_KINDS)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error


@transaction.atomic
def subsidy_evidence_attach(
    *, center, actor, claim, line=None, stipend_proof=None, insurance_proof=None
) -> list[SubsidyLine]:
    """Attach proof of the stipend paid and of the intern's accident insurance.

    To one line, or (line=None) the same file to every included line that has none yet:
    one payroll statement or one group policy often covers all the interns.
    """
    ensure_representative(actor, center, claim.base.enterprise_id)
    claim = locked_claim(claim)
    _ensure_editable(claim)
    files = {"stipend_proof": stipend_proof, "insurance_proof": insurance_proof}
    files = {field: upload for field, upload in files.items() if upload}
    if not files:
        raise ValidationError(_("Choose a file to upload."))
    files = {field: check_evidence(upload, field) for field, upload in files.items()}
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
        name = default_storage.save(evidence_path(None, upload.name), upload)
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
    ensure_representative(actor, center, claim.base.enterprise_id)
    base = lock_base(claim.base)
    if base.status == TrainingBase.Status.REVOKED:
        raise ValidationError(refused_claims_message(base), code="revoked")
    claim = locked_claim(claim)
    ensure_transition(claim, to=C.SUBMITTED, allowed=CLAIM_TRANSITIONS)
    resubmission = claim.status == C.RETURNED
    before = {"status": claim.status, **claim_summary(claim)}
    compute_claim(center, claim, base, keep_decisions=False)
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
            **claim_summary(claim),
        },
    )
    url = claim_url(center, claim)
    enterprise = base.enterprise
    for user in members_with_role(center=center, role=Role.BUREAU).exclude(pk=actor.pk):
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
    ensure_representative(actor, center, claim.base.enterprise_id)
    lock_base(claim.base)
    claim = locked_claim(claim)
    if claim.status != C.DRAFT:
        raise ValidationError(_("Only a draft can be discarded."))
    audit(
        center=center,
        actor=actor,
        verb="subsidy_claim.discarded",
        target=claim,
        before={"period": claim.period_label, **claim_summary(claim)},
    )
    names = set()
    for line in claim.lines.all():
        names.update(getattr(line, field).name for field in EVIDENCE_FIELDS)
    claim.delete()
    names.discard("")
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
