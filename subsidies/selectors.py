"""Reads of subsidy claims; "missing" and "not yours" both 404.

Two parties see a claim: the representatives of its base's enterprise (a draft is theirs
alone) and the center's bureau staff once it has been submitted. Program staff read
claims of every center only inside `program_scope`, through the `program_*` functions.
"""

from decimal import Decimal, InvalidOperation

from django.db.models import Case, Count, DecimalField, F, Q, Sum, When
from django.http import Http404

from bases.models import TrainingBase
from bases.selectors import mark_parties
from mentorship.request_values import parse_id
from subsidies.models import SubsidyClaim, SubsidyLine

C = SubsidyClaim.Status

# A claim's approved amount as every page and export shows it, row or total: the amount
# of a final decision. A first approval still waiting for its second is not approved yet.
APPROVED_STATUSES = (C.APPROVED, C.PARTLY_APPROVED, C.PAID)
APPROVED = Case(
    When(status__in=APPROVED_STATUSES, then=F("approved_amount")),
    default=None,
    output_field=DecimalField(max_digits=12, decimal_places=2),
)


def with_approved(claims):
    """Claims, each with `approved`: its approved amount by the one rule above."""
    return claims.annotate(approved=APPROVED)


def _mark_parties(claim, *, user, roles):
    # Coordinators do not read claims: money is the bureau's and the enterprise's business.
    return mark_parties(
        claim,
        enterprise_id=claim.base.enterprise_id,
        submitted=claim.submitted_at is not None,
        user=user,
        roles=roles,
        observers=False,
    )


def access_claim(*, center, user, roles, pk) -> SubsidyClaim:
    claim = (
        with_approved(SubsidyClaim.objects.filter(center=center, pk=pk))
        .select_related(
            "base__enterprise",
            "created_by",
            "first_approved_by",
            "second_approved_by",
            "decided_by",
            "paid_by",
        )
        .first()
    )
    if claim is None:
        raise Http404
    return _mark_parties(claim, user=user, roles=roles)


def access_line(*, center, user, roles, pk) -> SubsidyLine:
    """A line, with its claim marked for the visitor as `access_claim` does."""
    line = (
        SubsidyLine.objects.filter(center=center, pk=pk)
        .select_related("claim__base__enterprise", "placement__student__user")
        .first()
    )
    if line is None:
        raise Http404
    _mark_parties(line.claim, user=user, roles=roles)
    return line


def claim_lines(*, claim) -> list[SubsidyLine]:
    """The claim's lines, included ones first, each with its intern, in one query."""
    lines = (
        SubsidyLine.objects.filter(center=claim.center_id, claim=claim)
        .select_related("placement__student__user", "placement__position", "reviewed_by")
        .order_by("excluded_reason", "first_day", "pk")
    )
    return list(lines)


def review_progress(included) -> dict:
    """How far the claim's included lines are: how many lack evidence, how many await a
    decision, and the sum approved so far."""
    return {
        "missing_evidence": sum(1 for line in included if not line.has_evidence),
        "pending_lines": sum(
            1 for line in included if line.decision == SubsidyLine.Decision.PENDING
        ),
        "approved_so_far": sum(
            (line.approved_amount for line in included if line.approved_amount is not None),
            start=Decimal("0.00"),
        ),
    }


def claimable_bases(*, center, user):
    """The visitor's internship training bases in this center that were recognized: a
    revoked one is listed too, so that the form says why it can no longer claim."""
    return (
        TrainingBase.objects.filter(
            center=center,
            enterprise__representatives=user,
            kind=TrainingBase.Kind.INTERNSHIP,
            status__in=(
                TrainingBase.Status.RECOGNIZED,
                TrainingBase.Status.EXPIRED,
                TrainingBase.Status.REVOKED,
            ),
        )
        .select_related("enterprise")
        .order_by("enterprise__name_zh", "pk")
    )


def enterprise_claims(*, center, user):
    """Claims of the visitor's enterprises in this center, newest period first."""
    return (
        with_approved(
            SubsidyClaim.objects.filter(center=center, base__enterprise__representatives=user)
        )
        .select_related("base__enterprise")
        .order_by("-period_start", "-pk")
    )


# The bureau's queue. Filters arrive from a form or, for an export, from JSON: every value
# is parsed here again and an unknown one falls back to "no filter".

QUEUE_WAITING = "waiting"
QUEUE_ALL = "all"
QUEUE_STATUSES = {
    QUEUE_WAITING: (C.SUBMITTED, C.UNDER_REVIEW, C.SECOND_APPROVAL),
    **{status: (status,) for status in C.values if status != C.DRAFT},
    QUEUE_ALL: None,
}
QUEUE_SORTS = {
    "oldest": ("submitted_at", "pk"),
    "newest": ("-submitted_at", "-pk"),
    "amount_desc": ("-claimed_amount", "-pk"),
    "amount_asc": ("claimed_amount", "pk"),
    "period": ("-period_start", "submitted_at", "pk"),
}


def period_key(kind: str, year: int, number: int) -> str:
    return f"{kind}-{year}-{number}"


def parse_period_key(value) -> tuple[str, int, int] | None:
    try:
        kind, year, number = str(value).split("-")
        return kind, int(year), int(number)
    except ValueError:
        return None


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _submitted(center):
    return SubsidyClaim.objects.filter(center=center, submitted_at__isnull=False)


def claim_queue(
    *,
    center,
    status: str = QUEUE_WAITING,
    base=None,
    period: str = "",
    amount_min=None,
    amount_max=None,
    sort: str = "oldest",
):
    """Claims in front of the bureau (every claim submitted at least once), filtered."""
    claims = with_approved(_submitted(center)).select_related(
        "base__enterprise", "first_approved_by", "second_approved_by"
    )
    statuses = QUEUE_STATUSES.get(status, QUEUE_STATUSES[QUEUE_WAITING])
    if statuses is not None:
        claims = claims.filter(status__in=statuses)
    if (base_id := parse_id(base)) is not None:
        claims = claims.filter(base_id=base_id)
    parsed = parse_period_key(period) if period else None
    if parsed:
        kind, year, number = parsed
        claims = claims.filter(period_kind=kind, period_year=year, period_number=number)
    if (low := _decimal(amount_min)) is not None:
        claims = claims.filter(claimed_amount__gte=low)
    if (high := _decimal(amount_max)) is not None:
        claims = claims.filter(claimed_amount__lte=high)
    return claims.order_by(*QUEUE_SORTS.get(sort, QUEUE_SORTS["oldest"]))


def queue_bases(*, center):
    """Bases with a claim in front of the bureau: the queue's base filter."""
    return (
        TrainingBase.objects.filter(center=center, pk__in=_submitted(center).values("base_id"))
        .select_related("enterprise")
        .order_by("enterprise__name_zh", "pk")
    )


def queue_periods(*, center) -> list[tuple[str, int, int]]:
    """Periods with a claim in front of the bureau, newest first."""
    rows = (
        _submitted(center)
        .values_list("period_kind", "period_year", "period_number")
        .distinct()
        .order_by("-period_year", "-period_number", "period_kind")
    )
    return list(rows)


# Program staff, across centers: callers are inside program_scope.


def _program_submitted(*, center_id=None, status: str = QUEUE_ALL):
    claims = SubsidyClaim.objects.filter(submitted_at__isnull=False)
    if center_id:
        claims = claims.filter(center_id=center_id)
    statuses = QUEUE_STATUSES.get(status)
    if statuses is not None:
        claims = claims.filter(status__in=statuses)
    return claims


def program_claims(*, center_id=None, status: str = QUEUE_ALL):
    claims = with_approved(_program_submitted(center_id=center_id, status=status))
    return claims.select_related("center", "base__enterprise").order_by(
        "-period_start", "center_id", "-pk"
    )


def program_totals(*, center_id=None, status: str = QUEUE_ALL):
    """Per center and period, over the claims `program_claims` lists under the same
    filters: claims, amounts claimed, approved and paid (one query)."""
    claims = _program_submitted(center_id=center_id, status=status)
    return (
        claims.values(
            "center_id",
            "center__slug",
            "center__name_zh",
            "center__name_en",
            "period_kind",
            "period_year",
            "period_number",
        )
        .annotate(
            claims=Count("pk"),
            claimed=Sum("claimed_amount"),
            approved=Sum(APPROVED),
            paid=Sum(APPROVED, filter=Q(status=C.PAID)),
        )
        .order_by("center_id", "-period_year", "-period_number", "period_kind")
    )
