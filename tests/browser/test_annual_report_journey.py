"""Program staff ask for the annual program report from the figures page, watch it being
generated and download it, in Chinese and in English."""

import subprocess

import pytest
from playwright.sync_api import expect

from mentorship.models import Report
from mentorship.reports import generate_report_task, report_generate
from tests.browser_support import sign_in

pytestmark = pytest.mark.browser


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def downloaded(page) -> bytes:
    """The file behind the download button, fetched with the signed-in person's session
    (the browser would show a PDF in its own viewer rather than save it)."""
    href = page.get_by_role("button", name="Download (PDF)").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return response.body()


def test_program_staff_generate_and_download_the_annual_report(page, shot, demo, monkeypatch):
    # The task is held back so that the page shows the report while it is generated.
    queued = []
    monkeypatch.setattr(
        generate_report_task, "enqueue_on_commit", lambda *args, **kw: queued.append(args[0])
    )
    sign_in(page, "program@demo.example")
    page.goto("/program/figures/")
    form = page.get_by_role("form", name="Annual program report")
    year = form.get_by_label("Year of the report").locator("option").all_inner_texts()[-1]
    form.get_by_label("Year of the report").select_option(year)
    form.get_by_label("Language of the report").select_option("zh-hans")
    shot("the figures page with the annual report form")
    form.get_by_role("button", name="Annual report").click()

    page.get_by_role("heading", name="Annual program report").wait_for()
    expect(page.get_by_role("progressbar", name="Progress")).to_be_visible()
    shot("the report being generated")
    report_generate(report_id=queued[0])
    # The page reloads itself while the report runs.
    expect(page.get_by_role("status")).to_contain_text("Ready:", timeout=20_000)
    shot("the report ready")
    text = pdf_text(downloaded(page))
    assert "导师制年度报告" in text and year in text and "各服务中心数据" in text

    # The same year in English.
    page.goto("/program/figures/")
    form = page.get_by_role("form", name="Annual program report")
    form.get_by_label("Year of the report").select_option(year)
    form.get_by_label("Language of the report").select_option("en")
    form.get_by_role("button", name="Annual report").click()
    page.get_by_role("heading", name="Annual program report").wait_for()
    report_generate(report_id=queued[1])
    expect(page.get_by_role("status")).to_contain_text("Ready:", timeout=20_000)
    text = pdf_text(downloaded(page))
    assert "Mentorship Program annual report" in text and "Figures per service center" in text
    assert Report.objects.filter(kind="annual_report", status=Report.Status.DONE).count() == 2
