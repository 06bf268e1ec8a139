"""A subsidy claim from the enterprise to the payment, clicked through in Chromium: Alibaba
claims the previous quarter, one bureau member reduces a line and approves, a second one
approves (the claim is above Hangzhou's threshold), the payment is recorded, and the
enterprise reads every decision in its notifications."""

from datetime import date

import pytest

from students.pdf import simple_pdf
from subsidies.models import SubsidyClaim
from tests.browser_support import nav_to, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unscoped")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def previous_quarter(today: date) -> tuple[int, int]:
    index = today.year * 4 + (today.month - 1) // 3 - 1
    return index // 4, index % 4 + 1


def line_rows(page):
    return page.locator("table.subsidy-lines tbody tr")


def test_claim_is_computed_reduced_approved_twice_and_paid(page, shot, demo, tmp_path):
    from django.utils import timezone

    year, quarter = previous_quarter(timezone.localdate())
    period = f"{year} Q{quarter}"
    payroll = tmp_path / "实习补贴发放表.pdf"
    payroll.write_bytes(simple_pdf(["Stipend payroll", period]))
    policy = tmp_path / "团体意外险保单.pdf"
    policy.write_bytes(simple_pdf(["Group accident insurance policy", period]))

    # The enterprise opens the claim: the lines are computed, never typed.
    sign_in(page, "hr.alibaba@demo.example")
    page.goto("/c/hangzhou/")
    nav_to(page, "Enterprise", "Subsidy claims")
    page.get_by_label("Training base").select_option(label="Alibaba (China) Co., Ltd.")
    page.get_by_label("Period").select_option(label=period)
    shot("enterprise chooses the quarter")
    page.get_by_role("button", name="Open claim").click()
    page.get_by_role("heading", name=f"Subsidy claim {period}").wait_for()
    assert line_rows(page).count() == 4
    for n in range(4):
        assert "¥6,000.00" in line_rows(page).nth(n).inner_text()
    assert "¥24,000.00" in page.locator("table.subsidy-lines tfoot").inner_text()
    shot("computed lines")

    page.locator("#evidence_all_stipend_proof").set_input_files(str(payroll))
    page.locator("#evidence_all_insurance_proof").set_input_files(str(policy))
    page.get_by_role("button", name="Attach to every line").click()
    page.get_by_text("The evidence is attached to 4 lines.").wait_for()
    page.get_by_role("button", name="Submit to the bureau").click()
    page.get_by_text("The claim is submitted to the bureau.").wait_for()
    shot("claim submitted")
    sign_out(page)

    # The first bureau member reduces one line with a comment and approves.
    sign_in(page, "bureau.hangzhou@demo.example")
    page.goto("/c/hangzhou/")
    nav_to(page, "Reviews", "Review subsidy claims")
    page.get_by_label("Period").select_option(label=period)
    page.get_by_role("button", name="Show").click()
    shot("bureau queue filtered by period")
    page.get_by_role("row").filter(has_text="Alibaba").get_by_role("link").click()
    page.get_by_role("heading", name=f"Subsidy claim {period}").wait_for()
    first = line_rows(page).first
    first.get_by_label("Approved amount (CNY)").fill("4000.00")
    first.get_by_label("Comment").fill("九月有一周未到岗，按实际出勤核减。")
    first.get_by_role("button", name="Reduce to this amount").click()
    page.get_by_text("is reduced.").wait_for()
    for n in range(1, 4):
        line_rows(page).nth(n).get_by_role("button", name="Approve in full").click()
        page.get_by_text("is approved.").wait_for()
    assert "¥22,000.00 so far" in page.locator("table.subsidy-lines tfoot").inner_text()
    shot("lines decided")
    page.get_by_role("button", name="Partly approve the claim").click()
    page.get_by_text("Another bureau member must give the second one.").wait_for()
    assert page.get_by_role("button", name="Give the second approval").count() == 0
    shot("first approval, waiting for a second")
    sign_out(page)

    # A second bureau member approves; the payment is recorded.
    sign_in(page, "bureau2.hangzhou@demo.example")
    page.goto("/notifications/")
    page.get_by_role(
        "button", name=f"Second approval needed: Alibaba (China) Co., Ltd., {period}"
    ).wait_for()
    shot("second bureau member is asked")
    page.goto("/c/hangzhou/subsidies/review/?status=second_approval")
    page.get_by_role("row").filter(has_text="Alibaba").get_by_role("link").click()
    page.get_by_role("button", name="Give the second approval").click()
    page.get_by_text("The claim is partly approved; the enterprise is told.").wait_for()
    page.get_by_label("Payment reference").fill(f"GK{year}Q{quarter}-0017")
    shot("second approval given")
    page.get_by_role("button", name="Mark as paid").click()
    page.get_by_text("The payment is recorded; the enterprise is told.").wait_for()
    shot("claim paid")
    sign_out(page)

    claim = SubsidyClaim.objects.get(
        base__enterprise__name_en__startswith="Alibaba", period_year=year, period_number=quarter
    )
    assert claim.status == SubsidyClaim.Status.PAID
    assert (claim.claimed_amount, claim.approved_amount) == (24000, 22000)
    assert claim.first_approved_by.email == "bureau.hangzhou@demo.example"
    assert claim.second_approved_by.email == "bureau2.hangzhou@demo.example"

    # The enterprise reads each decision in its notifications, then the claim's history.
    page.set_viewport_size(PHONE)
    sign_in(page, "hr.alibaba@demo.example")
    page.goto("/notifications/")
    for title in (
        f"Subsidy claim under review: {period}",
        "Subsidy line reduced:",
        f"Subsidy claim approved once, awaiting a second approval: {period}",
        f"Subsidy claim partly approved: {period}",
        f"Subsidy paid: {period}",
    ):
        assert page.get_by_role("button", name=title).count() >= 1, title
    page.get_by_text("From ¥6,000.00 to ¥4,000.00. Comment: 九月有一周未到岗").wait_for()
    shot("enterprise notifications (phone)")
    page.get_by_role("button", name=f"Subsidy paid: {period}").click()
    page.get_by_role("heading", name=f"Subsidy claim {period}").wait_for()
    paid = page.get_by_role("status").filter(has_text=f"payment reference GK{year}Q{quarter}-0017")
    assert "¥22,000.00 paid on" in paid.inner_text()
    shot("paid claim and its history (phone)")
    page.set_viewport_size(DESKTOP)
    shot("paid claim and its history (desktop)")
