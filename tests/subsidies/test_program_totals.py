"""Program staff's totals per center and period add up the claim rows the page shows."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from mentorship.scoping import center_scope
from subsidies import services
from subsidies.models import SubsidyClaim
from tests.factories import UserFactory
from tests.subsidies.factories import (
    approve_all_lines,
    approved_claim,
    internship_base,
    placement,
    submitted_claim,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

C = SubsidyClaim.Status
HIGH, LOW = Decimal("100000.00"), Decimal("1000.00")


def _base_with_interns(center, rep):
    base = internship_base(center, rep)
    placement(base, date(2025, 6, 1), date(2025, 12, 1))
    placement(base, date(2025, 7, 16), date(2026, 1, 16))
    return base


def _threshold(center, amount):
    center.second_approval_threshold = amount
    center.save(update_fields=["second_approval_threshold"])


@pytest.fixture
def claims_in_every_state(center, rep, bureau, bureau2):
    """One claim per state for 2025 Q3, each of its own base."""
    claims = {}
    _threshold(center, HIGH)
    claims["approved"] = approved_claim(center, rep, _base_with_interns(center, rep), bureau)
    partly = submitted_claim(center, rep, _base_with_interns(center, rep))
    approve_all_lines(center, bureau, partly, reduce_first_to="1000.00")
    with center_scope(center):
        claims["partly"] = services.subsidy_claim_approve(center=center, actor=bureau, claim=partly)
    paid = approved_claim(center, rep, _base_with_interns(center, rep), bureau)
    with center_scope(center):
        claims["paid"] = services.subsidy_claim_mark_paid(
            center=center, actor=bureau, claim=paid, payment_reference="GK2025000001"
        )
    claims["submitted"] = submitted_claim(center, rep, _base_with_interns(center, rep))
    _threshold(center, LOW)
    claims["awaiting"] = approved_claim(center, rep, _base_with_interns(center, rep), bureau)
    claims["twice"] = approved_claim(center, rep, _base_with_interns(center, rep), bureau, bureau2)
    statuses = {name: claim.status for name, claim in claims.items()}
    assert statuses == {
        "approved": C.APPROVED,
        "partly": C.PARTLY_APPROVED,
        "paid": C.PAID,
        "submitted": C.SUBMITTED,
        "awaiting": C.SECOND_APPROVAL,
        "twice": C.APPROVED,
    }
    return claims


def _money(text: str) -> Decimal:
    text = text.strip()
    return Decimal("0") if text in ("—", "") else Decimal(re.sub(r"[¥,]", "", text))


def _column(html: str, label: str) -> list[Decimal]:
    cells = re.findall(rf'<td data-label="{label}" class="subsidy-money">([^<]*)</td>', html)
    return [_money(cell) for cell in cells]


def _tables(client, **params):
    html = client.get(reverse("program_subsidies"), params).content.decode()
    totals, rows = html.split("<h2>Claims</h2>")
    return totals, rows


def test_each_total_is_the_sum_of_the_rows_shown(client, center, claims_in_every_state):
    client.force_login(UserFactory(is_program_staff=True))
    totals, rows = _tables(client)
    shown = _column(rows, "Approved")
    assert len(shown) == len(claims_in_every_state)
    assert _column(totals, "Approved") == [sum(shown)]
    assert _column(totals, "Claimed") == [sum(_column(rows, "Claimed"))]
    claims = claims_in_every_state
    decided = ("approved", "partly", "paid", "twice")
    assert sum(shown) == sum(claims[name].approved_amount for name in decided)
    assert _column(totals, "Paid") == [claims["paid"].approved_amount]
    # A first approval waiting for its second is not approved yet, in its row as in the total.
    assert claims["awaiting"].approved_amount > 0
    assert shown.count(Decimal("0")) == 2  # the submitted claim and the one awaiting


@pytest.mark.parametrize(
    "status", [C.APPROVED, C.PARTLY_APPROVED, C.SECOND_APPROVAL, C.PAID, C.SUBMITTED]
)
def test_the_totals_follow_the_status_filter_like_the_rows(
    client, center, claims_in_every_state, status
):
    client.force_login(UserFactory(is_program_staff=True))
    totals, rows = _tables(client, status=status)
    assert _column(totals, "Approved") == [sum(_column(rows, "Approved"))]
    assert _column(totals, "Claimed") == [sum(_column(rows, "Claimed"))]


def test_the_claim_page_names_a_first_approval_apart_from_the_approved_amount(
    client, center, bureau, claims_in_every_state
):
    claim = claims_in_every_state["awaiting"]
    client.force_login(bureau)
    page = client.get(
        reverse(
            "center:subsidies:claim_detail", kwargs={"center_slug": center.slug, "pk": claim.pk}
        )
    ).content.decode()
    facts = page.split('<dl class="bases-facts">')[1].split("</dl>")[0]
    assert "<dt>Approved</dt>" not in facts
    assert "First approval" in facts
