"""A coordinator draws a batch match for the students of one major, gives the demo student
another mentor, publishes; the student finds the new pairing. On a desktop in English, on a
phone in Chinese."""

import shutil

import pytest

from tests.browser.test_mentor_journey import VIEWPORTS, fits, sign_in, sign_out
from tests.browser_support import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unscoped")]

WORDS = {
    "en": {
        "major": "Major (a part of its name)",
        "draw": "Draw the batch",
        "drawn": "The batch is drawn.",
        "fit": "Major fit",
        "change": "Change",
        "changed": "The row now proposes",
        "publish": "Publish the batch",
        "published": "The batch is published",
        "active": "Active",
    },
    "zh": {
        "major": "专业（名称中的部分文字）",
        "draw": "生成批次",
        "drawn": "批次已生成。",
        "fit": "专业匹配",
        "change": "更改",
        "changed": "该行现在提议的导师是",
        "publish": "发布批次",
        "published": "批次已发布",
        "active": "进行中",
    },
}
STUDENT = "student.hangzhou@demo.example"


@pytest.mark.parametrize(
    ("language", "screen"), [("en", "desktop"), ("zh", "phone")], ids=["en-desktop", "zh-phone"]
)
def test_coordinator_batch_matches_a_major_and_the_student_sees_the_pairing(
    browser, live_server, demo, language, screen
):
    from mentors.models import MatchBatch, Pairing
    from students.models import StudentProfile

    words = WORDS[language]
    width = VIEWPORTS[screen]["width"]
    major = StudentProfile.objects.get(user__email=STUDENT, center__slug="hangzhou").major
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US" if language == "en" else "zh-CN",
        viewport=VIEWPORTS[screen],
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    folder = SCREENSHOTS / f"batch_match_journey_{language}_{screen}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    step = iter(range(1, 100))

    def shot(name):
        page.screenshot(path=str(folder / f"{next(step):02d}-{name}.png"), full_page=True)
        fits(page, width)

    # The coordinator draws a batch for the students of the demo student's major.
    sign_in(page, "coordinator.hangzhou@demo.example")
    page.goto("/c/hangzhou/mentors/batches/")
    page.get_by_label(words["major"]).fill(major)
    shot("drawing-a-batch")
    page.get_by_role("button", name=words["draw"]).click()
    page.get_by_text(words["drawn"]).wait_for()
    batch = MatchBatch.objects.filter(center__slug="hangzhou", major=major).get()
    row = page.locator(f"li[data-student='{STUDENT}']")
    assert words["fit"] in row.inner_text()
    shot("the-draft-with-its-reasons")

    # The demo student's row gets another mentor.
    choice = row.locator("select[name=mentor] option").first
    chosen = choice.inner_text().split(" · ")[0]
    row.locator("select[name=mentor]").select_option(choice.get_attribute("value"))
    row.get_by_role("button", name=words["change"]).click()
    page.get_by_text(words["changed"]).wait_for()
    row = page.locator(f"li[data-student='{STUDENT}']")
    assert row.locator("[data-mentor]").inner_text() == chosen
    shot("a-row-changed")

    page.get_by_role("button", name=words["publish"]).click()
    page.get_by_text(words["published"]).wait_for()
    shot("published")
    batch.refresh_from_db()
    assert batch.status == MatchBatch.Status.PUBLISHED
    pairing = Pairing.objects.get(student__email=STUDENT, status=Pairing.Status.ACTIVE)
    assert pairing.mentor.user.get_full_name() == chosen
    sign_out(page)

    # The student finds the pairing among their mentoring, with the mentor chosen.
    sign_in(page, STUDENT)
    page.goto("/c/hangzhou/mentors/pairings/")
    listed = page.locator("main").inner_text()
    assert chosen in listed and words["active"] in listed
    shot("the-student-sees-the-pairing")
    page.locator(f"a[href$='/pairings/{pairing.pk}/']").click()
    assert chosen in page.locator("main").inner_text()
    shot("the-pairing")
    context.close()
