"""Claim pages for each party, who may see and do what, the queue, the export, the policy."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from mentorship.models import AuditEntry, Report, Role, ServiceCenter
from subsidies.models import SubsidyClaim
from tests.subsidies.factories import (
    approve_all_lines,
    approved_claim,
    internship_base,
    open_claim,
    placement,
    submitted_claim,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

C = SubsidyClaim.Status


def url(center, name, **kwargs):
    return reverse(f"center:subsidies:{name}", kwargs={"center_slug": center.slug, **kwargs})


@pytest.fixture
def interns(base):
    return [
        placement(base, date(2025, 6, 1), date(2025, 12, 1)),
        placement(base, date(2025, 7, 16), date(2026, 1, 16)),
        placement(base, date(2025, 7, 1), date(2025, 11, 1), terminated_on=date(2025, 8, 9)),
    ]


def test_the_enterprise_opens_a_claim_and_sees_its_computed_lines(client, center, rep, interns):
    client.force_login(rep)
    page = client.get(url(center, "claim_list"))
    assert page.status_code == 200
    base_choice = page.context["open_form"]["base"]
    assert base_choice.initial is None or base_choice.field.queryset.count() == 1
    assert ("2025-3", "2025 Q3") in page.context["open_form"].fields["period"].choices
    response = client.post(
        url(center, "claim_open"), {"base": interns[0].base_id, "period": "2025-3"}
    )
    claim = SubsidyClaim.objects.get()
    assert response.status_code == 302
    assert response.url == url(center, "claim_detail", pk=claim.pk)
    page = client.get(response.url).content.decode()
    assert "¥6,000.00" in page  # the whole quarter
    assert "¥5,032.26" in page  # from 16 July: 16/31 of July, then August and September
    assert "¥11,032.26" in page  # the total, exactly the sum of the lines
    assert "Ended early, below the minimum subsidized months" in page
    assert "学生返校参加考试，提前结束。" in page  # the reason it ended early
    assert "Submit to the bureau" in page


def test_opening_a_claim_twice_shows_the_reason_beside_the_period(client, center, rep, interns):
    client.force_login(rep)
    data = {"base": interns[0].base_id, "period": "2025-3"}
    client.post(url(center, "claim_open"), data)
    response = client.post(url(center, "claim_open"), data)
    assert response.status_code == 200
    assert response.context["open_form"].errors["period"] == [
        "This base already has a claim for this period."
    ]
    assert SubsidyClaim.objects.count() == 1


def test_amounts_are_formatted_in_chinese_too(center, rep, interns):
    from django.test import Client

    claim = open_claim(center, rep, interns[0].base)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(rep)
    page = client.get(url(center, "claim_detail", pk=claim.pk)).content.decode()
    assert 'lang="zh-hans"' in page
    assert "¥11,032.26" in page


def test_a_draft_is_the_enterprise_s_own_until_submitted(
    client, center, rep, bureau, base, interns
):
    claim = open_claim(center, rep, base)
    client.force_login(bureau)
    assert client.get(url(center, "claim_detail", pk=claim.pk)).status_code == 404
    client.force_login(rep)
    client.post(url(center, "claim_submit", pk=claim.pk))
    client.force_login(bureau)
    page = client.get(url(center, "claim_detail", pk=claim.pk))
    assert page.status_code == 200
    assert "Approve in full" in page.content.decode()


def test_an_enterprise_never_sees_another_enterprise_s_claim(
    client, center, rep, base, member_factory, interns
):
    claim = submitted_claim(center, rep, base)
    line = claim.lines.filter(excluded_reason="").first()
    other = member_factory(center, Role.ENTERPRISE)
    other_base = internship_base(center, other)
    placement(other_base, date(2025, 6, 1), date(2025, 12, 1))
    client.force_login(other)
    for path in (
        url(center, "claim_detail", pk=claim.pk),
        url(center, "line_evidence_file", pk=line.pk, kind="stipend"),
    ):
        assert client.get(path).status_code == 404
    for path in (
        url(center, "claim_submit", pk=claim.pk),
        url(center, "claim_discard", pk=claim.pk),
        url(center, "line_evidence", pk=line.pk),
    ):
        assert client.post(path).status_code == 404
    assert (
        claim.base.enterprise.name_en not in client.get(url(center, "claim_list")).content.decode()
    )


@pytest.mark.parametrize("roles", [(Role.BUREAU,), (Role.ENTERPRISE,), tuple(Role.values)])
def test_members_of_another_center_neither_see_nor_act_on_a_claim(
    client, center, other_center, rep, base, bureau, member_factory, roles, interns
):
    claim = submitted_claim(center, rep, base)
    line = claim.lines.filter(excluded_reason="").first()
    client.force_login(member_factory(other_center, *roles))
    assert client.get(url(center, "claim_detail", pk=claim.pk)).status_code == 404
    assert client.get(url(other_center, "claim_detail", pk=claim.pk)).status_code == 404
    data = {"comment": "not mine", "action": "approve"}
    for name, pk in (("claim_reject", claim.pk), ("line_review", line.pk)):
        assert client.post(url(center, name, pk=pk), data).status_code == 404
        # Through their own center: not found, or refused for the role before any lookup.
        assert client.post(url(other_center, name, pk=pk), data).status_code in (403, 404)
    claim.refresh_from_db()
    assert claim.status == C.SUBMITTED


@pytest.mark.parametrize("role", [Role.STUDENT, Role.COORDINATOR, Role.MENTOR])
def test_students_coordinators_and_mentors_are_refused(
    client, center, rep, base, member_factory, role, interns
):
    claim = submitted_claim(center, rep, base)
    client.force_login(member_factory(center, role))
    assert client.get(url(center, "claim_detail", pk=claim.pk)).status_code == 403
    assert client.get(url(center, "claim_queue")).status_code == 403
    assert client.post(url(center, "claim_approve", pk=claim.pk)).status_code == 403
    assert client.get(url(center, "subsidy_policy")).status_code == 403


def test_bureau_reduces_a_line_and_approves_from_the_page(
    client, center, rep, base, bureau, interns
):
    claim = submitted_claim(center, rep, base)
    first, second = claim.lines.filter(excluded_reason="").order_by("pk")
    client.force_login(bureau)
    response = client.post(
        url(center, "line_review", pk=first.pk),
        {"action": "reduce", "approved_amount": "5000.00", "comment": ""},
    )
    assert response.status_code == 200
    assert response.context["included"][0].review_form.errors["comment"] == [
        "Say why the line is reduced."
    ]
    client.post(
        url(center, "line_review", pk=first.pk),
        {"action": "reduce", "approved_amount": "5000.00", "comment": "九月请假"},
    )
    client.post(url(center, "line_review", pk=second.pk), {"action": "approve"})
    page = client.get(url(center, "claim_detail", pk=claim.pk)).content.decode()
    assert "Partly approve the claim" in page
    assert "九月请假" in page
    response = client.post(url(center, "claim_approve", pk=claim.pk), {"comment": ""})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == C.PARTLY_APPROVED
    assert claim.approved_amount == Decimal("10032.26")
    page = client.get(url(center, "claim_detail", pk=claim.pk)).content.decode()
    assert "Mark as paid" in page
    assert "¥10,032.26" in page


def test_the_first_approver_cannot_give_the_second_approval_from_the_page(
    client, center, rep, base, bureau, interns
):
    ServiceCenter.objects.filter(pk=center.pk).update(second_approval_threshold=Decimal("100"))
    claim = submitted_claim(center, rep, base)
    approve_all_lines(center, bureau, claim)
    client.force_login(bureau)
    client.post(url(center, "claim_approve", pk=claim.pk))
    page = client.get(url(center, "claim_detail", pk=claim.pk)).content.decode()
    assert "Another bureau member must give the second" in page
    assert "Give the second approval" not in page
    response = client.post(url(center, "claim_approve", pk=claim.pk), follow=True)
    assert "another bureau member must give the second" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == C.SECOND_APPROVAL and claim.second_approved_by is None


def test_evidence_is_served_to_both_parties_only(
    client, center, rep, base, bureau, member_factory, interns
):
    claim = submitted_claim(center, rep, base)
    line = claim.lines.filter(excluded_reason="").first()
    path = url(center, "line_evidence_file", pk=line.pk, kind="insurance")
    for person in (rep, bureau):
        client.force_login(person)
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client.get(url(center, "line_evidence_file", pk=line.pk, kind="x")).status_code == 404


def test_the_enterprise_uploads_evidence_for_one_line_from_the_page(
    client, center, rep, base, interns
):
    from tests.subsidies.factories import pdf

    claim = open_claim(center, rep, base, evidence=False)
    line = claim.lines.filter(excluded_reason="").first()
    client.force_login(rep)
    response = client.post(url(center, "line_evidence", pk=line.pk), {})
    assert response.status_code == 200
    assert "Choose a file to upload." in response.content.decode()
    client.post(url(center, "line_evidence", pk=line.pk), {"stipend_proof": pdf()})
    line.refresh_from_db()
    assert line.stipend_proof and not line.insurance_proof


# The queue and its export


@pytest.fixture
def queue(center, member_factory, bureau):
    """Claims of three bases, in several states and periods."""
    claims = []
    for n in range(3):
        rep = member_factory(center, Role.ENTERPRISE)
        base = internship_base(center, rep)
        for _ in range(n + 1):
            placement(base, date(2025, 3, 1), date(2025, 9, 1))
        claims.append(submitted_claim(center, rep, base, 2025, 2))
        claims.append(submitted_claim(center, rep, base, 2025, 1))
    approve_all_lines(center, bureau, claims[0])
    return claims


def test_the_queue_filters_and_sorts(client, center, bureau, queue):
    client.force_login(bureau)
    path = url(center, "claim_queue")
    waiting = client.get(path).context["page"]
    assert {c.pk for c in waiting} == {c.pk for c in queue}
    under_review = client.get(path, {"status": "under_review"}).context["page"]
    assert [c.pk for c in under_review] == [queue[0].pk]
    by_base = client.get(path, {"base": queue[2].base_id, "status": "all"}).context["page"]
    assert {c.pk for c in by_base} == {queue[2].pk, queue[3].pk}
    q1 = client.get(path, {"period": "quarter-2025-1"}).context["page"]
    assert {c.period_number for c in q1} == {1}
    big = client.get(path, {"amount_min": "10000", "sort": "amount_desc"}).context["page"]
    amounts = [c.claimed_amount for c in big]
    assert amounts == sorted(amounts, reverse=True) and min(amounts) >= 10000
    # A value typed wrong is ignored, never a 500.
    assert client.get(path, {"amount_min": "lots", "base": "x", "sort": "?"}).status_code == 200


def test_the_queue_exports_what_it_shows(
    client, center, bureau, queue, member_factory, django_capture_on_commit_callbacks
):
    client.force_login(bureau)
    filters = {"status": "all", "period": "quarter-2025-2", "sort": "amount_desc"}
    shown = client.get(url(center, "claim_queue"), filters).context["page"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(center, "claim_queue_export"), {**filters, "file_format": "csv"})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "center:report", kwargs={"center_slug": center.slug, "pk": report.pk}
    )
    assert report.params["period"] == "quarter-2025-2"
    report.refresh_from_db()
    assert report.status == Report.Status.DONE  # tasks run in-process in tests
    rows = list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig"))))
    assert [int(row[0]) for row in rows[1:]] == [c.pk for c in shown]
    download = reverse(
        "center:report_download", kwargs={"center_slug": center.slug, "pk": report.pk}
    )
    assert client.get(download).status_code == 200
    client.force_login(member_factory(center, Role.BUREAU))
    assert client.get(download).status_code == 200  # a colleague of the center
    client.force_login(member_factory(center, Role.COORDINATOR))
    assert client.get(download).status_code == 404


def test_export_neutralizes_formulas(
    center, rep, base, bureau, interns, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    from mentorship.reports import report_request
    from mentorship.scoping import center_scope

    claim = approved_claim(center, rep, base, bureau)
    from subsidies import services

    with center_scope(center):
        services.subsidy_claim_mark_paid(
            center=center, actor=bureau, claim=claim, payment_reference="=1+1"
        )
        with django_capture_on_commit_callbacks(execute=True):
            report = report_request(
                actor=bureau, center=center, kind="subsidy_claims", params={"status": "all"}
            )
    report.refresh_from_db()
    sheet = load_workbook(report.file.open("rb")).active
    values = [cell.value for cell in list(sheet.rows)[1]]
    assert "'=1+1" in values
    assert 11032.26 in values or Decimal("11032.26") in values


# The policy page


def test_bureau_staff_edit_the_policy(client, center, bureau):
    client.force_login(bureau)
    response = client.post(
        url(center, "subsidy_policy"),
        {
            "subsidy_rate": "2200.00",
            "subsidy_min_months": "3",
            "subsidy_max_months": "2",
            "second_approval_threshold": "40000",
            "subsidy_claim_period": "month",
        },
    )
    assert response.status_code == 200
    assert "The maximum cannot be less than the minimum." in response.content.decode()
    center.refresh_from_db()
    assert center.subsidy_rate == Decimal("2000.00")
    response = client.post(
        url(center, "subsidy_policy"),
        {
            "subsidy_rate": "2200.00",
            "subsidy_min_months": "3",
            "subsidy_max_months": "6",
            "second_approval_threshold": "40000",
            "subsidy_claim_period": "month",
        },
    )
    assert response.status_code == 302
    center.refresh_from_db()
    assert (center.subsidy_rate, center.subsidy_claim_period) == (Decimal("2200.00"), "month")
    assert AuditEntry.objects.filter(verb="subsidy.policy_updated", actor=bureau).exists()


# Program staff


def test_program_staff_read_every_center_s_claims_with_totals(
    client, center, other_center, rep, base, bureau, member_factory, interns
):
    from tests.factories import UserFactory

    submitted_claim(center, rep, base)
    other_rep = member_factory(other_center, Role.ENTERPRISE)
    other_base = internship_base(other_center, other_rep)
    placement(other_base, date(2025, 6, 1), date(2025, 12, 1))
    submitted_claim(other_center, other_rep, other_base)
    staff = UserFactory(is_program_staff=True)
    client.force_login(staff)
    response = client.get(reverse("program_subsidies"))
    assert response.status_code == 200
    totals = {(row["center_id"], row["period"]): row for row in response.context["totals"]}
    assert totals[(center.pk, "2025 Q3")]["claimed"] == Decimal("11032.26")
    assert totals[(other_center.pk, "2025 Q3")]["claims"] == 1
    page = response.content.decode()
    assert "Alpha Center" in page and "Beta Center" in page
    for action in ("Approve in full", "Mark as paid", "Reject the claim"):
        assert action not in page  # read-only
    assert AuditEntry.objects.filter(verb="program.cross_center_read", actor=staff).exists()
    only = client.get(reverse("program_subsidies"), {"center": other_center.pk})
    assert [c.center_id for c in only.context["page"]] == [other_center.pk]
    client.force_login(bureau)
    assert client.get(reverse("program_subsidies")).status_code == 403


def test_program_staff_export_every_center(
    client, center, rep, base, interns, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    submitted_claim(center, rep, base)
    staff = UserFactory(is_program_staff=True)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("program_subsidies_export"), {"file_format": "csv"})
    report = Report.objects.get()
    assert response.url == reverse("program_report", kwargs={"pk": report.pk})
    report.refresh_from_db()
    rows = list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig"))))
    assert rows[1][0] == "甲中心"  # in the language of the person who asked (Chinese by default)
    assert len(rows) == 2
