"""What the busiest pages keep rendered in the cache (the applicants' rows, the search's
filters, the center's menu, the signed-in account) shows a change at once."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship.models import Role
from mentorship.scoping import center_scope
from students import services
from students.models import Application
from tests.students.factories import ApplicationFactory


def u(center, name, **kwargs):
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


def test_a_warm_applicants_page_asks_only_for_its_position_and_rows(
    client, world, unscoped, django_assert_max_num_queries
):
    for _ in range(5):
        ApplicationFactory(position=world.position)
    client.force_login(world.rep)
    url = u(world.center, "position_applicants", pk=world.position.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert len(response.context["rows"]) == 5
    # The position and one page of applicants; not the account, nor the counts per state
    # (kept; tests/students/test_pages.py changes them).
    # (Sessions live in the database where no cache server is configured.)
    tables = [re.search(r"FROM (\S+)", q["sql"])[1] for q in warm.captured_queries]
    assert [t for t in tables if t != '"django_session"'] == [
        '"bases_position"',
        '"students_application"',
    ]
    assert not [q for q in warm.captured_queries if "GROUP BY" in q["sql"]]


def test_an_applicant_moved_on_shows_in_the_list_at_once(client, world, unscoped):
    application = ApplicationFactory(position=world.position)
    client.force_login(world.rep)
    url = u(world.center, "position_applicants", pk=world.position.pk)
    assert "status-submitted" in client.get(url).content.decode()
    with center_scope(world.center):
        services.application_move(
            center=world.center,
            actor=world.rep,
            application=application,
            to=Application.Status.SHORTLISTED,
        )
    page = client.get(url).content.decode()
    assert "status-shortlisted" in page
    assert "status-submitted" not in page


def test_a_students_changed_profile_shows_in_the_applicants_list_at_once(client, world, unscoped):
    application = ApplicationFactory(position=world.position)
    client.force_login(world.rep)
    url = u(world.center, "position_applicants", pk=world.position.pk)
    client.get(url)
    profile = application.student
    profile.major = "海洋考古学"
    profile.save()
    assert "海洋考古学" in client.get(url).content.decode()


def test_the_search_filters_show_the_values_asked_for(client, world, unscoped):
    url = u(world.center, "position_search")
    client.get(url)
    first = client.get(url, {"q": "数据"}).content.decode()
    second = client.get(url, {"q": "市场"}).content.decode()
    assert 'value="数据"' in first
    assert 'value="市场"' in second and 'value="数据"' not in second


def test_a_new_role_shows_its_menu_at_once(client, world, member_factory):
    client.force_login(world.student)
    url = u(world.center, "position_search")
    console = reverse("center:console", kwargs={"center_slug": world.center.slug})
    assert console not in client.get(url).content.decode()
    member_factory(world.center, Role.COORDINATOR, user=world.student)
    assert console in client.get(url).content.decode()


def test_a_renamed_account_shows_at_once(client, world):
    client.force_login(world.student)
    url = u(world.center, "position_search")
    client.get(url)
    world.student.name = "新名字同学"
    world.student.save()
    assert client.get(url).context["user"].name == "新名字同学"


def test_a_changed_password_signs_the_other_sessions_out_at_once(client, world):
    client.force_login(world.student)
    url = u(world.center, "student_home")
    assert client.get(url).status_code == 200
    world.student.set_password("a-new-long-password-2026")
    world.student.save()
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_warm_center_home_asks_the_database_nothing(
    client, world, unscoped, django_assert_max_num_queries
):
    url = reverse("center:home", kwargs={"center_slug": world.center.slug})
    client.get(url)
    with django_assert_max_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["panels"]
