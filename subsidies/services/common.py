"""Shared pieces of the subsidy services: the claim's transitions, who may act, locks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bases.selectors import representatives
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.uploads import PrivateUploadTo
from mentorship.workflow import ensure_transition
from subsidies.models import SubsidyClaim, SubsidyLine

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
evidence_path = PrivateUploadTo("subsidy-evidence")

MONTHS_TAKEN = _(
    "Another claim has just taken some of these placement-months. Open the claim again to "
    "see what is left."
)


def claim_url(center, claim) -> str:
    return reverse(
        "center:subsidies:claim_detail", kwargs={"center_slug": center.slug, "pk": claim.pk}
    )


def money_text(value) -> str:
    return None if value is None else str(value)


# Who may act


def ensure_reviewer(actor, center, claim) -> None:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.BUREAU)
    # Nobody decides on money for their own company.
    if claim.base.enterprise.representatives.filter(pk=actor.pk).exists():
        raise PermissionDenied(
            _("You represent this enterprise; a colleague must decide on its claim.")
        )


def locked_claim(claim) -> SubsidyClaim:
    return (
        SubsidyClaim.objects.select_for_update(of=("self",))
        .select_related("base__enterprise")
        .get(pk=claim.pk)
    )


def tell_enterprise(center, claim, *, title, body="") -> None:
    url = claim_url(center, claim)
    for user in representatives(center=center, enterprise_id=claim.base.enterprise_id):
        notify(
            user, NotificationKind.SUBSIDY_DECISION, center=center, title=title, body=body, url=url
        )


def ensure_decision(claim, to) -> None:
    ensure_transition(claim, to=to, allowed=CLAIM_TRANSITIONS)


def required_comment(comment, message) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": message})
    return comment
