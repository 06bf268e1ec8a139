"""Background reports: the file, formula neutralizing, who may download, the worker."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from mentorship.models import Notification, Report, Role
from mentorship.reports import report_request, safe_cell
from mentorship.scoping import center_scope
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("张三", "张三"),
        (-2, -2),
    ],
)
def test_formula_like_text_is_neutralized(value, shown):
    assert safe_cell(value) == shown


def request_members_report(center, coordinator, file_format, capture):
    # Reports speak the requester's language; these assertions read English.
    coordinator.language = "en"
    coordinator.save()
    with capture(execute=True), center_scope(center):
        return report_request(
            actor=coordinator, center=center, kind="center_members", file_format=file_format
        )


def test_members_report_as_csv(center, coordinator, django_capture_on_commit_callbacks):
    MembershipFactory(center=center, user=UserFactory(name='=HYPERLINK("x")'))
    report = request_members_report(center, coordinator, "csv", django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert (report.status, report.progress, report.row_count) == ("done", 100, 2)
    rows = list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Email address", "Role", "Joined"]
    assert [r[0] for r in rows if "HYPERLINK" in r[0]] == ['\'=HYPERLINK("x")']
    notification = Notification.objects.get(user=coordinator, kind="report_ready")
    assert notification.url == reverse(
        "center:report", kwargs={"center_slug": center.slug, "pk": report.pk}
    )


def test_members_report_as_xlsx(center, coordinator, django_capture_on_commit_callbacks):
    report = request_members_report(center, coordinator, "xlsx", django_capture_on_commit_callbacks)
    report.refresh_from_db()
    sheet = load_workbook(report.file.open("rb")).active
    values = list(sheet.values)
    assert values[0] == ("Name", "Email address", "Role", "Joined")
    assert values[1][1] == coordinator.email


def test_report_task_runs_once(center, coordinator, django_capture_on_commit_callbacks):
    from mentorship.reports import report_generate

    report = request_members_report(center, coordinator, "csv", django_capture_on_commit_callbacks)
    assert report_generate(report_id=report.pk) is False
    assert Notification.objects.filter(kind="report_ready").count() == 1


def test_only_the_kinds_roles_may_request(center, member_factory):
    student = member_factory(center, Role.STUDENT)
    with center_scope(center), pytest.raises(PermissionDenied):
        report_request(actor=student, center=center, kind="center_members")
    assert not Report.objects.exists()


def test_download_is_for_allowed_people_of_that_center_only(
    client, center, other_center, coordinator, member_factory, django_capture_on_commit_callbacks
):
    report = request_members_report(center, coordinator, "csv", django_capture_on_commit_callbacks)
    url = reverse("center:report_download", kwargs={"center_slug": center.slug, "pk": report.pk})
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert coordinator.email in b"".join(response.streaming_content).decode("utf-8-sig")
    client.force_login(member_factory(center, Role.BUREAU))
    assert client.get(url).status_code == 404
    client.force_login(member_factory(other_center, Role.COORDINATOR))
    assert client.get(url).status_code == 404


def test_export_button_starts_a_report_and_shows_its_page(
    client, center, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("center:members_export", kwargs={"center_slug": center.slug}),
            {"format": "csv"},
        )
    report = Report.objects.get()
    assert response.url == reverse(
        "center:report", kwargs={"center_slug": center.slug, "pk": report.pk}
    )
    page = client.get(response.url)
    assert "Download" in page.content.decode()


def test_sweep_restarts_lost_reports_and_gives_up_on_abandoned_ones(center, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    from mentorship.tasks import sweep_stuck_jobs_task

    coordinator.language = "en"
    coordinator.save()
    lost = Report.objects.create(center=center, kind="center_members", requested_by=coordinator)
    abandoned = Report.objects.create(
        center=center, kind="center_members", requested_by=coordinator, status="running"
    )
    fresh = Report.objects.create(center=center, kind="center_members", requested_by=coordinator)
    Report.objects.filter(pk__in=[lost.pk, abandoned.pk]).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    assert sweep_stuck_jobs_task() == {
        "imports": 0,
        "instant_alerts": 0,
        "reports": 1,
        "abandoned": 1,
    }
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: "done", abandoned.pk: "failed", fresh.pk: "queued"}
