"""An event from the student's and the door's side, on phones: a student joins the waitlist
of a full lecture, another cancels, the first is offered the seat and confirms it, the door
types the ticket's code and lets them in, and after the event they review it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Event, Registration, Review
from events.tickets import qr_png_data_uri
from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope, system_scope
from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
STUDENT, OTHER = "student12.hangzhou@demo.example", "student13.hangzhou@demo.example"
COORDINATOR = "coordinator.hangzhou@demo.example"
TITLE = "简历门诊：一对一修改"

WORDS = {
    "en": {
        "locale": "en-US",
        "join": "Join the waitlist",
        "waiting": "You are on the waitlist, number 1 in line.",
        "offered": "A seat is offered to you.",
        "confirm": "Confirm my seat",
        "ticket": "Your ticket",
        "code": "Ticket code",
        "check_in": "Check in",
        "valid": "Valid: checked in",
        "checked_in": "Checked in at",
        "how": "How was it?",
        "send": "Send my review",
        "thanks": "Thank you for your review.",
        "yours": "is yours to take",
    },
    "zh-hans": {
        "locale": "zh-CN",
        "join": "加入候补",
        "waiting": "您在候补名单中，排第 1 位。",
        "offered": "有一个名额递补给您。",
        "confirm": "确认名额",
        "ticket": "您的入场票",
        "code": "票码",
        "check_in": "签到",
        "valid": "有效：已签到",
        "checked_in": "签到",
        "how": "活动体验如何？",
        "send": "提交评价",
        "thanks": "感谢您的评价。",
        "yours": "递补给您",
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


def full_lecture(language):
    """A lecture of one seat, taken by another student, starting in two days."""
    with system_scope():
        center = ServiceCenter.objects.get(slug="hangzhou")
        coordinator = User.objects.get(email=COORDINATOR)
        for email in (STUDENT, OTHER, COORDINATOR):
            User.objects.filter(email=email).update(language=language)
    starts = timezone.now() + timedelta(days=2)
    with center_scope(center):
        act = {"center": center, "actor": coordinator}
        event = services.event_save(
            **act,
            kind=Event.Kind.LECTURE,
            title=TITLE,
            description="HR 逐份点评简历。",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            location="浙江大学紫金港校区东1A-101",
            capacity=1,
        )
        event = services.event_publish(**act, event=event)
        other = User.objects.get(email=OTHER)
        taken = services.registration_create(center=center, actor=other, event=event)
    return center, event, other, taken


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_waitlist_offer_ticket_door_and_review_on_phones(browser, live_server, demo, language):
    words = WORDS[language]
    folder = SCREENSHOTS / f"event_journey_{language}"
    folder.mkdir(parents=True, exist_ok=True)
    shots = iter(range(1, 100))

    def shot(page, name):
        page.screenshot(path=str(folder / f"{next(shots):02d}-{name}.png"), full_page=True)
        fits(page)

    center, event, other, taken = full_lecture(language)
    detail = f"/c/hangzhou/events/{event.pk}/"

    # 1. The student finds the lecture full and joins the waitlist.
    student_context, student = phone(browser, live_server, language)
    sign_in(student, STUDENT)
    student.goto(detail)
    student.get_by_role("button", name=words["join"]).click()
    student.get_by_text(words["waiting"]).wait_for()
    shot(student, "waitlisted")

    # 2. The student holding the seat cancels; the seat is offered to the first in line.
    with center_scope(center):
        services.registration_cancel(center=center, actor=other, registration=taken)
    student.goto("/notifications/")
    student.get_by_text(words["yours"]).first.wait_for()
    shot(student, "offer-notification")
    student.goto(detail)
    student.get_by_text(words["offered"]).wait_for()
    shot(student, "offer")
    student.get_by_role("button", name=words["confirm"]).click()
    student.get_by_role("heading", name=words["ticket"]).wait_for()
    code = student.locator("[data-ticket-code]").inner_text().strip()
    assert student.locator(".ticket-qr svg").count() == 1
    shot(student, "ticket")
    with system_scope():
        registration = Registration.objects.select_related("user").get(ticket_code=code)
    assert registration.user.email == STUDENT and registration.status == "registered"
    ticket_emails = [m for m in mail.outbox if STUDENT in m.to and code in m.body]
    assert ticket_emails and "data:image/png;base64," in ticket_emails[-1].alternatives[0][0]

    # 3. At the door, the coordinator's phone types the code.
    door_context, door = phone(browser, live_server, language)
    sign_in(door, COORDINATOR)
    door.goto(f"/c/hangzhou/events/{event.pk}/door/")
    # The page's camera reader reads the ticket's QR code as the door address of the code.
    read = door.evaluate(
        """async (source) => {
            const picture = new Image();
            picture.src = source;
            await picture.decode();
            const canvas = document.createElement("canvas");
            canvas.width = picture.width;
            canvas.height = picture.height;
            const context = canvas.getContext("2d");
            context.drawImage(picture, 0, 0);
            return window.doorScanRead(context.getImageData(0, 0, canvas.width, canvas.height));
        }""",
        qr_png_data_uri(registration),
    )
    # A center-neutral address: it leads door staff to their own center's door.
    assert read.endswith(f"/tickets/{code}/")
    door.get_by_label(words["code"]).fill(code.lower())
    door.locator("form.door-code button[type=submit]").click()
    door.locator('[data-result="valid"]').wait_for()
    assert words["valid"] in door.locator('[data-result="valid"]').inner_text()
    shot(door, "door-valid")
    door.get_by_label(words["code"]).fill(code)
    door.locator("form.door-code button[type=submit]").click()
    door.locator('[data-result="already"]').wait_for()
    shot(door, "door-already")

    # 4. After the event (moved into the past), the student reviews it.
    now = timezone.now()
    with system_scope():
        Event.objects.filter(pk=event.pk).update(
            starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
        )
    student.goto(detail)
    student.get_by_text(words["how"]).wait_for()
    student.locator("input[name=rating][value='5']").check()
    student.locator("textarea[name=comment]").fill("讲得很实用，改完的简历马上投出去了。")
    shot(student, "review-form")
    student.get_by_role("button", name=words["send"]).click()
    student.get_by_text(words["thanks"]).first.wait_for()
    shot(student, "reviewed")
    student_context.close()

    # 5. The organizer reads the attendance and the rating.
    door.goto(f"/c/hangzhou/events/{event.pk}/summary/")
    assert door.locator('[data-figure="checked-in"]').inner_text() == "1"
    assert door.locator('[data-figure="no-show"]').inner_text() == "0"
    assert "5.0 / 5" in door.locator('[data-figure="rating"]').inner_text()
    shot(door, "summary")
    door_context.close()
    with system_scope():
        review = Review.objects.select_related("registration__user").get(event=event)
    assert review.rating == 5 and review.registration.user.email == STUDENT
