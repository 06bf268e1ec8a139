"""Builders of the subsidy tests: a recognized internship base, placements with the dates a
test names, evidence files, and claims taken through the services to a given stage."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bases.models import TrainingBase
from mentorship.scoping import center_scope
from students.models import Placement
from subsidies import services
from subsidies.models import SubsidyClaim
from tests.bases.factories import PDF_BYTES, PNG_BYTES
from tests.students.factories import (
    EnterpriseFactory,
    PlacementFactory,
    PositionFactory,
    TrainingBaseFactory,
)

RECOGNIZED_FROM = date(2024, 1, 1)
RECOGNIZED_UNTIL = date(2027, 12, 31)


def internship_base(center, *representatives, **fields) -> TrainingBase:
    values = {
        "recognized_from": RECOGNIZED_FROM,
        "recognized_until": RECOGNIZED_UNTIL,
        "enterprise": EnterpriseFactory(representatives=list(representatives)),
        **fields,
    }
    return TrainingBaseFactory(center=center, **values)


def placement(base, start: date, end: date, *, terminated_on=None, **fields) -> Placement:
    """A placement of `base` from `start` to `end`, the day after its last day, as the
    students app stores it (or ended early on `terminated_on`, its last day)."""
    position = PositionFactory(base=base, start_date=start, deadline=start)
    values = {
        "application__position": position,
        "start_date": start,
        "end_date": end,
        **fields,
    }
    if terminated_on is not None:
        values.update(
            status=Placement.Status.TERMINATED,
            terminated_on=terminated_on,
            termination_reason="学生返校参加考试，提前结束。",
        )
    return PlacementFactory(**values)


def pdf(name="proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="proof.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def open_claim(center, rep, base, year=2025, number=3, *, evidence=True) -> SubsidyClaim:
    with center_scope(center):
        claim = services.subsidy_claim_open(
            center=center, actor=rep, base=base, year=year, number=number
        )
        if evidence:
            services.subsidy_evidence_attach(
                center=center,
                actor=rep,
                claim=claim,
                stipend_proof=pdf(),
                insurance_proof=png(),
            )
    return claim


def submitted_claim(center, rep, base, year=2025, number=3, **kwargs) -> SubsidyClaim:
    claim = open_claim(center, rep, base, year, number, **kwargs)
    with center_scope(center):
        return services.subsidy_claim_submit(center=center, actor=rep, claim=claim)


def approve_all_lines(center, bureau, claim, *, reduce_first_to=None, comment="核减") -> None:
    with center_scope(center):
        for n, line in enumerate(claim.lines.filter(excluded_reason="").order_by("pk")):
            if n == 0 and reduce_first_to is not None:
                services.subsidy_line_review(
                    center=center,
                    actor=bureau,
                    line=line,
                    approved_amount=Decimal(reduce_first_to),
                    comment=comment,
                )
            else:
                services.subsidy_line_review(center=center, actor=bureau, line=line)


def approved_claim(center, rep, base, bureau, bureau2=None, **kwargs) -> SubsidyClaim:
    claim = submitted_claim(center, rep, base, **kwargs)
    approve_all_lines(center, bureau, claim)
    with center_scope(center):
        claim = services.subsidy_claim_approve(center=center, actor=bureau, claim=claim)
        if claim.status == SubsidyClaim.Status.SECOND_APPROVAL and bureau2 is not None:
            claim = services.subsidy_claim_approve(center=center, actor=bureau2, claim=claim)
    return claim


def claim_row(center, base, number, *, status=SubsidyClaim.Status.SUBMITTED, **fields):
    """A claim row written directly (for list tests that need many): quarter `number` of a
    year counted from 2020, so every claim of a base has its own period."""
    from datetime import timedelta

    from django.utils import timezone

    from subsidies.subsidy_math import period_bounds

    year, quarter = 2020 + (number - 1) // 4, (number - 1) % 4 + 1
    start, end = period_bounds("quarter", year, quarter)
    values = {
        "center": center,
        "base": base,
        "period_kind": "quarter",
        "period_year": year,
        "period_number": quarter,
        "period_start": start,
        "period_end": end,
        "status": status,
        "rate": Decimal("2000.00"),
        "min_months": 3,
        "max_months": 6,
        "second_approval_threshold": Decimal("50000.00"),
        "claimed_amount": Decimal("6000.00") + number,
        "line_count": 1,
        "submitted_at": timezone.now() - timedelta(days=number),
        **fields,
    }
    return SubsidyClaim.objects.create(**values)
