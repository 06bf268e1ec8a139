"""Claim lists and the claim page keep a constant number of queries however many rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship.models import Role
from subsidies.models import SubsidyClaim
from tests.factories import UserFactory
from tests.subsidies.factories import (
    approve_all_lines,
    claim_row,
    internship_base,
    placement,
    submitted_claim,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


def count_queries(client, path, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data)
    assert response.status_code == 200
    return len(queries)


def add_claims(center, base, approver, first, n):
    for number in range(first, first + n):
        claim_row(
            center,
            base,
            number,
            status=SubsidyClaim.Status.SECOND_APPROVAL,
            first_approved_by=approver,
        )


def test_bureau_queue_queries_do_not_grow_with_rows(
    client, center, base, bureau, django_assert_max_num_queries
):
    path = reverse("center:subsidies:claim_queue", kwargs={"center_slug": center.slug})
    client.force_login(bureau)
    add_claims(center, base, bureau, 1, 3)
    few = count_queries(client, path, {"status": "all"})
    add_claims(center, base, bureau, 4, 27)
    with django_assert_max_num_queries(few):
        page = client.get(path, {"status": "all"}).context["page"]
    assert len(page) == 25 and page.has_next


def test_enterprise_claim_list_queries_do_not_grow_with_rows(
    client, center, rep, base, django_assert_max_num_queries
):
    path = reverse("center:subsidies:claim_list", kwargs={"center_slug": center.slug})
    client.force_login(rep)
    add_claims(center, base, None, 1, 3)
    few = count_queries(client, path)
    add_claims(center, base, None, 4, 27)
    with django_assert_max_num_queries(few):
        response = client.get(path)
    assert len(response.context["claims"]) == 30


def test_claim_page_queries_do_not_grow_with_lines(
    client, center, member_factory, bureau, django_assert_max_num_queries
):
    def claim_with(n):
        rep = member_factory(center, Role.ENTERPRISE)
        base = internship_base(center, rep)
        for _ in range(n):
            placement(base, date(2025, 6, 1), date(2025, 12, 1))
        placement(base, date(2025, 7, 1), date(2025, 11, 1), terminated_on=date(2025, 7, 20))
        claim = submitted_claim(center, rep, base)
        approve_all_lines(center, bureau, claim)
        return reverse(
            "center:subsidies:claim_detail", kwargs={"center_slug": center.slug, "pk": claim.pk}
        )

    client.force_login(bureau)
    few = count_queries(client, claim_with(3))
    many = claim_with(30)
    with django_assert_max_num_queries(few):
        response = client.get(many)
    assert len(response.context["included"]) == 30
    assert len(response.context["excluded"]) == 1


def test_program_page_queries_do_not_grow_with_rows(
    client, center, other_center, base, django_assert_max_num_queries
):
    client.force_login(UserFactory(is_program_staff=True))
    path = reverse("program_subsidies")
    other_base = internship_base(other_center)
    add_claims(center, base, None, 1, 3)
    few = count_queries(client, path)
    add_claims(center, base, None, 4, 27)
    add_claims(other_center, other_base, None, 1, 30)
    with django_assert_max_num_queries(few):
        response = client.get(path)
    assert len(response.context["page"]) == 50
    assert len(response.context["totals"]) == 60
