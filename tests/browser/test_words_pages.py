"""What people read, in both languages: events pages in their own words, centers' cities and
hosts in the reader's language, Chinese choices on Chinese forms. Screenshots of each page."""

import re

import pytest

from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

LOCALES = {"zh": "zh-CN", "en": "en-US"}
EVENT_WORDS = {
    "zh": (
        ["活动类型", "活动标题", "活动介绍", "- 请选择 -"],
        ["基地类型", "岗位名称", "岗位描述"],
    ),
    "en": (["Kind", "Title", "Description", "- Select an option -"], ["基地类型", "活动类型"]),
}


def _open(browser, live_server, language, email=None):
    context = browser.new_context(
        base_url=live_server.url, locale=LOCALES[language], viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    if email:
        page.goto("/accounts/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill("demo-pass-2026")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
    return context, page


def _shot(page, language, name):
    folder = SCREENSHOTS / "words" / language
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_events_pages_read_in_their_own_words(browser, live_server, demo, language):
    context, page = _open(browser, live_server, language, "coordinator.hangzhou@demo.example")
    page.goto("/c/hangzhou/events/new/")
    form = page.locator("main").inner_text()
    shown, borrowed = EVENT_WORDS[language]
    for word in shown[:3]:
        assert word in form, word
    assert page.locator("select[name=kind] option").first.inner_text() == shown[3]
    assert not any(word in form for word in borrowed)
    _shot(page, language, "01-new-event")

    page.goto("/c/hangzhou/events/manage/")
    table = page.locator("main table").inner_text()
    assert ("已发布" if language == "zh" else "Published") in table
    assert "发布时间" not in table and not any(word in table for word in borrowed)
    _shot(page, language, "02-manage-events")

    page.locator("main table a").first.click()
    page.wait_for_load_state()
    badges = page.locator("main .badge").all_inner_texts()
    assert ("已发布" if language == "zh" else "Published") in badges
    _shot(page, language, "03-event-page")
    context.close()


@pytest.mark.parametrize(
    ("language", "card", "city"),
    [
        ("en", "Hangzhou · Hangzhou Employment Service Center", "Hangzhou"),
        ("zh", "杭州 · 杭州市就业服务中心", "杭州"),
    ],
)
def test_centers_read_in_the_reader_s_language(browser, live_server, demo, language, card, city):
    context, page = _open(browser, live_server, language)
    page.goto("/")
    cards = page.locator(".center-card").all_inner_texts()
    assert any(card in text for text in cards)
    if language == "en":
        assert not any(re.search(r"[\u4e00-\u9fff]", text) for text in cards)
    _shot(page, language, "04-home-centers")
    context.close()
    context, page = _open(browser, live_server, language, "program@demo.example")
    page.goto("/program/")
    row = page.locator("main table tbody tr").first
    assert row.locator("td").nth(1).inner_text() == city
    _shot(page, language, "05-program-console")
    page.goto("/program/subsidies/")
    _shot(page, language, "06-program-subsidies")
    context.close()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_placement_and_its_subsidy_line_end_on_one_day(browser, live_server, demo, language):
    context, page = _open(browser, live_server, language, "hr.alibaba@demo.example")
    page.goto("/c/hangzhou/placements/")
    page.locator("main table tbody a").first.click()
    page.wait_for_load_state()
    facts = page.locator("main dl").first.inner_text()
    period = re.search(r"(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})", facts)
    assert period, facts
    _shot(page, language, "07-placement")
    context.close()
