"""The mentor opens their record and downloads their service letter; the coordinator opens
the center's list of mentors' records and exports it. On a desktop in English, on a phone
in Chinese."""

import csv
import io
import shutil

import pytest
from pypdf import PdfReader

from tests.browser_support import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unscoped")]

WORDS = {
    "en": {
        "record": "My service record",
        "hours": "Hours of mentoring",
        "letter": "Download the service letter for",
        "records": "Mentors' records",
        "export": "Export",
        "download": "Download",
        "mentor_header": "Mentor",
    },
    "zh": {
        "record": "我的帮扶台账",
        "hours": "辅导时长（小时）",
        "letter": "年服务证明（PDF）",
        "records": "导师帮扶台账",
        "export": "导出",
        "download": "下载",
        "mentor_header": "导师",
    },
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("demo-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def sign_out(page):
    page.goto("/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "scrolls sideways"


@pytest.mark.parametrize(
    ("language", "screen"), [("en", "desktop"), ("zh", "phone")], ids=["en-desktop", "zh-phone"]
)
def test_mentor_downloads_a_letter_and_coordinator_exports_records(
    browser, live_server, demo, language, screen
):
    from mentorship.models import User

    words = WORDS[language]
    width = VIEWPORTS[screen]["width"]
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US" if language == "en" else "zh-CN",
        viewport=VIEWPORTS[screen],
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    folder = SCREENSHOTS / f"record_journey_{language}_{screen}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    step = iter(range(1, 100))

    def shot(name):
        page.screenshot(path=str(folder / f"{next(step):02d}-{name}.png"), full_page=True)
        fits(page, width)

    # The mentor reads their own record from the menu, year by year.
    mentor = User.objects.get(email="mentor.hangzhou@demo.example")
    mentor.language = "en" if language == "en" else "zh-hans"
    User.objects.filter(pk=mentor.pk).update(language=mentor.language)
    sign_in(page, mentor.email)
    page.goto("/c/hangzhou/mentors/record/")
    main = page.locator("main")
    assert words["record"] in main.inner_text()
    assert words["hours"] in main.inner_text()
    shot("the-mentors-record")

    # They download the service letter of the year shown.
    with page.expect_download() as caught:
        page.get_by_role("button", name=words["letter"]).click()
    letter = caught.value
    reader = PdfReader(letter.path())
    text = "".join(reader.pages[0].extract_text().split())
    assert ("服务证明" if language == "zh" else "Serviceletter") in text
    assert "".join(mentor.name.split()) in text
    sign_out(page)

    # The coordinator (in the same language) lists the mentors, opens one, exports all.
    coordinator = User.objects.get(email="coordinator.hangzhou@demo.example")
    User.objects.filter(pk=coordinator.pk).update(language=mentor.language)
    sign_in(page, coordinator.email)
    page.goto("/c/hangzhou/mentors/records/")
    assert mentor.name in main.inner_text()
    shot("the-centers-records")
    page.get_by_role("link", name=mentor.name).first.click()
    page.wait_for_load_state()
    assert words["hours"] in main.inner_text()
    shot("one-mentors-record-for-the-coordinator")
    page.goto("/c/hangzhou/mentors/records/")
    page.locator("form.record-export select[name=file_format]").select_option("csv")
    page.locator("form.record-export button[type=submit]").click()
    page.locator("main .notice-success").wait_for()
    shot("the-export-is-ready")
    with page.expect_download() as caught:
        page.locator("main a[role=button]").click()
    rows = list(csv.reader(io.StringIO(caught.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == words["mentor_header"]
    assert any(row[0] == mentor.name for row in rows[1:])
    context.close()
