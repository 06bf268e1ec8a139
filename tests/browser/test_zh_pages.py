"""Key pages read in Chinese for a Chinese-speaking visitor, and fit a phone."""

import pytest

from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

PAGES = [
    ("student.hangzhou@demo.example", "/c/hangzhou/internships/", "实习岗位"),
    ("hr.alibaba@demo.example", "/c/hangzhou/subsidies/", "补贴申请"),
    ("bureau.hangzhou@demo.example", "/c/hangzhou/subsidies/review/", "补贴"),
    ("bureau.hangzhou@demo.example", "/c/hangzhou/bases/review/", "审核基地申请"),
    ("coordinator.hangzhou@demo.example", "/c/hangzhou/console/", "协调员工作台"),
]


@pytest.mark.parametrize(("email", "path", "heading"), PAGES)
def test_pages_read_in_chinese_on_a_phone(browser, live_server, demo, email, path, heading):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("demo-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert heading in page.locator("main").inner_text()
    folder = SCREENSHOTS / "chinese_phone"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{path.strip('/').replace('/', '_')}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "scrolls sideways"
    context.close()
