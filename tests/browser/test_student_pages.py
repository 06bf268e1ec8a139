"""Student and enterprise journeys through the students pages, clicked as people would,
on a desktop and a phone-sized screen."""

import pytest

from tests.browser_support import SCREENSHOTS, nav_to, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_student_searches_answers_an_offer_and_checks_the_placement(page, shot, demo):
    sign_in(page, "student.hangzhou@demo.example")
    page.get_by_role("link", name="Internships").first.click()
    page.get_by_role("heading", name="Internship positions").wait_for()
    shot("search")
    page.get_by_label("Keywords").fill("数据")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator(".position-card").first.wait_for()
    assert page.get_by_label("Keywords").input_value() == "数据"
    assert 0 < page.locator(".position-card").count() <= 20
    shot("search results for 数据")

    nav_to(page, "My internship", "My applications")
    page.get_by_role("link", name="Answer the offer").click()
    page.get_by_role("button", name="Accept the offer").wait_for()
    shot("offer on the position page")
    page.get_by_role("button", name="Accept the offer").click()
    page.get_by_text("You accepted the offer.").wait_for()
    shot("placement after accepting")
    sign_out(page)

    sign_in(page, "hr.alibaba@demo.example")
    page.get_by_role("link", name="Notifications").click()
    page.get_by_text("accepted your offer").first.wait_for()
    page.goto("/c/hangzhou/")
    page.get_by_role("link", name="Applicants").first.click()
    page.get_by_role("heading", name="Applicants by position").wait_for()
    shot("applicants by position")
    page.locator("table a").first.click()
    page.get_by_role("heading", name="Applicants for", exact=False).wait_for()
    shot("applicants of one position")


def test_student_types_an_enterprise_name_and_picks_a_suggestion(page, shot, demo):
    sign_in(page, "student.hangzhou@demo.example")
    page.get_by_role("link", name="Internships").first.click()
    page.get_by_text("Filters and sorting").click()
    field = page.get_by_label("Enterprise")
    field.press_sequentially("Ali", delay=50)
    suggestion = page.locator("#enterprise-suggestions option").first
    suggestion.wait_for(state="attached")
    name = suggestion.get_attribute("value")
    assert "Alibaba" in name
    field.fill(name)
    shot("enterprise suggested while typing")
    page.get_by_role("button", name="Apply filters").click()
    page.locator(".position-card").first.wait_for()
    enterprises = page.locator(".position-enterprise").all_inner_texts()
    assert enterprises and all(name in text for text in enterprises)
    shot("positions of the enterprise typed")


def test_search_and_placement_pages_fit_a_phone(browser, live_server, demo):

    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    phone = context.new_page()
    sign_in_zh(phone, "student.huangshan@demo.example")
    folder = SCREENSHOTS / "students_phone"
    folder.mkdir(parents=True, exist_ok=True)
    phone.goto("/c/huangshan/internships/")
    phone.locator(".position-card").first.wait_for()
    phone.screenshot(path=str(folder / "01-search.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the search page scrolls sideways on a phone"
    phone.goto("/c/huangshan/placements/")
    phone.locator("table.stack a").first.click()
    phone.locator(".facts-list").wait_for()
    phone.screenshot(path=str(folder / "02-placement.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def sign_in_zh(tab, email, password="demo-pass-2026"):
    """Sign in whatever the page's language (the labels are Chinese here)."""
    tab.goto("/accounts/login/")
    tab.locator("input[name=login]").fill(email)
    tab.locator("input[name=password]").fill(password)
    tab.locator("form button[type=submit]").last.click()
    tab.wait_for_load_state()
