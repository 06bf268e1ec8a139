"""Lists keep a constant number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.bases.factories import (
    ApplicationFactory,
    EnterpriseFactory,
    PositionFactory,
    TrainingBaseFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def add_queue_rows(center, n):
    for _ in range(n):
        TrainingBaseFactory(center=center, submitted=True)


def add_positions(base, n):
    for _ in range(n):
        position = PositionFactory(base=base)
        ApplicationFactory(position=position)
        ApplicationFactory(position=position, status="withdrawn")


def test_bureau_queue_queries_do_not_grow_with_rows(
    client, center, bureau, django_assert_max_num_queries
):
    path = reverse("center:bases:base_queue", kwargs={"center_slug": center.slug})
    client.force_login(bureau)
    add_queue_rows(center, 3)
    few = count_queries(client, path + "?status=all")
    add_queue_rows(center, 27)
    with django_assert_max_num_queries(few):
        page = client.get(path + "?status=all").context["page"]
    assert len(page) == 25 and page.has_next


def test_enterprise_positions_list_queries_do_not_grow_with_rows(
    client, center, rep, recognized, django_assert_max_num_queries
):
    path = reverse(
        "center:bases:base_positions", kwargs={"center_slug": center.slug, "pk": recognized.pk}
    )
    client.force_login(rep)
    add_positions(recognized, 3)
    few = count_queries(client, path)
    add_positions(recognized, 27)
    with django_assert_max_num_queries(few):
        response = client.get(path)
    positions = list(response.context["positions"])
    assert len(positions) == 30
    assert {p.applicant_count for p in positions} == {1}


def test_enterprise_applications_list_queries_do_not_grow_with_rows(
    client, center, rep, django_assert_max_num_queries
):
    path = reverse("center:bases:base_list", kwargs={"center_slug": center.slug})
    client.force_login(rep)

    def add(n):
        for _ in range(n):
            enterprise = EnterpriseFactory(representatives=[rep])
            base = TrainingBaseFactory(center=center, enterprise=enterprise, recognized=True)
            PositionFactory(base=base)

    add(3)
    few = count_queries(client, path)
    add(27)
    with django_assert_max_num_queries(few):
        assert client.get(path).status_code == 200
