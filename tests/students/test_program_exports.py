"""Program staff's page of exports across centers: every center's applications or placements,
or one center's, through the report framework; nobody else reaches it."""

import pytest
from django.urls import reverse

from mentorship.models import AuditEntry, Report, Role
from students.models import Application
from tests.factories import UserFactory
from tests.students.factories import ApplicationFactory, PlacementFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_program_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def two_centers(world, other_center, unscoped):
    ApplicationFactory(position=world.position, student=world.profile)
    ApplicationFactory(position=PositionFactory(base__center=other_center))
    PlacementFactory(center=world.center)
    return world.center, other_center


def test_the_page_offers_both_exports_with_every_listed_center(client, staff, two_centers):
    _alpha, beta = two_centers
    body = client.get(reverse("program_exports")).content.decode()
    assert reverse("program_applications_export") in body
    assert reverse("program_placements_export") in body
    assert body.count(f'value="{beta.pk}"') == 2  # a center choice in each form
    assert "All centers" in body
    console = client.get(reverse("program_console")).content.decode()
    assert reverse("program_exports") in console
    body = client.get(reverse("program_exports"), headers={"accept-language": "zh-hans"})
    body = body.content.decode()
    assert "各中心数据导出" in body and "导出实习申请" in body and "全部服务中心" in body


def test_every_centers_applications_in_one_file(
    client, staff, two_centers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("program_applications_export"),
            {"applications-file_format": "csv", "applications-center": ""},
        )
    report = Report.objects.get()
    assert response.url == reverse("program_report", kwargs={"pk": report.pk})
    assert (report.center, report.kind, report.format, report.params) == (
        None,
        "applications",
        "csv",
        {},
    )
    report.refresh_from_db()
    # Both centers' rows: more than the one center's alone.
    assert (report.status, report.row_count) == ("done", Application.objects.count())
    assert Application.objects.exclude(center=two_centers[0]).exists()
    assert AuditEntry.objects.filter(verb="report.requested", actor=staff).count() == 1


def test_one_centers_placements_with_its_filters(
    client, staff, two_centers, django_capture_on_commit_callbacks
):
    alpha, _beta = two_centers
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("program_placements_export"),
            {
                "placements-file_format": "xlsx",
                "placements-center": str(alpha.pk),
                "placements-started_from": "2026-01-01",
            },
        )
    report = Report.objects.get()
    assert report.kind == "placements"
    assert report.params == {"center": alpha.pk, "started_from": "2026-01-01"}


def test_bad_days_are_answered_beside_the_form_and_nothing_starts(client, staff, two_centers):
    response = client.post(
        reverse("program_applications_export"),
        {
            "applications-file_format": "csv",
            "applications-applied_from": "2026-03-10",
            "applications-applied_until": "2026-03-01",
            "applications-center": "999999",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The last day comes before the first." in body
    assert "Select a valid choice" in body
    # What was typed is kept.
    assert 'value="2026-03-10"' in body
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.BUREAU, None])
def test_only_program_staff_reach_the_exports(client, world, member_factory, role):
    user = member_factory(world.center, role) if role else UserFactory()
    client.force_login(user)
    assert client.get(reverse("program_exports")).status_code == 403
    response = client.post(
        reverse("program_applications_export"), {"applications-file_format": "csv"}
    )
    assert response.status_code == 403
    assert not Report.objects.exists()
