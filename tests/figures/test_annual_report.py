"""The annual program report: a PDF of the year's figures per center and the apps' sections,
requested by program staff, in Chinese and in English, frozen once the year is over."""

import subprocess
from datetime import date

import pytest
from django_scopes import scopes_disabled

from events.models import Event
from mentorship.annual_report import annual_report_pdf, collect, year_data
from mentorship.figures import recompute_center
from mentorship.models import AnnualSnapshot, AuditEntry, Notification, Report
from mentorship.scoping import center_scope
from projects.models import Project
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.figures.world import at, build_world
from tests.projects.factories import ProjectFactory
from tests.students.factories import PlacementFactory, PositionFactory, TrainingBaseFactory

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode()


def pdf_fonts(pdf: bytes) -> list[list[str]]:
    """pdffonts' table: one row per font, split on blanks (name, type, ..., emb, sub, uni)."""
    done = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    return [line.split() for line in done.stdout.decode().splitlines()[2:] if line.strip()]


def recount(*centers):
    for each in centers:
        with center_scope(each):
            recompute_center(center=each)


@pytest.fixture
def world(center, other_center):
    build_world(center, other_center)
    with scopes_disabled():
        fair = EventFactory(
            center=center, kind=Event.Kind.FAIR, title="春季校园招聘会", starts_at=at(2026, 3, 6)
        )
        for _n in range(3):
            RegistrationFactory(event=fair, checked_in_at=at(2026, 3, 6, 10))
        talk = EventFactory(center=center, title="求职经验分享", starts_at=at(2026, 2, 10))
        RegistrationFactory(event=talk, checked_in_at=at(2026, 2, 10, 14))
        project = ProjectFactory(center=center, title="校园旧物循环平台")
        Project.objects.filter(pk=project.pk).update(
            status=Project.Status.INCUBATING, incubated_at=at(2026, 3, 2)
        )
    recount(center, other_center)
    return center


@pytest.fixture
def program_staff(db):
    return UserFactory(is_program_staff=True)


def test_the_report_shows_each_figure_per_center_in_chinese_with_embedded_fonts(world):
    pdf, pages = annual_report_pdf(year=2026, language="zh-hans")
    text = pdf_text(pdf)
    assert pages >= 3
    assert "导师制年度报告" in text
    # Trainees of 2026: two in the first center, one in the other, three in all.
    assert "实习（见习）学员数" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "甲中心 2" in lines and "乙中心 1" in lines
    assert any(line.startswith("实习（见习）学员数 3 ") for line in lines)
    # Every font the document uses travels with it.
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all(row[-5] == "yes" for row in fonts), fonts
    assert any("CJK" in row[0] or "WenQuanYi" in row[0] for row in fonts), fonts


def test_the_sections_come_from_the_apps_in_english(world):
    text = pdf_text(annual_report_pdf(year=2026, language="en")[0])
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Mentorship Program annual report" in text
    # Notable events: the fair three people came to before the talk one came to.
    assert "Notable events" in text
    fair = next(n for n, line in enumerate(lines) if "春季校园招聘会" in line)
    talk = next(n for n, line in enumerate(lines) if "求职经验分享" in line)
    assert fair < talk
    assert lines[fair].endswith("Alpha Center Recruitment fair 3")
    assert "Projects incubated" in text
    assert any("校园旧物循环平台" in line and "2026-03-02" in line for line in lines)
    # Top bases by interns: the placements of 2026 at each base.
    assert "Top bases by interns" in text


def test_a_closed_year_shows_the_same_figures_after_the_records_change(world, other_center):
    first, _pages = annual_report_pdf(year=2025, language="zh-hans")
    assert AnnualSnapshot.objects.filter(year=2025).count() == 1
    # A base recognized in 2025 is entered late, and counted.
    with scopes_disabled():
        TrainingBaseFactory(center=world, recognized_from=date(2025, 5, 1))
    recount(world, other_center)
    assert collect(2025) != year_data(2025)

    again, _pages = annual_report_pdf(year=2025, language="zh-hans")
    assert pdf_text(again) == pdf_text(first)
    assert AnnualSnapshot.objects.filter(year=2025).count() == 1


def test_the_year_running_is_read_afresh(world, other_center):
    before = pdf_text(annual_report_pdf(year=2026, language="en")[0])
    with scopes_disabled():
        PlacementFactory(
            application__position=PositionFactory(base=TrainingBaseFactory(center=world)),
            start_date=date(2026, 3, 1),
            end_date=date(2026, 6, 1),
        )
    recount(world, other_center)
    after = pdf_text(annual_report_pdf(year=2026, language="en")[0])
    assert "Alpha Center 2" in " ".join(before.split())
    assert "Alpha Center 3" in " ".join(after.split())
    assert not AnnualSnapshot.objects.exists()


def test_program_staff_request_the_report_and_download_it(
    client, world, program_staff, django_capture_on_commit_callbacks
):
    client.force_login(program_staff)
    page = client.get("/program/figures/")
    assert 'action="/program/figures/annual-report/"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/program/figures/annual-report/", {"year": "2026", "language": "zh-hans"}
        )
    report = Report.objects.get(kind="annual_report")
    assert response["Location"] == f"/program/reports/{report.pk}/"
    assert report.center is None
    assert report.format == Report.Format.PDF
    assert report.params == {"year": 2026, "language": "zh-hans"}
    assert report.status == Report.Status.DONE and report.progress == 100
    assert AuditEntry.objects.filter(verb="report.requested", target_id=str(report.pk)).exists()
    assert Notification.objects.filter(user=program_staff, kind="report_ready").count() == 1

    shown = client.get(response["Location"]).content.decode()
    assert f"Ready: {report.row_count} pages." in shown
    download = client.get(f"/program/reports/{report.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert "甲中心" in pdf_text(b"".join(download.streaming_content))


def test_the_report_refuses_other_people_and_unknown_years(client, world, program_staff):
    client.force_login(program_staff)
    response = client.post("/program/figures/annual-report/", {"year": "1999", "language": "en"})
    assert response["Location"] == "/program/figures/"
    client.post("/program/figures/annual-report/", {"year": "2026", "language": "fr"})
    assert not Report.objects.exists()

    client.post("/program/figures/annual-report/", {"year": "2026", "language": "en"})
    report = Report.objects.get()
    someone = UserFactory()
    client.force_login(someone)
    response = client.post("/program/figures/annual-report/", {"year": "2026", "language": "en"})
    assert response.status_code in (302, 403, 404)
    assert Report.objects.count() == 1
    assert client.get(f"/program/reports/{report.pk}/download/").status_code in (403, 404)


def test_progress_is_kept_while_the_report_is_generated(
    world, program_staff, monkeypatch, django_capture_on_commit_callbacks
):
    from mentorship import annual_report as module
    from mentorship.reports import report_request

    seen = []
    real = module.render_pdf_pages

    def watching(*args, **kwargs):
        seen.append(Report.objects.get(kind="annual_report").progress)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "render_pdf_pages", watching)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            actor=program_staff,
            center=None,
            kind="annual_report",
            params={"year": 2026, "language": "en"},
        )
    report.refresh_from_db()
    assert seen == [50]
    assert report.status == Report.Status.DONE and report.progress == 100
