"""The center's audit trail as a coordinator reads it, in Chinese and English, on a desktop
and a phone: sentences, a filter applied, nothing squeezed to a character per line."""

import pytest

from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

LABELS = {
    "en": {"what": "What", "show": "Show", "option": "Base recognized", "sentence": "recognized"},
    "zh": {"what": "操作", "show": "查询", "option": "基地获认定", "sentence": "认定了"},
}


def sign_in_any_language(tab, email, password="demo-pass-2026"):
    tab.goto("/accounts/login/")
    tab.locator("input[name=login]").fill(email)
    tab.locator("input[name=password]").fill(password)
    tab.locator("form button[type=submit]").last.click()
    tab.wait_for_load_state()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_coordinator_reads_and_filters_the_center_trail(
    browser, live_server, demo, language, width
):
    labels = LABELS[language]
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN" if language == "zh" else "en-US",
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    folder = SCREENSHOTS / f"audit_trail_{language}_{width}"
    folder.mkdir(parents=True, exist_ok=True)
    sign_in_any_language(tab, "coordinator.hangzhou@demo.example")

    tab.goto("/c/hangzhou/audit/")
    tab.locator(".audit-sentence").first.wait_for()
    tab.screenshot(path=str(folder / "01-trail.png"))
    tab.screenshot(path=str(folder / "02-trail-whole-page.png"), full_page=True)
    table = tab.locator("tbody").inner_text()
    assert "base.recognized" not in table and "{'" not in table, "codes or dicts on the page"

    tab.get_by_label(labels["what"], exact=True).select_option(label=labels["option"])
    tab.get_by_role("button", name=labels["show"], exact=True).click()
    tab.wait_for_load_state()
    tab.locator(".audit-sentence").first.wait_for()
    tab.screenshot(path=str(folder / "03-filtered.png"))
    tab.locator(".audit-table tbody tr").first.scroll_into_view_if_needed()
    tab.evaluate("window.scrollBy(0, -80)")
    tab.screenshot(path=str(folder / "04-filtered-entries.png"))
    sentences = tab.locator(".audit-sentence").all_inner_texts()
    assert sentences and all(labels["sentence"] in s for s in sentences), sentences
    assert tab.locator(".audit-what").all_inner_texts() == [labels["option"]] * len(sentences)

    assert tab.evaluate("document.documentElement.scrollWidth") <= width, "sideways scrolling"
    # Each name and time stays on one line: no column is squeezed to a character a line.
    line_heights = tab.evaluate(
        """() => [...document.querySelectorAll('.audit-time time, .audit-sentence strong')]
            .map(el => [el.getBoundingClientRect().height,
                        parseFloat(getComputedStyle(el).lineHeight) || 24, el.textContent])"""
    )
    squeezed = [
        text for height, line, text in line_heights if len(text) < 12 and height > 1.6 * line
    ]
    assert not squeezed, f"short names wrapped: {squeezed}"
    entry_width = tab.locator(".audit-entry").first.bounding_box()["width"]
    assert entry_width > (width * 0.4 if width > 640 else width * 0.8)
    context.close()
