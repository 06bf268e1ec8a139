"""Every page of the isolation and site matrices works with the connection under the app
role, whom row-level security binds: the middleware, the tasks a page runs and the named
paths across centers set the database's scope on every path (mentorship/rls.py)."""

import pytest
from django.urls import reverse

from mentorship.models import Role
from mentorship.notifications import notify
from tests.factories import UserFactory
from tests.isolation import center_urls, load_row_makers, make_row, site_urls
from tests.test_isolation import fetch, path_for

load_row_makers()


@pytest.mark.parametrize("url", center_urls(), ids=str)
def test_center_page_works_under_the_app_role(client, url, center, member_factory, app_role):
    row = make_row(url, center)
    roles = url.access if isinstance(url.access, tuple) else (Role.STUDENT,)
    client.force_login(member_factory(center, row.role or roles[0]))
    path = path_for(url, center, row)
    # A public page may answer 404 for what the center lacks (a logo): as without RLS.
    expected = (fetch(client, path).status_code,) if url.access == "public" else (200, 302)
    app_role.on()
    response = fetch(client, path)
    assert response.status_code in expected
    if response.status_code == 302:
        assert not response.url.startswith(reverse("account_login"))
    elif row.secret and url.access != "public" and not response.streaming:
        assert row.secret in response.content.decode(), "the row is visible in its center"


@pytest.mark.parametrize("url", site_urls(), ids=str)
def test_site_page_works_under_the_app_role(client, url, center, member_factory, app_role):
    staff = member_factory(center, *Role.values, user=UserFactory(is_program_staff=True))
    notify(staff, "welcome", title="hello", url="/")
    row = make_row(url, center)
    client.force_login(staff)
    app_role.on()
    response = fetch(client, reverse(url.name, kwargs=row.kwargs))
    assert response.status_code < 500
