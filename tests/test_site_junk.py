"""Junk in every input of the pages outside /c/<center-slug>/ (program staff's pages,
notifications, the account): the site matrix walks the URLconf like the isolation matrix,
so a new page joins by existing."""

import pytest
from django.urls import reverse

from mentorship.models import Role
from mentorship.notifications import notify
from tests.factories import UserFactory
from tests.isolation import ROW_MAKERS, load_row_makers, make_row, needs_row, site_urls
from tests.junk import JUNK_VALUES, JunkRun

load_row_makers()
URLS = site_urls()
NAMES = frozenset(url.name for url in URLS)


def test_site_matrix_covers_program_and_portal_urls():
    assert {
        "program_applications",
        "program_application",
        "program_subsidies",
        "program_projects",
        "program_project_call",
        "notifications",
        "notification_read",
        "privacy",
    } <= NAMES
    assert not any(name.startswith(("center:", "admin:")) for name in NAMES)
    # Of allauth's pages, only the one our own view serves (sign-up into a center).
    assert {name for name in NAMES if name.startswith("account_")} == {"account_signup"}


@pytest.mark.parametrize("url", [u for u in URLS if needs_row(u)], ids=str)
def test_site_url_with_a_row_has_a_row_maker(url):
    assert url.name in ROW_MAKERS, f"add a row maker for {url.name} in tests/isolation_rows.py"


@pytest.fixture
def staff(center, member_factory):
    """Program staff who also hold every role in a center and have a notification: the
    visitor who sees every form these pages have."""
    user = member_factory(center, *Role.values, user=UserFactory(is_program_staff=True))
    notify(user, "welcome", title="hello", url="/")
    return user


def path_for(url, row) -> str:
    return reverse(url.name, kwargs=row.kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS, ids=str)
def test_junk_in_the_query_string_never_breaks_a_site_page(client, url, center, staff):
    """Bad input gets a message or is ignored; it never becomes a server error."""
    row = make_row(url, center)
    client.force_login(staff)
    run = JunkRun(client)
    run.query(path_for(url, row))
    run.assert_no_server_error()


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS, ids=str)
def test_junk_posted_to_a_site_page_never_breaks_it(client, url, center, staff):
    row = make_row(url, center)
    client.force_login(staff)
    run = JunkRun(client)
    run.post(path_for(url, row), family=NAMES.__contains__)
    run.assert_no_server_error()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in URLS if u.id_kwargs], ids=str)
def test_an_id_too_large_for_any_row_is_404_on_a_site_page(client, url, center, staff):
    row = make_row(url, center)
    client.force_login(staff)
    huge = dict.fromkeys(url.id_kwargs, int(JUNK_VALUES[0]))
    path = reverse(url.name, kwargs={**row.kwargs, **huge})
    run = JunkRun(client)
    for method in ("get", "post"):
        response, _ = run.send(method, path, {})
        assert response is None or response.status_code in (404, 405)
    run.assert_no_server_error()
