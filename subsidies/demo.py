"""Demo subsidy claims: Hangzhou's policy and a few claims at each stage of the review.

Everything goes through the services, so the lines, the ledger, the history and the
notifications are what real use would leave. The claim of Alibaba's internship base for
the previous calendar quarter is left for people to open (it is the demo's journey: four
interns for three months, above the lowered second-approval threshold).

Safe to run again: a claim that exists for its base and period is left as it is.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bases.demo import demo_representative
from bases.models import TrainingBase
from mentorship.demo import register_demo
from mentorship.models import ServiceCenter, User
from students.pdf import simple_pdf
from subsidies import services
from subsidies.models import SubsidyClaim

# Low enough that a quarter of four interns (24,000 CNY at the default rate) needs two
# bureau members, as the journey shows.
DEMO_THRESHOLD = Decimal("10000.00")

C = SubsidyClaim.Status


@dataclass
class DemoClaim:
    enterprise: str  # name_en prefix
    quarters_ago: int  # 1 = the previous calendar quarter
    stage: str  # "submitted", "first_approval", "approved", "paid", "returned"


CLAIMS = [
    DemoClaim("Alibaba", 2, "approved"),
    DemoClaim("Hangzhou Hik", 2, "paid"),
    DemoClaim("Hangzhou Hik", 1, "first_approval"),
    DemoClaim("SUPCON", 1, "submitted"),
]


def _say(stdout, text) -> None:
    if stdout is not None:
        stdout.write(text)


def _quarter(today: date, quarters_ago: int) -> tuple[int, int]:
    index = today.year * 4 + (today.month - 1) // 3 - quarters_ago
    return index // 4, index % 4 + 1


def _evidence(title: str, claim) -> SimpleUploadedFile:
    pdf = simple_pdf([title, f"Claim {claim.pk}: {claim.period_start} - {claim.period_end}"])
    return SimpleUploadedFile(f"{title}.pdf", pdf, content_type="application/pdf")


def _review(center, claim, first, second, stage) -> None:
    lines = list(claim.lines.filter(excluded_reason="").order_by("pk"))
    for n, line in enumerate(lines):
        if stage in ("first_approval", "paid") and n == 0 and len(lines) > 1:
            services.subsidy_line_review(
                center=center,
                actor=first,
                line=line,
                approved_amount=(line.amount / 2).quantize(Decimal("0.01")),
                comment="实习协议显示该生每周仅到岗三天，按半数核定。",
            )
        else:
            services.subsidy_line_review(center=center, actor=first, line=line)
    claim = services.subsidy_claim_approve(center=center, actor=first, claim=claim)
    if claim.status == C.SECOND_APPROVAL and stage in ("approved", "paid"):
        claim = services.subsidy_claim_approve(center=center, actor=second, claim=claim)
    if stage == "paid":
        services.subsidy_claim_mark_paid(
            center=center,
            actor=second,
            claim=claim,
            payment_reference=f"GK{claim.period_year}{claim.pk:06d}",
        )


def _claim(center, entry, today, users) -> str | None:
    base = (
        TrainingBase.objects.filter(
            center=center,
            kind=TrainingBase.Kind.INTERNSHIP,
            status=TrainingBase.Status.RECOGNIZED,
            enterprise__name_en__startswith=entry.enterprise,
        )
        .select_related("enterprise")
        .first()
    )
    if base is None:
        return None
    year, number = _quarter(today, entry.quarters_ago)
    if (
        SubsidyClaim.objects.filter(
            center=center, base=base, period_kind="quarter", period_year=year, period_number=number
        )
        .exclude(status=C.REJECTED)
        .exists()
    ):
        return None
    author = demo_representative(center, base.enterprise)
    first, second = users["bureau.hangzhou@demo.example"], users["bureau2.hangzhou@demo.example"]
    try:
        claim = services.subsidy_claim_open(
            center=center, actor=author, base=base, year=year, number=number
        )
        services.subsidy_evidence_attach(
            center=center,
            actor=author,
            claim=claim,
            stipend_proof=_evidence("Stipend payroll statement", claim),
            insurance_proof=_evidence("Group accident insurance policy", claim),
        )
        claim = services.subsidy_claim_submit(center=center, actor=author, claim=claim)
        if entry.stage != "submitted":
            _review(center, claim, first, second, entry.stage)
    except ValidationError as error:
        # The students demo places interns in these quarters; without it there is nothing.
        return f"{entry.enterprise} {year} Q{number}: {' '.join(error.messages)}"
    return f"{entry.enterprise} {year} Q{number}: {entry.stage}"


def seed_subsidies(stdout=None, today: date | None = None) -> None:
    """Hangzhou's subsidy policy and demo claims (call inside system_scope(), after
    seed_bases and seed_students)."""
    hangzhou = ServiceCenter.objects.filter(slug="hangzhou").first()
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example")}
    needed = ("bureau.hangzhou@demo.example", "bureau2.hangzhou@demo.example")
    if hangzhou is None or not all(
        email in users for email in (*needed, "hr.alibaba@demo.example")
    ):
        return
    services.subsidy_policy_update(
        center=hangzhou,
        actor=users["bureau.hangzhou@demo.example"],
        subsidy_claim_period=ServiceCenter.ClaimPeriod.QUARTER,
        second_approval_threshold=DEMO_THRESHOLD,
    )
    today = today or timezone.localdate()
    done = [result for entry in CLAIMS if (result := _claim(hangzhou, entry, today, users))]
    _say(stdout, f"Demo subsidy claims ready: {len(done)} new.")
    for line in done:
        _say(stdout, f"  {line}")


register_demo(seed_subsidies, order=30)
