"""Tenant isolation over every center URL (see tests/isolation.py for how URLs join)."""

import pytest
from django.urls import reverse

from mentorship.models import Role, ServiceCenter
from tests.isolation import ROW_MAKERS, center_urls, load_row_makers, make_row, needs_row
from tests.junk import JUNK_VALUES, JunkRun

load_row_makers()
URLS = center_urls()
ALL_ROLES = tuple(Role.values)


def path_for(url, center, row) -> str:
    return reverse(url.name, kwargs={"center_slug": center.slug, **row.kwargs})


def fetch(client, path):
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    return response


def assert_no_leak(response, row):
    if row.secret:
        assert row.secret not in response.content.decode(), "the row leaked"


def test_matrix_covers_every_center_url():
    names = {url.name for url in URLS}
    assert {"center:home", "center:members", "center:invitation_revoke"} <= names


@pytest.mark.parametrize("url", URLS, ids=str)
def test_url_declares_who_may_open_it(url):
    assert url.access is not None, (
        f"{url.name}: decorate the view with @center_public or @center_member(...)"
    )


@pytest.mark.parametrize("url", [u for u in URLS if needs_row(u)], ids=str)
def test_url_with_a_row_has_a_row_maker(url):
    assert url.name in ROW_MAKERS, f"add a row maker for {url.name} in tests/isolation_rows.py"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in URLS if u.access != "public"], ids=str)
def test_member_of_another_center_gets_404(client, url, center, other_center, member_factory):
    row = make_row(url, center)
    client.force_login(member_factory(other_center, *ALL_ROLES))
    response = fetch(client, path_for(url, center, row))
    assert response.status_code == 404
    assert_no_leak(response, row)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in URLS if needs_row(u)], ids=str)
def test_row_of_another_center_is_404_through_own_center(
    client, url, center, other_center, member_factory
):
    row = make_row(url, center)
    client.force_login(member_factory(other_center, *ALL_ROLES))
    response = fetch(client, path_for(url, other_center, row))
    assert response.status_code == 404
    assert_no_leak(response, row)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in URLS if u.access != "public"], ids=str)
def test_anonymous_visitor_is_sent_to_sign_in(client, url, center):
    row = make_row(url, center)
    response = fetch(client, path_for(url, center, row))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert_no_leak(response, row)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in URLS if isinstance(u.access, tuple)], ids=str)
def test_member_in_a_wrong_role_gets_403(client, url, center, member_factory):
    row = make_row(url, center)
    wrong_roles = [role for role in ALL_ROLES if role not in url.access]
    client.force_login(member_factory(center, *wrong_roles))
    response = fetch(client, path_for(url, center, row))
    assert response.status_code == 403
    assert_no_leak(response, row)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in URLS if u.access != "public"], ids=str)
def test_member_in_the_right_role_reaches_the_page(client, url, center, member_factory):
    """The positive control: the refusals above are about the visitor, not a broken URL."""
    row = make_row(url, center)
    roles = url.access if isinstance(url.access, tuple) else (Role.STUDENT,)
    client.force_login(member_factory(center, row.role or roles[0]))
    response = fetch(client, path_for(url, center, row))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert not response.url.startswith(reverse("account_login"))
    else:
        body = response.content.decode() if not response.streaming else ""
        if row.secret:
            assert row.secret in body
        if "<title>" in body:
            assert "<" not in body.split("<title>")[1].split("</title>")[0], "markup in <title>"


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS, ids=str)
def test_unknown_center_slug_is_404(client, url, center, member_factory):
    row = make_row(url, center)
    client.force_login(member_factory(center, *ALL_ROLES))
    response = fetch(
        client, reverse(url.name, kwargs={"center_slug": "no-such-center", **row.kwargs})
    )
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS, ids=str)
def test_center_still_applying_is_404_even_for_its_members(client, url, member_factory):
    applying = ServiceCenter.objects.create(
        slug="applying",
        name_zh="申请中",
        name_en="Applying",
        city="杭州",
        host_institution="某大学",
        status=ServiceCenter.Status.APPLIED,
    )
    row = make_row(url, applying)
    client.force_login(member_factory(applying, *ALL_ROLES))
    response = fetch(client, path_for(url, applying, row))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS, ids=str)
def test_junk_in_the_query_string_never_breaks_a_page(client, url, center, member_factory):
    """Bad input gets a message or is ignored; it never becomes a server error."""
    row = make_row(url, center)
    roles = url.access if isinstance(url.access, tuple) else (Role.STUDENT,)
    client.force_login(member_factory(center, row.role or roles[0]))
    run = JunkRun(client)
    run.query(path_for(url, center, row))
    run.assert_no_server_error()


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS, ids=str)
def test_junk_posted_to_a_page_never_breaks_it(client, url, center, member_factory):
    row = make_row(url, center)
    roles = url.access if isinstance(url.access, tuple) else (Role.STUDENT,)
    client.force_login(member_factory(center, row.role or roles[0]))
    run = JunkRun(client)
    run.post(path_for(url, center, row), family=lambda name: name.startswith("center:"))
    run.assert_no_server_error()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in URLS if u.id_kwargs], ids=str)
def test_an_id_too_large_for_any_row_is_404(client, url, center, member_factory):
    row = make_row(url, center)
    roles = url.access if isinstance(url.access, tuple) else (Role.STUDENT,)
    client.force_login(member_factory(center, row.role or roles[0]))
    huge = dict.fromkeys(url.id_kwargs, int(JUNK_VALUES[0]))
    path = reverse(url.name, kwargs={"center_slug": center.slug, **row.kwargs, **huge})
    run = JunkRun(client)
    for method in ("get", "post"):
        response, _ = run.send(method, path, {})
        assert response is None or response.status_code in (404, 405)
    run.assert_no_server_error()
