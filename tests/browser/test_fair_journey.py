"""A recruitment fair from three sides, in both languages: Alibaba's HR asks for a booth
with one of its open positions, the coordinator approves it with a number on the hall plan,
and a student applies to the position from the booth."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bases.models import Enterprise
from events import services
from events.models import Booth, Event
from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope, system_scope
from students.models import Application, StudentProfile
from students.services import position_takes_applications
from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

HR = "hr.alibaba@demo.example"
COORDINATOR = "coordinator.hangzhou@demo.example"

WORDS = {
    "en": {
        "locale": "en-US",
        "booths": "Booths and positions",
        "ask": "Ask for a booth",
        "send": "Send the request",
        "sent": "Your booth request is sent to the coordinators.",
        "approve": "Approve with this number",
        "approved": "The booth is approved.",
        "apply": "Apply from this booth",
        "send_application": "Send my application",
        "applied": "is sent.",
    },
    "zh-hans": {
        "locale": "zh-CN",
        "booths": "展位与岗位",
        "ask": "申请展位",
        "send": "发送申请",
        "sent": "展位申请已提交给协调员。",
        "approve": "批准并分配此展位号",
        "approved": "展位已批准。",
        "apply": "在此展位申请",
        "send_application": "提交申请",
        "applied": "的申请已提交",
    },
}


def new_context(browser, live_server, language):
    context = browser.new_context(
        base_url=live_server.url,
        locale=WORDS[language]["locale"],
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("demo-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def spring_fair(language):
    """A fair published by the coordinator, in ten days; and a student with a complete
    profile who has not applied to Alibaba's first open position."""
    with system_scope():
        center = ServiceCenter.objects.get(slug="hangzhou")
        coordinator = User.objects.get(email=COORDINATOR)
        alibaba = Enterprise.objects.get(representatives__email=HR)
        position = next(
            p
            for p in alibaba.bases.get(center=center, kind="internship").positions.order_by(
                "title", "pk"
            )
            if position_takes_applications(p)
        )
        student = next(
            profile.user
            for profile in StudentProfile.objects.filter(
                center=center, user__email__endswith="hangzhou@demo.example"
            ).select_related("user")
            if not profile.missing_fields
            and not Application.objects.filter(student=profile, position=position).exists()
        )
        User.objects.filter(email__in=[HR, COORDINATOR, student.email]).update(language=language)
    starts = timezone.now() + timedelta(days=10)
    with center_scope(center):
        act = {"center": center, "actor": coordinator}
        fair = services.event_save(
            **act,
            kind=Event.Kind.FAIR,
            title=f"春季双选会 {language}",
            description="与高校联合举办的春季招聘会。",
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            location="杭州国际博览中心 2 号馆",
            capacity=2000,
        )
        fair = services.event_publish(**act, event=fair)
    return fair, position, student


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_booth_request_approval_and_an_application_from_the_booth(
    browser, live_server, demo, language
):
    words = WORDS[language]
    folder = SCREENSHOTS / f"fair_journey_{language}"
    folder.mkdir(parents=True, exist_ok=True)
    shots = iter(range(1, 100))

    def shot(page, name):
        page.screenshot(path=str(folder / f"{next(shots):02d}-{name}.png"), full_page=True)

    fair, position, student = spring_fair(language)
    booths = f"/c/hangzhou/events/{fair.pk}/booths/"

    # 1. Alibaba's HR finds the fair and asks for a booth with one position.
    context, hr = new_context(browser, live_server, language)
    sign_in(hr, HR)
    hr.goto(f"/c/hangzhou/events/{fair.pk}/")
    hr.get_by_role("button", name=words["booths"]).click()
    hr.get_by_role("button", name=words["ask"]).click()
    hr.locator(f"input[name=positions][value='{position.pk}']").check()
    hr.locator("input[name=openings]").fill("12")
    shot(hr, "ask-for-a-booth")
    hr.get_by_role("button", name=words["send"]).click()
    hr.get_by_text(words["sent"]).wait_for()
    shot(hr, "booth-requested")
    context.close()

    # 2. The coordinator approves it as booth A3.
    context, coordinator = new_context(browser, live_server, language)
    sign_in(coordinator, COORDINATOR)
    coordinator.goto(booths)
    coordinator.locator("input[name=number]").fill("a3")
    shot(coordinator, "booth-requests")
    coordinator.get_by_role("button", name=words["approve"]).click()
    coordinator.get_by_text(words["approved"]).wait_for()
    coordinator.locator(".booth-map").get_by_text("A3").wait_for()
    shot(coordinator, "hall-plan")
    context.close()

    # 3. A student opens the booth from the hall plan and applies to its position.
    context, page = new_context(browser, live_server, language)
    sign_in(page, student.email)
    page.goto(booths)
    page.locator(".booth-map a").filter(has_text="A3").click()
    page.get_by_text(position.title).first.wait_for()
    page.get_by_text(words["apply"]).click()
    page.locator("textarea[name=cover_letter]").fill("在双选会展位上和面试官聊过。")
    shot(page, "apply-from-booth")
    page.get_by_role("button", name=words["send_application"]).click()
    page.get_by_text(words["applied"]).first.wait_for()
    shot(page, "my-applications")
    context.close()

    with system_scope():
        booth = Booth.objects.get(event=fair)
        application = Application.objects.get(student__user=student, position=position)
    assert (booth.number, booth.openings) == ("A3", 12)
    assert application.source == booth.source
