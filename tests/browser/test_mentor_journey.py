"""A student finds a mentor among the suggestions (and reads why), asks; the mentor accepts,
logs a session, and both give feedback. On a desktop in English, on a phone in Chinese."""

import shutil

import pytest

from tests.browser_support import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unscoped")]

WORDS = {
    "en": {
        "why": "Why suggested",
        "major": "Major fit",
        "ask": "Ask this mentor",
        "send": "Send the request",
        "sent": "Your request is sent to your first choice.",
        "accept": "Accept",
        "accepted": "You accepted.",
        "log": "Log a session",
        "log_button": "Log the session",
        "logged": "The session is logged",
        "give": "Give feedback on this session",
        "send_feedback": "Send feedback",
        "thanks": "Thank you for your feedback.",
        "works": "The pairing works",
        "approve": "Approve",
        "approved": "The mentor is approved.",
    },
    "zh": {
        "why": "推荐理由",
        "major": "专业匹配",
        "ask": "申请这位导师",
        "send": "发送申请",
        "sent": "申请已发送给您的第一志愿导师。",
        "accept": "接受",
        "accepted": "您已接受。",
        "log": "记录一次辅导",
        "log_button": "保存辅导记录",
        "logged": "辅导已记录",
        "give": "反馈这次辅导",
        "send_feedback": "提交反馈",
        "thanks": "感谢您的反馈。",
        "works": "结对有效",
        "approve": "批准",
        "approved": "导师资料已审核通过。",
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
def test_student_finds_asks_and_rates_a_mentor(browser, live_server, demo, language, screen):
    from mentors.models import Pairing, SessionFeedback

    words = WORDS[language]
    width = VIEWPORTS[screen]["width"]
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US" if language == "en" else "zh-CN",
        viewport=VIEWPORTS[screen],
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    folder = SCREENSHOTS / f"mentor_journey_{language}_{screen}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    step = iter(range(1, 100))

    def shot(name):
        page.screenshot(path=str(folder / f"{next(step):02d}-{name}.png"), full_page=True)
        fits(page, width)

    # The student reads the suggestions and why the first mentor is suggested.
    sign_in(page, "student.hangzhou@demo.example")
    page.goto("/c/hangzhou/mentors/suggestions/")
    first = page.locator("ol.suggestions > li").first
    assert "刘强" in first.inner_text()
    why = first.locator("details.why")
    assert why.get_attribute("open") is not None
    assert words["why"] in why.inner_text() and words["major"] in why.inner_text()
    assert "计算机科学与技术" in why.inner_text()
    shot("suggestions-with-reasons")

    # The student asks him, the first choice already chosen, with a reason.
    first.get_by_role("button", name=words["ask"]).click()
    page.locator("textarea[name=reason]").fill("想请教后端开发方向的实习准备。")
    shot("asking")
    page.get_by_role("button", name=words["send"]).click()
    page.get_by_text(words["sent"]).wait_for()
    shot("request-sent")
    sign_out(page)

    # The mentor opens the request and accepts it.
    pairing = Pairing.objects.get(student__email="student.hangzhou@demo.example")
    sign_in(page, "mentor.hangzhou@demo.example")
    page.goto("/c/hangzhou/mentors/pairings/")
    page.locator(f"a[href$='/pairings/{pairing.pk}/']").click()
    assert "想请教后端开发方向的实习准备" in page.locator("main").inner_text()
    shot("request-for-the-mentor")
    page.get_by_role("button", name=words["accept"], exact=True).click()
    page.get_by_text(words["accepted"]).wait_for()

    # He logs the session they held and rates it.
    page.get_by_text(words["log"], exact=True).click()
    page.locator("input[name=topic]").fill("后端实习面试准备")
    page.locator("input[name=duration_minutes]").fill("50")
    page.locator("select[name=mode]").select_option("online")
    page.locator("textarea[name=next_steps]").fill("刷完二十道算法题。")
    shot("logging-a-session")
    page.get_by_role("button", name=words["log_button"]).click()
    page.get_by_text(words["logged"]).wait_for()
    page.get_by_text(words["give"]).click()
    page.locator("select[name=rating]").select_option("4")
    page.locator("input[name=working][value=yes]").check()
    page.get_by_role("button", name=words["send_feedback"]).click()
    page.get_by_text(words["thanks"]).wait_for()
    shot("session-logged-and-rated-by-the-mentor")
    sign_out(page)

    # The student sees the mentor's contact details now, and rates the session too.
    sign_in(page, "student.hangzhou@demo.example")
    page.goto(f"/c/hangzhou/mentors/pairings/{pairing.pk}/")
    assert "13900571234" in page.locator("main").inner_text()
    page.get_by_text(words["give"]).click()
    page.locator("select[name=rating]").select_option("5")
    page.locator("textarea[name=comment]").fill("非常具体，很有帮助。")
    page.locator("input[name=working][value=yes]").check()
    page.get_by_role("button", name=words["send_feedback"]).click()
    page.get_by_text(words["thanks"]).wait_for()
    assert page.get_by_text(words["works"]).count() == 2
    shot("both-sides-gave-feedback")
    sign_out(page)

    # The mentor's own profile page, as he keeps it.
    sign_in(page, "mentor.hangzhou@demo.example")
    page.goto("/c/hangzhou/mentors/profile/")
    assert page.locator("input[name=title]").input_value() == "技术总监"
    shot("the-mentors-own-profile")
    sign_out(page)

    # The coordinator sees the pairings and approves the profile waiting for approval.
    sign_in(page, "coordinator.hangzhou@demo.example")
    page.goto("/c/hangzhou/mentors/pairings/")
    assert "赵晨" in page.locator("main").inner_text()
    shot("pairings-for-the-coordinator")
    page.goto("/c/hangzhou/mentors/review/")
    page.get_by_role("link", name="孙颖").click()
    page.get_by_role("button", name=words["approve"], exact=True).click()
    page.get_by_text(words["approved"]).wait_for()
    shot("profile-approved-by-the-coordinator")
    context.close()

    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE
    sides = set(
        SessionFeedback.objects.filter(session__pairing=pairing).values_list("side", flat=True)
    )
    assert sides == {"student", "mentor"}
