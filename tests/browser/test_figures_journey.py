"""The program's figures: program staff read every center's, the public the published ones."""

import pytest
from playwright.sync_api import expect

from tests.browser_support import sign_in

pytestmark = pytest.mark.browser


def charts_drawn(page) -> int:
    # Selectors rather than a function to poll: the page's CSP refuses code built from a string.
    page.locator("[data-chart]").first.wait_for()
    expect(page.locator("[data-chart]:not([data-rendered='true'])")).to_have_count(0)
    return page.locator("[data-chart] canvas").count()


def test_program_staff_switch_year_and_center_and_drill_into_a_center(page, shot, demo):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, "program@demo.example")
    page.goto("/program/figures/?figure=students.trainees")
    page.get_by_role("heading", name="Figures of the program").wait_for()
    assert charts_drawn(page) >= 3  # by month, by center, by kind
    assert page.get_by_role("table", name="Trainees by service center").is_visible()
    shot("program dashboard, trainees")

    # The year switcher sends itself.
    years = page.get_by_label("Year", exact=True).locator("option").all_inner_texts()
    if len(years) > 1:
        page.get_by_label("Year", exact=True).select_option(years[1])
        page.wait_for_url(f"**year={years[1]}**")
        assert charts_drawn(page) >= 1
        shot("program dashboard, the year before")

    # The center switcher too.
    page.locator("select[name=center]").select_option("hangzhou")
    page.get_by_role("heading", name="Figures of Hangzhou").wait_for()
    shot("program dashboard, one center chosen")

    # Drill down from the breakdown by center.
    page.goto("/program/figures/?figure=bases.positions_open")
    table = page.get_by_role("table", name="Positions published by service center")
    first_center = table.get_by_role("link").first
    name = first_center.inner_text()
    first_center.click()
    page.get_by_role("heading", name=f"Figures of {name}").wait_for()
    assert page.get_by_role("navigation", name="Breadcrumb").is_visible()
    assert charts_drawn(page) >= 1
    shot("drilled into a center")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_public_reads_the_published_figures_in_both_languages(page, shot, demo):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/figures/?figure=bases.recognized_training_bases")
    page.get_by_role("heading", name="The program in figures").wait_for()
    assert charts_drawn(page) >= 3
    assert page.get_by_text("Subsidies paid").count() == 0
    assert page.get_by_role("link", name="Download data (CSV)").first.is_visible()
    shot("public figures, English")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    assert download.value.suggested_filename == "bases.recognized_training_bases.csv"

    # The language switch keeps the page and its choices.
    page.get_by_role("button", name="中文").click()
    page.get_by_role("heading", name="导师制数据一览").wait_for()
    page.get_by_role("link", name="实习（见习）学员数").click()
    page.get_by_role("heading", name="实习（见习）学员数", exact=False).first.wait_for()
    assert charts_drawn(page) >= 3
    shot("public figures, Chinese")
    assert not errors, errors


def test_a_coordinator_reads_the_centers_figures_on_a_phone(page, shot, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "coordinator.huangshan@demo.example")
    page.goto("/c/huangshan/")
    page.get_by_role("navigation", name="Service center").get_by_text("Administration").click()
    page.get_by_role("link", name="Figures", exact=True).click()
    page.get_by_role("heading", name="Figures of the center").wait_for()
    assert charts_drawn(page) >= 1
    # Only this center's figures: no breakdown by center.
    assert page.locator("#chart-centers").count() == 0
    page.get_by_role("link", name="Subsidies paid").click()
    page.get_by_role("heading", name="Subsidies paid · ").wait_for()
    shot("coordinator's figures on a phone")
