"""The center's applications and placements exports: their content, the filters a
coordinator sets, a query count that does not grow with the rows, progress, who may ask."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mentorship.models import AuditEntry, Report, Role
from mentorship.reports import REPORT_KINDS, ReportKind, report_generate, report_request
from mentorship.scoping import center_scope
from students.models import Application, Placement
from tests.factories import UniversityFactory, UserFactory
from tests.students.factories import (
    ApplicationFactory,
    PlacementFactory,
    PositionFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")

APPLICATION_HEADERS = [
    "Application no.",
    "Applied",
    "State",
    "Student",
    "Email address",
    "Student number",
    "University",
    "Major",
    "Degree",
    "Position",
    "Enterprise",
    "City",
    "Source",
    "Last change",
]


def _english(user):
    user.language = "en"
    user.save()
    return user


def _run(center, actor, kind, capture, *, file_format="csv", params=None, scope=True):
    with capture(execute=True):
        if scope:
            with center_scope(center):
                report = report_request(
                    actor=actor, center=center, kind=kind, file_format=file_format, params=params
                )
        else:
            report = report_request(
                actor=actor, center=None, kind=kind, file_format=file_format, params=params
            )
    report.refresh_from_db()
    return report


def _csv(report) -> list[list[str]]:
    return list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig"))))


def _applied(application, when):
    Application.objects.filter(pk=application.pk).update(created_at=when, updated_at=when)


@pytest.fixture
def applications(world, other_center, unscoped):
    """Two applications of the center (one sent on 1 March, one withdrawn on 20 March, by a
    student whose name reads as a formula) and one of another center."""
    world.enterprise.name_en = "=Alpha Tech"
    world.enterprise.save()
    world.profile.university = UniversityFactory(
        center=world.center, name_zh="浙江大学", name_en="Zhejiang University"
    )
    world.profile.save()
    first = ApplicationFactory(position=world.position, student=world.profile, source="fair:3")
    _applied(first, datetime(2026, 3, 1, 9, 15, tzinfo=SHANGHAI))
    tricky = StudentProfileFactory(
        center=world.center,
        user=UserFactory(name='=HYPERLINK("http://evil.example","x")'),
        degree="master",
        university=world.profile.university,
    )
    withdrawn = ApplicationFactory(
        position=world.position, student=tricky, status=Application.Status.WITHDRAWN
    )
    _applied(withdrawn, datetime(2026, 3, 20, 23, 30, tzinfo=SHANGHAI))
    elsewhere = ApplicationFactory(position=PositionFactory(base__center=other_center))
    return first, withdrawn, elsewhere


def test_applications_export_lists_the_centers_applications(
    world, applications, django_capture_on_commit_callbacks
):
    first, withdrawn, _ = applications
    coordinator = _english(world.coordinator)
    report = _run(world.center, coordinator, "applications", django_capture_on_commit_callbacks)
    assert (report.status, report.progress, report.row_count) == ("done", 100, 2)
    rows = _csv(report)
    assert rows[0] == APPLICATION_HEADERS
    student = world.profile
    assert rows[1] == [
        str(first.pk),
        "2026-03-01 09:15",
        "Submitted",
        student.user.name or student.user.email,
        student.user.email,
        student.student_number,
        "Zhejiang University",
        "统计学",
        "Bachelor",
        world.position.title,
        "'=Alpha Tech",  # an enterprise's name cannot run as a formula either
        "杭州",
        "fair:3",
        "2026-03-01 09:15",
    ]
    # The day is Shanghai's (15:30 UTC), the name cannot run, the state is the reader's.
    assert rows[2][:5] == [
        str(withdrawn.pk),
        "2026-03-20 23:30",
        "Withdrawn",
        '\'=HYPERLINK("http://evil.example","x")',
        withdrawn.student.user.email,
    ]
    assert rows[2][8] == "Master"


def test_applications_export_reads_chinese_for_a_chinese_reader(
    world, applications, django_capture_on_commit_callbacks
):
    world.coordinator.language = "zh-hans"
    world.coordinator.save()
    report = _run(
        world.center, world.coordinator, "applications", django_capture_on_commit_callbacks
    )
    rows = _csv(report)
    assert rows[0][:3] == ["申请编号", "申请时间", "状态"]
    assert rows[1][6] == "浙江大学"
    assert rows[2][2] == "已撤回"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "withdrawn"}, "withdrawn"),
        ({"applied_from": "2026-03-02"}, "withdrawn"),
        ({"applied_until": "2026-03-19"}, "first"),
        ({"applied_from": "2026-03-20", "applied_until": "2026-03-20"}, "withdrawn"),
        ({"status": "offered"}, None),
    ],
)
def test_applications_export_filters(
    world, applications, params, expected, django_capture_on_commit_callbacks
):
    first, withdrawn, _ = applications
    report = _run(
        world.center,
        world.coordinator,
        "applications",
        django_capture_on_commit_callbacks,
        params=params,
    )
    ids = [int(row[0]) for row in _csv(report)[1:]]
    assert ids == ({"first": [first.pk], "withdrawn": [withdrawn.pk], None: []}[expected])


def test_program_staff_export_every_centers_applications_through_the_audited_path(
    world, applications, other_center, django_capture_on_commit_callbacks
):
    staff = _english(UserFactory(is_program_staff=True))
    report = _run(
        None,
        staff,
        "applications",
        django_capture_on_commit_callbacks,
        file_format="xlsx",
        scope=False,
    )
    values = list(load_workbook(report.file.open("rb")).active.values)
    assert values[0] == ("Service center", *APPLICATION_HEADERS)
    assert sorted(row[0] for row in values[1:]) == ["Alpha Center", "Alpha Center", "Beta Center"]
    assert report.row_count == 3
    reads = AuditEntry.objects.filter(verb="program.cross_center_read", actor=staff)
    assert [e.after["reason"] for e in reads] == ["applications export"]
    # One center when program staff chose one.
    chosen = _run(
        None,
        staff,
        "applications",
        django_capture_on_commit_callbacks,
        scope=False,
        params={"center": other_center.pk},
    )
    assert [row[0] for row in _csv(chosen)[1:]] == ["Beta Center"]


def test_placements_export_gives_the_inclusive_last_day(
    world, other_center, unscoped, django_capture_on_commit_callbacks
):
    ongoing = PlacementFactory(
        application__position=world.position,
        application__student=world.profile,
        start_date=date(2026, 1, 5),
        end_date=date(2026, 4, 5),
        supervisor_name="+王老师",
        supervisor_phone="13800000000",
    )
    ended = PlacementFactory(
        application__position=world.position,
        start_date=date(2025, 9, 1),
        end_date=date(2025, 12, 1),
        status=Placement.Status.TERMINATED,
        terminated_on=date(2025, 10, 15),
        termination_reason="-moved away",
        enterprise_rating=4,
        student_rating=5,
    )
    PlacementFactory(application__position=PositionFactory(base__center=other_center))
    coordinator = _english(world.coordinator)
    report = _run(world.center, coordinator, "placements", django_capture_on_commit_callbacks)
    rows = _csv(report)
    assert rows[0][:3] == ["Placement no.", "Student", "Email address"]
    assert len(rows[0]) == 17
    student = world.profile.user
    assert rows[1] == [
        str(ended.pk),
        ended.student.user.name or ended.student.user.email,
        ended.student.user.email,
        str(ended.student.university),
        "统计学",
        "Alpha Tech",
        world.position.title,
        "杭州",
        "2025-09-01",
        "2025-11-30",
        "Terminated early",
        "",
        "",
        "2025-10-15",
        "'-moved away",
        "4",
        "5",
    ]
    assert rows[2][:2] == [str(ongoing.pk), student.name or student.email]
    assert rows[2][8:13] == ["2026-01-05", "2026-04-04", "Ongoing", "'+王老师", "13800000000"]
    terminated = _run(
        world.center,
        coordinator,
        "placements",
        django_capture_on_commit_callbacks,
        params={"status": "terminated", "started_from": "2025-01-01"},
    )
    assert [int(row[0]) for row in _csv(terminated)[1:]] == [ended.pk]


def _generate_queries(world, kind, file_format) -> int:
    report = Report.objects.create(
        center=world.center, kind=kind, format=file_format, requested_by=world.coordinator
    )
    with center_scope(world.center), CaptureQueriesContext(connection) as queries:
        assert report_generate(report_id=report.pk)
    return len(queries)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_query_count_does_not_grow_with_the_rows(world, unscoped, file_format):
    base = TrainingBaseFactory(center=world.center)
    for _ in range(2):
        PlacementFactory(application__position__base=base)
    few = {
        kind: _generate_queries(world, kind, file_format) for kind in ("applications", "placements")
    }
    for _ in range(10):
        PlacementFactory(
            application__position=PositionFactory(base=TrainingBaseFactory(center=world.center))
        )
    many = {
        kind: _generate_queries(world, kind, file_format) for kind in ("applications", "placements")
    }
    assert Application.objects.filter(center=world.center).count() == 12
    assert many == few


def test_progress_moves_while_the_rows_are_written(
    world, unscoped, monkeypatch, django_capture_on_commit_callbacks
):
    """What the report's page reads while the file is written: progress and rows so far."""
    seen = []

    def build(report):
        def rows():
            for n in range(10):
                current = Report.objects.get(pk=report.pk)
                seen.append((current.status, current.progress, current.row_count))
                yield [n]

        return ["n"], rows(), 10

    monkeypatch.setitem(
        REPORT_KINDS,
        "counting",
        ReportKind("counting", "Counting", (Role.COORDINATOR,), False, build),
    )
    monkeypatch.setattr("mentorship.reports.PROGRESS_EVERY", 4)
    report = _run(world.center, world.coordinator, "counting", django_capture_on_commit_callbacks)
    assert seen[0] == ("running", 0, 0)
    assert seen[4] == ("running", 40, 4)
    assert seen[8] == ("running", 80, 8)
    assert (report.status, report.progress, report.row_count) == ("done", 100, 10)


def test_progress_is_saved_a_hundred_times_at_most():
    from mentorship.reports import PROGRESS_EVERY, progress_step

    assert progress_step(None) == PROGRESS_EVERY
    assert progress_step(1_000) == PROGRESS_EVERY
    assert 500_000 // progress_step(500_000) == 100


def test_only_the_centers_coordinators_may_request_or_download(
    client, world, applications, other_center, member_factory, django_capture_on_commit_callbacks
):
    for kind in ("applications", "placements"):
        with center_scope(world.center), pytest.raises(PermissionDenied):
            report_request(actor=world.bureau, center=world.center, kind=kind)
        with center_scope(world.center), pytest.raises(PermissionDenied):
            report_request(actor=world.rep, center=world.center, kind=kind)
        stranger = member_factory(other_center, Role.COORDINATOR)
        with center_scope(world.center), pytest.raises(PermissionDenied):
            report_request(actor=stranger, center=world.center, kind=kind)
    assert not Report.objects.exists()
    # The export buttons refuse them too, and the other center's coordinator exports only
    # that center's rows.
    client.force_login(stranger)
    export = reverse("center:students:applications_export", kwargs={"center_slug": "alpha"})
    assert client.post(export, {"file_format": "csv"}).status_code in (403, 404)
    client.force_login(world.rep)
    assert client.post(export, {"file_format": "csv"}).status_code in (403, 404)
    assert not Report.objects.exists()
    report = _run(
        world.center, world.coordinator, "applications", django_capture_on_commit_callbacks
    )
    download = reverse("center:report_download", kwargs={"center_slug": "alpha", "pk": report.pk})
    client.force_login(world.coordinator)
    assert client.get(download).status_code == 200
    for outsider in (stranger, world.bureau, world.rep):
        client.force_login(outsider)
        assert client.get(download).status_code == 404
    elsewhere = reverse("center:report_download", kwargs={"center_slug": "beta", "pk": report.pk})
    client.force_login(stranger)
    assert client.get(elsewhere).status_code == 404


def test_the_export_form_starts_a_report_with_the_filters_chosen(
    client, world, applications, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    page = client.get(
        reverse("center:students:applicant_positions", kwargs={"center_slug": "alpha"})
    )
    assert page.context["export_form"] is not None
    export = reverse("center:students:applications_export", kwargs={"center_slug": "alpha"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            export,
            {
                "file_format": "csv",
                "status": "withdrawn",
                "applied_from": "2026-03-01",
                "applied_until": "",
            },
        )
    report = Report.objects.get()
    assert response.url == reverse(
        "center:report", kwargs={"center_slug": "alpha", "pk": report.pk}
    )
    assert (report.kind, report.format) == ("applications", "csv")
    assert report.params == {"status": "withdrawn", "applied_from": "2026-03-01"}
    report.refresh_from_db()
    assert report.row_count == 1
    # Days the wrong way round are refused with a message, and nothing starts.
    response = client.post(
        export, {"file_format": "csv", "applied_from": "2026-03-10", "applied_until": "2026-03-01"}
    )
    assert response.status_code == 302
    assert Report.objects.count() == 1
    # The enterprise's representative reads applicants but exports nothing.
    client.force_login(world.rep)
    page = client.get(
        reverse("center:students:applicant_positions", kwargs={"center_slug": "alpha"})
    )
    assert page.context["export_form"] is None


def test_the_placements_page_offers_the_export_to_coordinators(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    page = client.get(
        reverse("center:students:placement_list", kwargs={"center_slug": "alpha"}),
        {"status": "ongoing"},
    )
    assert page.context["export_form"].initial == {"status": "ongoing"}
    assert reverse("center:students:placements_export", kwargs={"center_slug": "alpha"}) in (
        page.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("center:students:placements_export", kwargs={"center_slug": "alpha"}),
            {"file_format": "xlsx", "status": "ongoing"},
        )
    report = Report.objects.get()
    assert (report.kind, report.format, report.params) == (
        "placements",
        "xlsx",
        {"status": "ongoing"},
    )
    client.force_login(world.student)
    page = client.get(reverse("center:students:placement_list", kwargs={"center_slug": "alpha"}))
    assert page.context["export_form"] is None
