"""Pages stay at a constant number of queries however many rows they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from students.models import Application
from tests.students.factories import (
    ApplicationFactory,
    EnterpriseFactory,
    PlacementFactory,
    PositionFactory,
    TrainingBaseFactory,
)


def u(center, name, **kwargs):
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


def count_queries(client, url, params=None) -> int:
    # Counted with a cold cache: the worst case, when the search filters are looked up too.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_positions(center, n):
    for _ in range(n):
        # Each on its own base and enterprise, so a missing select_related would show.
        base = TrainingBaseFactory(center=center, enterprise=EnterpriseFactory())
        PositionFactory(base=base, title=f"数据 analyst {base.pk}")


@pytest.mark.parametrize("params", [{}, {"q": "数据"}, {"q": "analyst", "sort": "stipend"}])
def test_search_queries_do_not_grow_with_rows(
    client, world, unscoped, params, django_assert_max_num_queries
):
    client.force_login(world.student)
    url = u(world.center, "position_search")
    add_positions(world.center, 2)
    few = count_queries(client, url, params)
    add_positions(world.center, 27)
    many = count_queries(client, url, params)
    assert many == few
    with django_assert_max_num_queries(few):
        assert len(client.get(url, params).context["page"].object_list) == 20


def test_anonymous_search_is_cheap(client, world, unscoped, django_assert_max_num_queries):
    add_positions(world.center, 30)
    with django_assert_max_num_queries(6):
        client.get(u(world.center, "position_search"), {"q": "数据"})


def test_applicant_list_queries_do_not_grow_with_rows(
    client, world, unscoped, django_assert_max_num_queries
):
    client.force_login(world.rep)
    url = u(world.center, "position_applicants", pk=world.position.pk)
    for _ in range(3):
        ApplicationFactory(position=world.position)
    few = count_queries(client, url)
    for _ in range(27):
        ApplicationFactory(position=world.position)
    assert Application.objects.filter(position=world.position).count() == 30
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 20
    assert count_queries(client, url, {"status": "submitted"}) == few


def test_student_and_placement_lists_queries_do_not_grow(client, world, unscoped):
    client.force_login(world.coordinator)
    url = u(world.center, "placement_list")
    for _ in range(3):
        PlacementFactory(application=ApplicationFactory(position=world.position, status="accepted"))
    few = count_queries(client, url)
    for _ in range(27):
        PlacementFactory(application=ApplicationFactory(position=world.position, status="accepted"))
    assert count_queries(client, url) == few

    profile = world.profile
    client.force_login(world.student)
    url = u(world.center, "my_applications")
    for _ in range(3):
        ApplicationFactory(
            student=profile, position=PositionFactory(base=TrainingBaseFactory(center=world.center))
        )
    few = count_queries(client, url)
    for _ in range(27):
        ApplicationFactory(
            student=profile, position=PositionFactory(base=TrainingBaseFactory(center=world.center))
        )
    assert count_queries(client, url) == few

    client.force_login(world.rep)
    url = u(world.center, "applicant_positions")
    few = count_queries(client, url)
    for _ in range(10):
        PositionFactory(base=world.base)
    assert count_queries(client, url) == few
