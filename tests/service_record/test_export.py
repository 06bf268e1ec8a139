"""The export of mentors' records through the report framework: a center's, the program's."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mentorship.models import Report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def export(client, path, capture, **data):
    with capture(execute=True):
        response = client.post(path, data)
    assert response.status_code == 302
    report = Report.objects.get(kind="mentor_records")
    assert response.url.endswith(f"/reports/{report.pk}/")
    assert report.status == Report.Status.DONE
    return report, response


def test_the_coordinator_exports_the_centers_records_as_csv(
    client, world, django_capture_on_commit_callbacks
):
    world.coordinator.language = "en"
    world.coordinator.save()
    client.force_login(world.coordinator)
    path = reverse("center:mentors:records_export", kwargs={"center_slug": world.center.slug})
    report, response = export(
        client, path, django_capture_on_commit_callbacks, year="", file_format="csv"
    )
    raw = report.file.read()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mentor", "Email address", "Organization", "Year"]
    wang = {row[3]: dict(zip(rows[0], row, strict=True)) for row in rows if row[0] == "王导师"}
    assert set(wang) == {"2025", "2026"}
    assert wang["2026"]["Hours of mentoring"] == "2.5"
    assert wang["2026"]["Students reached"] == "3"
    assert wang["2025"]["Talks given"] == "1"
    # The download is the coordinator's.
    download = client.get(response.url + "download/")
    assert download.status_code == 200


def test_the_export_of_one_year_in_xlsx_speaks_chinese(
    client, world, django_capture_on_commit_callbacks
):
    world.coordinator.language = "zh-hans"
    world.coordinator.save()
    client.force_login(world.coordinator)
    path = reverse("center:mentors:records_export", kwargs={"center_slug": world.center.slug})
    report, _response = export(
        client, path, django_capture_on_commit_callbacks, year="2026", file_format="xlsx"
    )
    sheet = load_workbook(io.BytesIO(report.file.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "导师" and "辅导时长（小时）" in rows[0]
    assert {row[0] for row in rows[1:]} == {"王导师", "李导师"}
    assert {row[3] for row in rows[1:]} == {2026}


def test_program_staff_export_every_centers_records(
    client, world, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_program_staff=True, language="en")
    client.force_login(staff)
    report, _response = export(
        client,
        reverse("program_mentor_records_export"),
        django_capture_on_commit_callbacks,
        year="2026",
        file_format="csv",
    )
    rows = list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig"))))
    assert rows[0][0] == "Service center"
    assert {(row[0], row[1]) for row in rows[1:]} == {
        ("Alpha Center", "王导师"),
        ("Alpha Center", "李导师"),
        ("Beta Center", "王导师"),
    }
    assert report.center is None


def test_a_mentor_cannot_export(client, world):
    client.force_login(world.wang)
    path = reverse("center:mentors:records_export", kwargs={"center_slug": world.center.slug})
    assert client.post(path, {"file_format": "csv"}).status_code == 403
