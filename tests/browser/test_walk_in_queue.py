"""A face-to-face activity on three phones: a student books a slot; then at the venue two
students take numbers (one types the door code, the other opens the QR code's address),
their pages follow their positions live, the mentor calls the next number from their own
phone, and the student behind is told they are next without reloading."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentors import face_to_face
from mentors.door import take_number_url
from mentors.models import MentorApproval, QueueTicket
from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope, system_scope
from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FIRST, SECOND = "student07.hangzhou@demo.example", "student08.hangzhou@demo.example"
MENTOR = "mentor.hangzhou@demo.example"
COORDINATOR = "coordinator.hangzhou@demo.example"
TITLE = "导师面对面：简历快诊"

WORDS = {
    "en": {
        "locale": "en-US",
        "take": "Take a number",
        "continue": "Continue",
        "next": "You're next!",
        "turn": "It's your turn!",
        "call": "Call the next number",
        "done": "Done",
        "pair": "Ask this mentor to pair with me",
        "book": "Book",
        "booked": "Booked by you",
    },
    "zh-hans": {
        "locale": "zh-CN",
        "take": "取号",
        "continue": "继续",
        "next": "下一位就是您！",
        "turn": "轮到您了！",
        "call": "叫下一个号",
        "done": "已完成",
        "pair": "请这位导师与我结对",
        "book": "预约",
        "booked": "您已预约",
    },
}


def phone(browser, live_server, language):
    context = browser.new_context(
        base_url=live_server.url, locale=WORDS[language]["locale"], viewport=PHONE
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("demo-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "sideways"


def running_activity(language):
    """An activity under way in Hangzhou with the demo mentor alone on its panel."""
    with system_scope():
        center = ServiceCenter.objects.get(slug="hangzhou")
        coordinator = User.objects.get(email=COORDINATOR)
        approval = MentorApproval.objects.get(center=center, profile__user__email=MENTOR)
        for email in (FIRST, SECOND, MENTOR):
            User.objects.filter(email=email).update(language=language)
    starts = timezone.now() - timedelta(minutes=30)
    with center_scope(center):
        activity = face_to_face.activity_create(
            center=center,
            actor=coordinator,
            title=TITLE,
            venue="杭州市人力资源市场 2 楼",
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            approvals=[approval],
        )
        face_to_face.slots_publish(
            center=center,
            actor=approval.profile.user,
            activity=activity,
            first_start=timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2),
            count=3,
            length_minutes=20,
            buffer_minutes=5,
            notice_hours=1,
        )
    return activity


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_walk_in_queue_on_three_phones(browser, live_server, demo, language):
    words = WORDS[language]
    folder = SCREENSHOTS / f"walk_in_queue_{language}"
    folder.mkdir(parents=True, exist_ok=True)
    shots = iter(range(1, 100))

    def shot(page, name):
        page.screenshot(path=str(folder / f"{next(shots):02d}-{name}.png"), full_page=True)
        fits(page)

    activity = running_activity(language)
    my_number = f"/c/hangzhou/mentors/activities/{activity.pk}/my-number/"

    # 0. The first student books one of the mentor's slots for later in the day.
    first_context, first = phone(browser, live_server, language)
    sign_in(first, FIRST)
    first.goto(f"/c/hangzhou/mentors/activities/{activity.pk}/")
    first.get_by_role("button", name=words["book"], exact=True).first.click()
    first.get_by_text(words["booked"]).wait_for()
    assert first.get_by_role("button", name=words["book"], exact=True).count() == 0
    shot(first, "slot-booked")

    # 1. At the venue, the first student types the door code from the poster.
    first.goto("/c/hangzhou/mentors/walk-in/")
    first.locator("input[name=code]").fill(activity.door_code.lower())
    first.get_by_role("button", name=words["continue"]).click()
    first.get_by_role("heading", name=words["take"]).wait_for()
    shot(first, "take-a-number")
    first.locator("[data-take-number]").click()
    first.wait_for_url(f"**{my_number}")
    first.locator('[data-ticket="1"]').wait_for()
    assert first.locator("[data-position]").inner_text() == "1"
    shot(first, "first-number")

    # 2. The second student opens the QR code's address and takes the number after.
    second_context, second = phone(browser, live_server, language)
    sign_in(second, SECOND)
    qr_path = "/" + take_number_url(activity).split("/", 3)[3]
    second.goto(qr_path)
    second.locator("[data-take-number]").click()
    second.wait_for_url(f"**{my_number}")
    second.locator('[data-ticket="2"]').wait_for()
    assert second.locator("[data-position]").inner_text() == "2"
    assert words["next"] not in second.locator("[data-live]").inner_text()
    shot(second, "second-number")

    # 3. The mentor's phone shows both waiting and calls the next number.
    mentor_context, mentor = phone(browser, live_server, language)
    sign_in(mentor, MENTOR)
    mentor.goto(f"/c/hangzhou/mentors/activities/{activity.pk}/queue/")
    mentor.locator('[data-waiting="2"]').wait_for()
    assert mentor.locator("[data-waiting]").count() == 2
    shot(mentor, "queue-waiting")
    mentor.get_by_role("button", name=words["call"]).click()
    mentor.locator('[data-current="1"]').wait_for()
    shot(mentor, "called")

    # 4. Without reloading, the first student is called and the second is next.
    first.locator('[data-alert="called"]').wait_for()
    assert words["turn"] in first.locator('[data-alert="called"]').inner_text()
    shot(first, "your-turn")
    second.locator('[data-alert="next"]').wait_for()
    assert words["next"] in second.locator('[data-alert="next"]').inner_text()
    assert second.locator("[data-position]").inner_text() == "1"
    shot(second, "you-are-next")

    # 5. The mentor writes a two-line note and finishes; the second number can be called.
    mentor.locator("textarea[name=note]").fill("简历缺少量化成果\n下周带修改稿再来")
    mentor.get_by_role("button", name=words["done"], exact=True).click()
    mentor.get_by_role("button", name=words["call"]).wait_for()
    shot(mentor, "finished")
    with system_scope():
        held = QueueTicket.objects.get(activity=activity, number=1)
    assert held.status == "done" and held.note == "简历缺少量化成果\n下周带修改稿再来"

    # 6. The first student's page offers to turn the consultation into a pairing request.
    first.get_by_role("button", name=words["pair"]).wait_for()
    shot(first, "after-consultation")

    # 7. The mentor's activity page carries the door's poster and their slots form.
    mentor.goto(f"/c/hangzhou/mentors/activities/{activity.pk}/")
    assert mentor.locator(".f2f-qr svg").count() == 1
    assert mentor.locator("[data-door-code]").inner_text() == activity.door_code
    shot(mentor, "activity-poster")
    for context in (first_context, second_context, mentor_context):
        context.close()
