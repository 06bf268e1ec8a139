"""Workflow of subsidy claims and of the center's subsidy policy.

Each function is the one way its change happens: it checks the actor's right and the
transition, writes the audit entry (on the claim, so its history is one list) and queues
notifications, which go out after commit. Claim lines are computed from the base's
placements and the ledger of months already claimed; nobody types an amount except a
reviewer reducing a line.
"""

from subsidies.services.claims import (
    check_evidence,
    subsidy_claim_discard,
    subsidy_claim_open,
    subsidy_claim_recompute,
    subsidy_claim_submit,
    subsidy_evidence_attach,
)
from subsidies.services.common import (
    CLAIM_TRANSITIONS,
    EVIDENCE_FIELDS,
    POLICY_FIELDS,
    claim_url,
)
from subsidies.services.lines import claimable_periods, last_day_worked
from subsidies.services.policy import subsidy_policy_update
from subsidies.services.review import (
    parse_amount,
    subsidy_claim_approve,
    subsidy_claim_mark_paid,
    subsidy_claim_reject,
    subsidy_claim_return,
    subsidy_line_review,
)

__all__ = [
    "CLAIM_TRANSITIONS",
    "EVIDENCE_FIELDS",
    "POLICY_FIELDS",
    "check_evidence",
    "claim_url",
    "claimable_periods",
    "last_day_worked",
    "parse_amount",
    "subsidy_claim_approve",
    "subsidy_claim_discard",
    "subsidy_claim_mark_paid",
    "subsidy_claim_open",
    "subsidy_claim_recompute",
    "subsidy_claim_reject",
    "subsidy_claim_return",
    "subsidy_claim_submit",
    "subsidy_evidence_attach",
    "subsidy_line_review",
    "subsidy_policy_update",
]
