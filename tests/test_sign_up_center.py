"""Signing up from a center's page: that center is the one chosen on the form."""

import re

import pytest
from django.urls import reverse

from mentorship.models import ServiceCenter
from tests.factories import ServiceCenterFactory

pytestmark = pytest.mark.django_db


def chosen_center(page: str) -> str:
    """The option a browser shows chosen: the one marked selected, else the first."""
    select = re.search(r'<select name="center".*?</select>', page, re.S).group(0)
    selected = re.search(r'<option value="(\d+)"[^>]*selected', select)
    return (selected or re.search(r'<option value="(\d+)"', select)).group(1)


@pytest.fixture
def hangzhou(db):
    # The first center: the one the form offers when nothing else is known.
    return ServiceCenterFactory(slug="hangzhou", name_en="Hangzhou", name_zh="杭州")


def test_sign_up_links_on_a_center_page_name_the_center(client, hangzhou, center):
    page = client.get(reverse("center:home", kwargs={"center_slug": center.slug})).content.decode()
    links = re.findall(r'href="(/accounts/signup/[^"]*)"', page)
    assert links, "the center page offers no sign-up"
    assert all(link == f"/accounts/signup/?center={center.slug}" for link in links)


def test_sign_up_from_a_center_has_that_center_chosen(client, hangzhou, center):
    page = client.get(reverse("account_signup"), {"center": center.slug}).content.decode()
    assert chosen_center(page) == str(center.pk)


@pytest.mark.parametrize("status", [ServiceCenter.Status.APPLIED, ServiceCenter.Status.SUSPENDED])
def test_a_center_closed_to_sign_ups_falls_back_to_the_first(client, hangzhou, center, status):
    center.status = status
    center.save()
    page = client.get(reverse("account_signup"), {"center": center.slug}).content.decode()
    assert chosen_center(page) == str(hangzhou.pk)
    assert center.name_en not in page


@pytest.mark.parametrize("slug", ["no-such-center", "x" * 300, "'; DROP TABLE x; --"])
def test_an_unknown_center_falls_back_to_the_first(client, hangzhou, center, slug):
    response = client.get(reverse("account_signup"), {"center": slug})
    assert response.status_code == 200
    assert chosen_center(response.content.decode()) == str(hangzhou.pk)


def test_a_suspended_centers_page_offers_no_preselected_sign_up(client, hangzhou, center):
    center.status = ServiceCenter.Status.SUSPENDED
    center.save()
    page = client.get(reverse("center:home", kwargs={"center_slug": center.slug})).content.decode()
    assert f"?center={center.slug}" not in page
