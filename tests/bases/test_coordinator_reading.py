"""Coordinators run their center: they read its bases and applications, and decide nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bases.models import TrainingBase
from mentorship.models import Role
from tests.bases.factories import EnterpriseFactory, PositionFactory, TrainingBaseFactory, pdf_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

DECISION_WORDS = ("Start review", "Recognize as a base", "Return to the enterprise", "Reject")


def url(center, name, **kwargs):
    return reverse(f"center:bases:{name}", kwargs={"center_slug": center.slug, **kwargs})


@pytest.fixture
def coordinator(center, member_factory):
    return member_factory(center, Role.COORDINATOR)


@pytest.fixture
def waiting(center, rep):
    enterprise = EnterpriseFactory(representatives=[rep])
    enterprise.business_licence.save("licence.pdf", pdf_file(), save=True)
    return TrainingBaseFactory(center=center, enterprise=enterprise, under_review=True)


def test_console_links_to_the_bases_it_counts(client, center, coordinator, recognized, waiting):
    client.force_login(coordinator)
    console = client.get(reverse("center:console", kwargs={"center_slug": center.slug}))
    html = console.content.decode()
    waiting_link = re.search(r'href="([^"]+)">1 application waiting for review', html).group(1)
    recognized_link = re.search(r'href="([^"]+)">See the bases', html).group(1)

    waiting_page = client.get(waiting_link.replace("&amp;", "&"))
    assert waiting_page.status_code == 200
    assert [base.pk for base in waiting_page.context["page"]] == [waiting.pk]
    assert "Training bases of the center" in waiting_page.content.decode()
    assert "Review base applications" not in waiting_page.content.decode()

    recognized_page = client.get(recognized_link)
    assert [base.pk for base in recognized_page.context["page"]] == [recognized.pk]


def test_coordinator_reads_an_application_without_decision_buttons(
    client, center, coordinator, waiting
):
    client.force_login(coordinator)
    response = client.get(url(center, "base_detail", pk=waiting.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert str(waiting.enterprise) in html
    assert "the bureau staff decide on it" in html
    for words in DECISION_WORDS:
        assert f">{words}" not in html
    assert url(center, "base_recognize", pk=waiting.pk) not in html


@pytest.mark.parametrize(
    "action", ["base_start_review", "base_recognize", "base_return", "base_reject"]
)
def test_coordinator_cannot_take_a_decision(client, center, coordinator, waiting, action):
    client.force_login(coordinator)
    response = client.post(
        url(center, action, pk=waiting.pk),
        {"recognized_from": "2026-01-01", "recognized_until": "2027-01-01", "comment": "x"},
    )
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == TrainingBase.Status.UNDER_REVIEW


@pytest.mark.parametrize("action", ["base_edit", "base_submit"])
def test_coordinator_cannot_change_the_enterprises_side(client, center, coordinator, draft, action):
    client.force_login(coordinator)
    assert client.post(url(center, action, pk=draft.pk)).status_code == 403


def test_a_draft_stays_the_enterprises_own(client, center, coordinator, draft):
    client.force_login(coordinator)
    assert client.get(url(center, "base_detail", pk=draft.pk)).status_code == 404


def test_coordinator_reads_the_enterprise_but_not_its_licence(client, center, coordinator, waiting):
    client.force_login(coordinator)
    enterprise = waiting.enterprise
    html = client.get(url(center, "enterprise_detail", pk=enterprise.pk)).content.decode()
    assert enterprise.name_zh in html
    assert url(center, "enterprise_licence", pk=enterprise.pk) not in html
    assert url(center, "enterprise_edit", pk=enterprise.pk) not in html
    assert client.get(url(center, "enterprise_licence", pk=enterprise.pk)).status_code == 403


def test_coordinator_reads_positions_without_changing_them(client, center, coordinator, recognized):
    position = PositionFactory(base=recognized, status="draft", published_at=None)
    client.force_login(coordinator)
    listing = client.get(url(center, "base_positions", pk=recognized.pk)).content.decode()
    assert position.title in listing
    assert url(center, "position_create", pk=recognized.pk) not in listing
    page = client.get(url(center, "position_detail", pk=position.pk)).content.decode()
    assert position.title in page
    assert url(center, "position_publish", pk=position.pk) not in page
    assert client.post(url(center, "position_publish", pk=position.pk)).status_code == 403


def test_coordinator_of_another_center_sees_nothing(
    client, center, other_center, member_factory, waiting
):
    client.force_login(member_factory(other_center, Role.COORDINATOR))
    assert client.get(url(center, "base_detail", pk=waiting.pk)).status_code == 404
    assert client.get(url(other_center, "base_detail", pk=waiting.pk)).status_code == 404


def test_coordinators_list_queries_do_not_grow_with_rows(
    client, center, coordinator, django_assert_max_num_queries
):
    path = url(center, "base_queue") + "?status=all"
    client.force_login(coordinator)
    for _ in range(3):
        TrainingBaseFactory(center=center, submitted=True)
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for _ in range(27):
        TrainingBaseFactory(center=center, submitted=True)
    with django_assert_max_num_queries(len(few)):
        page = client.get(path).context["page"]
    assert len(page) == 25 and page.has_next
