"""A training in sessions on a student's phone: register for the first evening, join the
waitlist of the full lab, open the first evening's own ticket; the door of the lab refuses
it as a ticket for another session."""

import pytest

from events.demo import TRAINING, TRAINING_SESSIONS
from events.models import Event, EventSession
from mentorship.models import User
from mentorship.scoping import system_scope
from tests.browser.test_event_journey import fits, phone, sign_in
from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

STUDENT = "student14.hangzhou@demo.example"
COORDINATOR = "coordinator.hangzhou@demo.example"

WORDS = {
    "en": {
        "intro": "This event has several sessions",
        "register": "Register",
        "join": "Join the waitlist",
        "registered": "You are registered.",
        "waiting": "You are on the waitlist, number 3 in line.",
        "show": "Show my ticket",
        "only": "This ticket is for this session only.",
        "code": "Ticket code",
        "wrong": "Ticket for another session",
    },
    "zh-hans": {
        "intro": "本活动分多个场次",
        "register": "登记",
        "join": "加入候补",
        "registered": "您已报名。",
        "waiting": "您在候补名单中，排第 3 位。",
        "show": "查看我的入场票",
        "only": "本票仅限该场次使用。",
        "code": "票码",
        "wrong": "其他场次的票",
    },
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_student_registers_per_session_and_the_ticket_is_for_its_session(
    browser, live_server, demo, language
):
    words = WORDS[language]
    folder = SCREENSHOTS / f"event_sessions_{language}"
    folder.mkdir(parents=True, exist_ok=True)
    shots = iter(range(1, 100))

    def shot(page, name):
        page.screenshot(path=str(folder / f"{next(shots):02d}-{name}.png"), full_page=True)
        fits(page)

    with system_scope():
        training = Event.objects.get(title=TRAINING[0])
        first, lab, _third = EventSession.objects.filter(event=training).order_by("starts_at")
        User.objects.filter(email__in=[STUDENT, COORDINATOR]).update(language=language)
    detail = f"/c/hangzhou/events/{training.pk}/"

    context, student = phone(browser, live_server, language)
    sign_in(student, STUDENT)
    student.goto(detail)
    student.get_by_text(words["intro"]).wait_for()
    shot(student, "sessions")
    first_box = student.locator(f"#session-{first.pk}")
    lab_box = student.locator(f"#session-{lab.pk}")
    assert TRAINING_SESSIONS[0][1] in first_box.inner_text()
    first_box.get_by_role("button", name=words["register"], exact=True).click()
    student.locator(f"#session-{first.pk}").get_by_text(words["registered"]).wait_for()
    student.locator(f"#session-{lab.pk}").get_by_role("button", name=words["join"]).click()
    lab_box = student.locator(f"#session-{lab.pk}")
    lab_box.get_by_text(words["waiting"]).wait_for()
    shot(student, "registered-and-waiting")
    student.locator(f"#session-{first.pk}").get_by_role("button", name=words["show"]).click()
    student.get_by_text(words["only"]).wait_for()
    assert TRAINING_SESSIONS[0][1] in student.locator("[data-ticket-session]").inner_text()
    code = student.locator("[data-ticket-code]").inner_text().strip()
    shot(student, "ticket")
    context.close()

    door_context, door = phone(browser, live_server, language)
    sign_in(door, COORDINATOR)
    door.goto(f"/c/hangzhou/events/{training.pk}/door/?session={lab.pk}")
    door.get_by_label(words["code"]).fill(code)
    door.locator("form.door-code button[type=submit]").click()
    door.locator('[data-result="wrong_session"]').wait_for()
    refused = door.locator('[data-result="wrong_session"]')
    assert words["wrong"] in refused.inner_text()
    # Read at a glance: white on red, like every refusal at the door.
    assert refused.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(192, 57, 43)"
    shot(door, "door-other-session")
    door_context.close()
