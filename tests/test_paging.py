"""The one pager: any page number a browser sends shows a page, never a server error."""

import pytest
from django.urls import reverse

from mentorship.models import Role
from mentorship.paging import MAX_PAGE, page_number, slice_page
from mentorship.request_values import MAX_ID, parse_id, parse_ids
from tests.factories import UserFactory

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        (None, 1),
        ("", 1),
        ("2", 2),
        (" 3 ", 3),
        ("007", 7),
        ("0", 1),
        ("-1", 1),
        ("-99999999999999999999", 1),
        ("1e3", 1),
        ("1_000", 1),
        ("٣", 1),  # an Arabic-Indic three: int() takes it, a page link never carries it
        ("abc", 1),
        ("x" * 5000, 1),
        ("页" * 5000, 1),
        (str(MAX_PAGE), MAX_PAGE),
        (str(MAX_PAGE + 1), MAX_PAGE),
        (HUGE, MAX_PAGE),
        ("9" * 5000, MAX_PAGE),
        (["2"], 1),
    ],
)
def test_page_number_takes_any_junk(raw, number):
    assert page_number(raw) == number


def test_the_last_allowed_page_offers_no_next_page():
    rows = list(range(MAX_PAGE * 2 + 5))
    last = slice_page(rows, HUGE, per_page=2)
    assert last.number == MAX_PAGE
    assert list(last) == [MAX_PAGE * 2 - 2, MAX_PAGE * 2 - 1]
    assert last.has_previous and not last.has_next


@pytest.mark.parametrize(
    ("raw", "pk"),
    [
        ("12", 12),
        (" 12 ", 12),
        (12, 12),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999999", None),
        ("0", None),
        ("-1", None),
        ("1e3", None),
        ("abc", None),
        ("", None),
        (None, None),
        ("x" * 5000, None),
        ("9" * 5000, None),
        ("１２", None),  # full-width digits
    ],
)
def test_parse_id_accepts_only_what_can_name_a_row(raw, pk):
    assert parse_id(raw) == pk


def test_parse_ids_leaves_junk_out():
    assert parse_ids(["3", "x", "-1", "99999999999999999999999", "4"]) == [3, 4]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("center:students:roster", Role.COORDINATOR),
        ("center:subsidies:claim_queue", Role.BUREAU),
        ("center:bases:base_queue", Role.BUREAU),
        ("center:events:list", Role.STUDENT),
        ("center:events:manage", Role.COORDINATOR),
        ("center:students:position_search", Role.STUDENT),
        ("center:students:my_applications", Role.STUDENT),
    ],
)
@pytest.mark.parametrize("page", [HUGE, "9" * 5000, "-1", "0", "x" * 5000])
def test_a_center_list_shows_a_page_for_any_page_number(
    client, center, member_factory, url_name, role, page
):
    client.force_login(member_factory(center, role))
    response = client.get(reverse(url_name, kwargs={"center_slug": center.slug}), {"page": page})
    assert response.status_code == 200
    expected = MAX_PAGE if page.isdigit() and page != "0" else 1
    assert response.context["page"].number == expected


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["program_applications", "program_subsidies"])
def test_a_program_list_shows_its_last_allowed_page_for_a_huge_number(client, url_name):
    client.force_login(UserFactory(is_program_staff=True))
    response = client.get(reverse(url_name), {"page": HUGE})
    assert response.status_code == 200
    assert response.context["page"].number == MAX_PAGE
