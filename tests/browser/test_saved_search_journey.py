"""A student saves a search on a phone, a matching position is published, the alert waits
in their notifications and opens the position: in English and in Chinese."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from bases import services as base_services
from bases.models import TrainingBase
from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope
from students.models import SavedSearch
from tests.browser.test_student_pages import sign_in_zh
from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

WORDS = {
    "en": {"saved": "is saved", "alert": "Instantly", "title": "Quantum data intern"},
    "zh-hans": {"saved": "已保存", "alert": "即时提醒", "title": "量子数据实习生"},
}


def _publish(title: str):
    """The enterprise publishes a position that matches, through the same services as its
    representative's clicks (so the alerts go as they would)."""
    with scopes_disabled():
        center = ServiceCenter.objects.get(slug="hangzhou")
        rep = User.objects.get(email="hr.alibaba@demo.example")
        base = next(
            base
            for base in TrainingBase.objects.filter(
                center=center, enterprise__representatives=rep
            ).select_related("enterprise")
            if base.accepts_positions
        )
    today = timezone.localdate()
    with center_scope(center):
        position = base_services.position_create(
            center=center,
            actor=rep,
            base=base,
            title=title,
            description="量子 quantum computing data pipelines",
            city="杭州",
            openings=2,
            duration_months=3,
            stipend=Decimal("4000"),
            majors="",
            start_date=today + timedelta(days=40),
            deadline=today + timedelta(days=20),
        )
        return base_services.position_publish(center=center, actor=rep, position=position)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_saved_search_alert_reaches_the_student_on_a_phone(browser, live_server, demo, language):
    words = WORDS[language]
    with scopes_disabled():
        User.objects.filter(email="student.hangzhou@demo.example").update(language=language)
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US" if language == "en" else "zh-CN",
        viewport={"width": 390, "height": 844},
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    folder = SCREENSHOTS / f"saved_search_journey_{language}"
    folder.mkdir(parents=True, exist_ok=True)

    def shot(name):
        phone.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    sign_in_zh(phone, "student.hangzhou@demo.example")
    phone.goto("/c/hangzhou/internships/?q=量子")
    phone.locator("details.save-search summary").click()
    phone.locator("details.save-search input[name=name]").fill(words["title"])
    phone.locator("details.save-search select[name=alert]").select_option("instant")
    shot("01-save-the-search")
    phone.locator("details.save-search button[type=submit]").click()
    phone.get_by_text(words["saved"]).wait_for()
    assert phone.locator(".saved-search h2").first.inner_text() == words["title"]
    assert words["alert"] in phone.locator(".saved-search .badge").first.inner_text()
    shot("02-saved-searches")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    position = _publish(words["title"] + " 量子")
    with scopes_disabled():
        assert SavedSearch.objects.filter(user__email="student.hangzhou@demo.example").exists()

    phone.goto("/notifications/")
    alert = phone.locator(".notification-list li.unread").filter(has_text=position.title).first
    alert.wait_for()
    shot("03-notification")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    alert.locator("button").click()
    phone.locator("h1", has_text=position.title).wait_for()
    assert phone.url.endswith(f"/c/hangzhou/internships/{position.pk}/")
    shot("04-the-position")
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_home_recommendations_and_application_timeline_on_a_phone(
    browser, live_server, demo, language
):
    with scopes_disabled():
        User.objects.filter(email="student.hangzhou@demo.example").update(language=language)
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US" if language == "en" else "zh-CN",
        viewport={"width": 390, "height": 844},
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    folder = SCREENSHOTS / f"student_home_{language}"
    folder.mkdir(parents=True, exist_ok=True)

    sign_in_zh(phone, "student.hangzhou@demo.example")
    phone.goto("/c/hangzhou/student/")
    phone.locator(".recommendation-list .position-card").first.wait_for()
    reasons = phone.locator(".recommendation-reason").all_inner_texts()
    assert reasons and all(reason.strip() for reason in reasons)
    phone.screenshot(path=str(folder / "01-for-you.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.goto("/c/hangzhou/student/applications/")
    phone.locator("table.stack a").first.click()
    phone.locator("ol.timeline li").first.wait_for()
    assert phone.locator(".next-step").inner_text().strip()
    phone.screenshot(path=str(folder / "02-application-timeline.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
