"""The claim's workflow through its services: evidence, submission, line decisions, four
eyes, return, rejection, payment; each step audited and told to the enterprise."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from mentorship.models import AuditEntry, Notification, NotificationKind, Role, ServiceCenter
from mentorship.scoping import center_scope
from subsidies import services
from subsidies.models import SubsidyClaim, SubsidyLine, SubsidyMonth
from tests.subsidies.factories import (
    approve_all_lines,
    approved_claim,
    open_claim,
    pdf,
    placement,
    png,
    submitted_claim,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

C = SubsidyClaim.Status


@pytest.fixture
def two_interns(base):
    """Two placements over the whole of 2025 Q3: 12,000 CNY at the default rate."""
    return [
        placement(base, date(2025, 6, 1), date(2025, 12, 1)),
        placement(base, date(2025, 7, 1), date(2025, 11, 1)),
    ]


def decisions(rep):
    """The titles of the enterprise's subsidy notifications, as the English page shows them."""
    notes = Notification.objects.filter(user=rep, kind=NotificationKind.SUBSIDY_DECISION)
    return [note.localized_title for note in notes.order_by("pk")]


def verbs(claim):
    return list(
        AuditEntry.objects.filter(target_type="subsidies.subsidyclaim", target_id=str(claim.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def first_line(claim):
    return claim.lines.filter(excluded_reason="").order_by("pk").first()


def test_submission_tells_every_bureau_member_and_is_audited(
    center, rep, base, bureau, bureau2, two_interns
):
    claim = submitted_claim(center, rep, base)
    assert claim.status == C.SUBMITTED and claim.submitted_at
    for person in (bureau, bureau2):
        note = Notification.objects.get(user=person, kind=NotificationKind.SUBSIDY_SUBMITTED)
        assert "2025 Q3" in note.localized_title
        assert "¥12,000.00" in note.localized_body
        assert note.url.endswith(f"/subsidies/{claim.pk}/")
    assert verbs(claim) == [
        "subsidy_claim.opened",
        "subsidy_claim.evidence_attached",
        "subsidy_claim.submitted",
    ]


def test_evidence_is_checked_by_content(center, rep, base, two_interns):
    claim = open_claim(center, rep, base, evidence=False)
    fake = pdf("fake.pdf")
    fake.file.write(b"not a pdf at all")
    fake.file.seek(0)
    fake.size = 16
    with center_scope(center), pytest.raises(ValidationError) as refused:
        services.subsidy_evidence_attach(center=center, actor=rep, claim=claim, stipend_proof=fake)
    assert "stipend_proof" in refused.value.error_dict
    with center_scope(center):
        line = first_line(claim)
        services.subsidy_evidence_attach(
            center=center, actor=rep, claim=claim, line=line, stipend_proof=pdf()
        )
        services.subsidy_evidence_attach(
            center=center, actor=rep, claim=claim, insurance_proof=png()
        )
    lines = list(claim.lines.order_by("pk"))
    assert lines[0].has_evidence
    assert not lines[1].stipend_proof and lines[1].insurance_proof
    assert lines[0].insurance_proof.name == lines[1].insurance_proof.name
    assert lines[0].stipend_proof.name.endswith(".pdf")
    assert lines[1].insurance_proof.name.endswith(".png")


def test_a_line_without_evidence_cannot_be_approved_only_reduced_to_nothing(
    center, rep, base, bureau, two_interns
):
    claim = submitted_claim(center, rep, base, evidence=False)
    line = first_line(claim)
    with center_scope(center):
        with pytest.raises(ValidationError) as refused:
            services.subsidy_line_review(center=center, actor=bureau, line=line)
        assert refused.value.code == "no_evidence"
        with pytest.raises(ValidationError):
            services.subsidy_line_review(
                center=center, actor=bureau, line=line, approved_amount="100", comment="部分"
            )
        services.subsidy_line_review(
            center=center, actor=bureau, line=line, approved_amount="0", comment="无发放凭证"
        )
    line.refresh_from_db()
    assert line.decision == SubsidyLine.Decision.REDUCED
    assert line.approved_amount == 0


def test_reducing_a_line_needs_a_comment_and_an_amount_within_the_computed(
    center, rep, base, bureau, two_interns
):
    claim = submitted_claim(center, rep, base)
    line = first_line(claim)
    with center_scope(center):
        for amount, comment, field in [
            ("5000", "", "comment"),
            ("6000.01", "多报", "approved_amount"),
            ("-1", "负数", "approved_amount"),
            ("12.345", "三位小数", "approved_amount"),
        ]:
            with pytest.raises(ValidationError) as refused:
                services.subsidy_line_review(
                    center=center, actor=bureau, line=line, approved_amount=amount, comment=comment
                )
            assert field in refused.value.error_dict
        services.subsidy_line_review(
            center=center,
            actor=bureau,
            line=line,
            approved_amount="4500.50",
            comment="九月请假一周",
        )
    claim.refresh_from_db()
    assert claim.status == C.UNDER_REVIEW
    assert decisions(rep) == [
        "Subsidy claim under review: 2025 Q3",
        f"Subsidy line reduced: {line.placement.student}, 2025 Q3",
    ]
    entry = AuditEntry.objects.filter(verb="subsidy_claim.line_reviewed").get()
    assert entry.after["amount"] == "6000.00"
    assert entry.after["approved_amount"] == "4500.50"
    assert entry.after["comment"] == "九月请假一周"
    assert entry.before["approved_amount"] is None


def test_the_claim_is_approved_only_when_every_line_is_decided(
    center, rep, base, bureau, two_interns
):
    claim = submitted_claim(center, rep, base)
    with center_scope(center):
        services.subsidy_line_review(center=center, actor=bureau, line=first_line(claim))
        with pytest.raises(ValidationError) as refused:
            services.subsidy_claim_approve(center=center, actor=bureau, claim=claim)
    assert refused.value.code == "pending"


def test_below_the_threshold_one_approval_decides(center, rep, base, bureau, two_interns):
    claim = approved_claim(center, rep, base, bureau)
    assert claim.status == C.APPROVED
    assert claim.approved_amount == claim.claimed_amount == Decimal("12000.00")
    assert claim.first_approved_by == bureau and claim.second_approved_by is None
    assert decisions(rep)[-1] == "Subsidy claim approved: 2025 Q3"


def test_reduced_lines_make_the_claim_partly_approved(center, rep, base, bureau, two_interns):
    claim = submitted_claim(center, rep, base)
    approve_all_lines(center, bureau, claim, reduce_first_to="1000.00")
    with center_scope(center):
        claim = services.subsidy_claim_approve(center=center, actor=bureau, claim=claim)
    assert claim.status == C.PARTLY_APPROVED
    assert claim.approved_amount == Decimal("7000.00")
    assert decisions(rep)[-1] == "Subsidy claim partly approved: 2025 Q3"


def test_above_the_threshold_a_second_bureau_member_must_approve(
    center, rep, base, bureau, bureau2, two_interns
):
    ServiceCenter.objects.filter(pk=center.pk).update(second_approval_threshold=Decimal("10000.00"))
    claim = submitted_claim(center, rep, base)
    approve_all_lines(center, bureau, claim, reduce_first_to="5000.00")
    with center_scope(center):
        claim = services.subsidy_claim_approve(center=center, actor=bureau, claim=claim)
        assert claim.status == C.SECOND_APPROVAL
        assert claim.approved_amount == Decimal("11000.00")
        with pytest.raises(PermissionDenied):
            services.subsidy_claim_approve(center=center, actor=bureau, claim=claim)
        # The lines are settled once approved: a change would bypass the first approver.
        with pytest.raises(ValidationError):
            services.subsidy_line_review(center=center, actor=bureau2, line=first_line(claim))
        claim = services.subsidy_claim_approve(center=center, actor=bureau2, claim=claim)
    assert claim.status == C.PARTLY_APPROVED
    assert (claim.first_approved_by, claim.second_approved_by) == (bureau, bureau2)
    asked = Notification.objects.filter(user=bureau2, kind=NotificationKind.SUBSIDY_SUBMITTED)
    assert any(n.localized_title.startswith("Second approval needed") for n in asked)
    assert decisions(rep)[-2:] == [
        "Subsidy claim approved once, awaiting a second approval: 2025 Q3",
        "Subsidy claim partly approved: 2025 Q3",
    ]


def test_the_database_refuses_the_same_person_approving_twice(
    center, rep, base, bureau, two_interns
):
    claim = approved_claim(center, rep, base, bureau)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyClaim.objects.filter(pk=claim.pk).update(second_approved_by=bureau)


def test_payment_needs_a_reference_and_is_told(center, rep, base, bureau, two_interns):
    claim = approved_claim(center, rep, base, bureau)
    with center_scope(center):
        with pytest.raises(ValidationError):
            services.subsidy_claim_mark_paid(
                center=center, actor=bureau, claim=claim, payment_reference="  "
            )
        claim = services.subsidy_claim_mark_paid(
            center=center, actor=bureau, claim=claim, payment_reference="=HYPERLINK(1)"
        )
        with pytest.raises(ValidationError):
            services.subsidy_claim_mark_paid(
                center=center, actor=bureau, claim=claim, payment_reference="again"
            )
    assert claim.status == C.PAID and claim.paid_by == bureau
    assert decisions(rep)[-1] == "Subsidy paid: 2025 Q3"
    note = Notification.objects.filter(user=rep).first()
    assert "¥12,000.00" in note.localized_body and "=HYPERLINK(1)" in note.localized_body


def test_a_returned_claim_is_corrected_and_resubmitted_for_a_fresh_review(
    center, rep, base, bureau, two_interns
):
    claim = submitted_claim(center, rep, base, evidence=False)
    with center_scope(center):
        with pytest.raises(ValidationError) as refused:
            services.subsidy_claim_return(center=center, actor=bureau, claim=claim, comment=" ")
        assert "comment" in refused.value.error_dict
        services.subsidy_line_review(
            center=center, actor=bureau, line=first_line(claim), approved_amount=0, comment="缺"
        )
        claim = services.subsidy_claim_return(
            center=center, actor=bureau, claim=claim, comment="请补充保险凭证"
        )
        assert claim.status == C.RETURNED
        # Its months stay held while the enterprise corrects it.
        assert SubsidyMonth.objects.filter(line__claim=claim).count() == 6
        services.subsidy_evidence_attach(
            center=center, actor=rep, claim=claim, stipend_proof=pdf(), insurance_proof=pdf()
        )
        claim = services.subsidy_claim_submit(center=center, actor=rep, claim=claim)
    assert claim.status == C.SUBMITTED and claim.review_comment == ""
    assert set(claim.lines.values_list("decision", flat=True)) == {"pending"}
    assert decisions(rep)[-1] == "Subsidy claim returned for changes: 2025 Q3"


def test_rejection_needs_a_reason(center, rep, base, bureau, two_interns):
    claim = submitted_claim(center, rep, base)
    with center_scope(center), pytest.raises(ValidationError):
        services.subsidy_claim_reject(center=center, actor=bureau, claim=claim, comment="")
    with center_scope(center):
        claim = services.subsidy_claim_reject(
            center=center, actor=bureau, claim=claim, comment="岗位与专业不符"
        )
    assert claim.status == C.REJECTED
    assert decisions(rep)[-1] == "Subsidy claim rejected: 2025 Q3"
    entry = AuditEntry.objects.get(verb="subsidy_claim.rejected")
    assert entry.after["months_released"] == 6


def test_nobody_reviews_a_claim_of_their_own_enterprise(
    center, rep, base, member_factory, two_interns
):
    claim = submitted_claim(center, rep, base)
    member_factory(center, Role.BUREAU, user=rep)
    with center_scope(center), pytest.raises(PermissionDenied):
        services.subsidy_line_review(center=center, actor=rep, line=first_line(claim))


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.COORDINATOR, Role.STUDENT, Role.MENTOR])
def test_only_bureau_staff_decide(center, rep, base, member_factory, role, two_interns):
    claim = submitted_claim(center, rep, base)
    someone = member_factory(center, role)
    with center_scope(center):
        with pytest.raises(PermissionDenied):
            services.subsidy_line_review(center=center, actor=someone, line=first_line(claim))
        with pytest.raises(PermissionDenied):
            services.subsidy_claim_reject(center=center, actor=someone, claim=claim, comment="x")


def test_only_the_enterprise_representatives_open_and_submit(
    center, rep, base, bureau, member_factory, two_interns
):
    stranger = member_factory(center, Role.ENTERPRISE)
    with center_scope(center):
        for actor in (stranger, bureau):
            with pytest.raises(PermissionDenied):
                services.subsidy_claim_open(
                    center=center, actor=actor, base=base, year=2025, number=3
                )
    claim = open_claim(center, rep, base)
    with center_scope(center), pytest.raises(PermissionDenied):
        services.subsidy_claim_submit(center=center, actor=stranger, claim=claim)


def test_a_suspended_center_takes_no_claims(center, rep, base, two_interns):
    ServiceCenter.objects.filter(pk=center.pk).update(status=ServiceCenter.Status.SUSPENDED)
    center.refresh_from_db()
    with pytest.raises(PermissionDenied):
        open_claim(center, rep, base)


def test_history_records_who_did_what_with_the_amounts(
    center, rep, base, bureau, bureau2, two_interns
):
    ServiceCenter.objects.filter(pk=center.pk).update(second_approval_threshold=Decimal("1.00"))
    claim = submitted_claim(center, rep, base)
    approve_all_lines(center, bureau, claim, reduce_first_to="3000")
    with center_scope(center):
        claim = services.subsidy_claim_approve(center=center, actor=bureau, claim=claim)
        claim = services.subsidy_claim_approve(
            center=center, actor=bureau2, claim=claim, comment="同意"
        )
        services.subsidy_claim_mark_paid(
            center=center, actor=bureau2, claim=claim, payment_reference="GK-2025-0001"
        )
    entries = list(
        AuditEntry.objects.filter(target_type="subsidies.subsidyclaim", target_id=str(claim.pk))
        .order_by("pk")
        .values_list("verb", "actor_id")
    )
    assert entries == [
        ("subsidy_claim.opened", rep.pk),
        ("subsidy_claim.evidence_attached", rep.pk),
        ("subsidy_claim.submitted", rep.pk),
        ("subsidy_claim.review_started", bureau.pk),
        ("subsidy_claim.line_reviewed", bureau.pk),
        ("subsidy_claim.line_reviewed", bureau.pk),
        ("subsidy_claim.first_approval", bureau.pk),
        ("subsidy_claim.partly_approved", bureau2.pk),
        ("subsidy_claim.paid", bureau2.pk),
    ]
    final = AuditEntry.objects.get(verb="subsidy_claim.partly_approved")
    assert final.before == {"status": "second_approval", "approved_amount": "9000.00"}
    assert final.after["approved_amount"] == "9000.00"
    assert final.after["claimed_amount"] == "12000.00"


# The policy


def test_bureau_staff_set_the_policy_and_the_change_is_audited(center, bureau):
    with center_scope(center):
        services.subsidy_policy_update(
            center=center,
            actor=bureau,
            subsidy_rate=Decimal("2500.00"),
            subsidy_max_months=5,
            second_approval_threshold=Decimal("30000.00"),
            subsidy_claim_period="month",
        )
    center.refresh_from_db()
    assert center.subsidy_rate == Decimal("2500.00") and center.subsidy_claim_period == "month"
    entry = AuditEntry.objects.get(verb="subsidy.policy_updated")
    assert entry.before == {
        "subsidy_rate": "2000.00",
        "subsidy_max_months": 6,
        "second_approval_threshold": "50000.00",
        "subsidy_claim_period": "quarter",
    }
    assert entry.after["subsidy_rate"] == "2500.00"


def test_the_policy_refuses_fewer_maximum_than_minimum_months(center, bureau):
    with center_scope(center), pytest.raises(ValidationError) as refused:
        services.subsidy_policy_update(
            center=center, actor=bureau, subsidy_min_months=4, subsidy_max_months=3
        )
    assert "subsidy_max_months" in refused.value.error_dict


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ENTERPRISE])
def test_only_bureau_staff_set_the_policy(center, member_factory, role):
    with center_scope(center), pytest.raises(PermissionDenied):
        services.subsidy_policy_update(
            center=center, actor=member_factory(center, role), subsidy_rate=Decimal("1")
        )


def test_a_submitted_claim_keeps_the_policy_it_was_computed_with(
    center, rep, base, bureau, two_interns
):
    claim = submitted_claim(center, rep, base)
    with center_scope(center):
        services.subsidy_policy_update(center=center, actor=bureau, subsidy_rate=Decimal("1"))
    claim.refresh_from_db()
    assert claim.rate == Decimal("2000.00") and claim.claimed_amount == Decimal("12000.00")
