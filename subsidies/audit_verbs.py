"""The audit verbs of subsidy claims and the subsidy policy, in words."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from mentorship.audit_registry import HIDDEN, AuditField, register_audit_verbs
from mentorship.models import ServiceCenter
from mentorship.money import format_cny
from subsidies.models import SubsidyClaim, SubsidyLine

MONEY = AuditField(show=format_cny)


def _line_decision(value) -> str:
    return str(dict(SubsidyLine.Decision.choices).get(value, value))


def _evidence_kinds(names) -> str:
    labels = []
    for name in names or ():
        try:
            labels.append(str(SubsidyLine._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(str(name))
    return ", ".join(labels)


def _count(value) -> str:
    return str(len(value)) if isinstance(value, list) else str(value)


register_audit_verbs(
    group=_("Subsidy claims"),
    model=SubsidyClaim,
    verbs={
        "subsidy_claim.opened": (
            _("Subsidy claim opened"),
            _("%(actor)s opened the subsidy claim %(target)s"),
        ),
        "subsidy_claim.recomputed": (
            _("Subsidy claim recomputed"),
            _("%(actor)s recomputed the subsidy claim %(target)s"),
        ),
        "subsidy_claim.evidence_attached": (
            _("Evidence attached"),
            _("%(actor)s attached evidence to the subsidy claim %(target)s"),
        ),
        "subsidy_claim.submitted": (
            _("Subsidy claim submitted"),
            _("%(actor)s submitted the subsidy claim %(target)s"),
        ),
        "subsidy_claim.discarded": (
            _("Subsidy claim discarded"),
            _("%(actor)s discarded the draft subsidy claim %(target)s"),
        ),
        "subsidy_claim.review_started": (
            _("Subsidy review started"),
            _("%(actor)s started reviewing the subsidy claim %(target)s"),
        ),
        "subsidy_claim.line_reviewed": (
            _("Claim line reviewed"),
            _("%(actor)s reviewed a line of the subsidy claim %(target)s"),
        ),
        "subsidy_claim.first_approval": (
            _("First approval"),
            _("%(actor)s gave the first approval to the subsidy claim %(target)s"),
        ),
        "subsidy_claim.approved": (
            _("Subsidy claim approved"),
            _("%(actor)s approved the subsidy claim %(target)s"),
        ),
        "subsidy_claim.partly_approved": (
            _("Subsidy claim partly approved"),
            _("%(actor)s partly approved the subsidy claim %(target)s"),
        ),
        "subsidy_claim.returned": (
            _("Subsidy claim returned"),
            _("%(actor)s returned the subsidy claim %(target)s for changes"),
        ),
        "subsidy_claim.rejected": (
            _("Subsidy claim rejected"),
            _("%(actor)s rejected the subsidy claim %(target)s"),
        ),
        "subsidy_claim.paid": (
            _("Subsidy paid"),
            _("%(actor)s recorded the payment of the subsidy claim %(target)s"),
        ),
    },
    fields={
        "period": _("Period"),
        "claimed_amount": MONEY,
        "approved_amount": MONEY,
        "rate": MONEY,
        "threshold": AuditField(_("Second approval above"), show=format_cny),
        "amount": AuditField(_("Computed amount"), show=format_cny),
        "lines": AuditField(_("Interns"), show=_count),
        "line": HIDDEN,
        "student": _("Student"),
        "decision": AuditField(_("Decision"), show=_line_decision),
        "comment": _("Comment"),
        "second_approval": _("Second approval given"),
        "resubmission": _("Resubmission"),
        "lines_without_evidence": _("Lines without evidence"),
        "documents": AuditField(_("Evidence"), show=_evidence_kinds),
        "months_released": _("Placement-months released"),
    },
)

register_audit_verbs(
    group=_("Subsidy policy"),
    model=ServiceCenter,
    verbs={
        "subsidy.policy_updated": (
            _("Subsidy policy changed"),
            _("%(actor)s changed the subsidy policy of %(target)s"),
        ),
    },
    fields={"subsidy_rate": MONEY, "second_approval_threshold": MONEY},
)
