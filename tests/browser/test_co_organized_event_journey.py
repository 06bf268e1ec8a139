"""A fair shared between two centers: Hangzhou's coordinator invites Huangshan to co-organize
it, Huangshan's coordinator accepts, a Huangshan student finds it on Huangshan's events (marked as
co-organized with Hangzhou) and registers and opens the ticket from its notification, and
Huangshan's coordinator reads the registration and, on a phone at Huangshan's door, scans the
ticket's QR code and checks the student in. The student's pages are also seen in Chinese on
a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Event, Registration
from events.tickets import check_in_url
from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope, system_scope
from tests.browser_support import sign_out

pytestmark = pytest.mark.browser

ORGANIZER = "coordinator.hangzhou@demo.example"
PARTNER = "coordinator.huangshan@demo.example"
STUDENT = "student.huangshan@demo.example"
TITLE = "杭黄两地联合双选会"
PHONE = {"width": 390, "height": 844}


def fair():
    with system_scope():
        hangzhou = ServiceCenter.objects.get(slug="hangzhou")
        huangshan = ServiceCenter.objects.get(slug="huangshan")
        coordinator = User.objects.get(email=ORGANIZER)
        User.objects.filter(email__in=(ORGANIZER, PARTNER, STUDENT)).update(language="en")
    starts = timezone.now() + timedelta(days=6)
    with center_scope(hangzhou):
        act = {"center": hangzhou, "actor": coordinator}
        event = services.event_save(
            **act,
            kind=Event.Kind.FAIR,
            title=TITLE,
            description="两个服务中心的学生同场求职。",
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            location="杭州国际博览中心 2 号馆",
            capacity=300,
        )
        return services.event_publish(**act, event=event), hangzhou, huangshan


def test_two_centers_share_a_fair_and_a_partner_student_registers(
    browser, live_server, page, shot, demo
):
    event, hangzhou, huangshan = fair()

    # 1. Hangzhou's coordinator invites Huangshan from the event's page.
    sign_in(page, ORGANIZER)
    page.goto(f"/c/hangzhou/events/{event.pk}/")
    shot("organizer-event")
    page.get_by_role("button", name="Co-organizing centers").click()
    page.get_by_label("Service center to invite").select_option(label=huangshan.name_en)
    page.get_by_role("button", name="Invite to co-organize").click()
    page.locator('[data-partner="huangshan"]').get_by_text("Invited").wait_for()
    shot("organizer-invited")
    sign_out(page)

    # 2. Huangshan's coordinator accepts among the center's invitations.
    sign_in(page, PARTNER)
    page.goto("/c/huangshan/events/co-organizing/")
    row = page.locator("#invitations tr", has_text=TITLE)
    shot("partner-invitation")
    row.get_by_role("button", name="Accept").click()
    page.get_by_text("Your center co-organizes the event.").wait_for()
    shot("partner-accepted")
    sign_out(page)

    # 3. A Huangshan student finds the fair on Huangshan's events and registers.
    sign_in(page, STUDENT)
    page.goto("/c/huangshan/events/")
    card = page.locator("article.event-card", has_text=TITLE)
    assert "Co-organized with" in card.inner_text()
    card.get_by_role("link", name=TITLE).click()
    page.locator("#co-organized").wait_for()
    page.get_by_role("button", name="Register").click()
    page.get_by_text("You are registered for this event.").wait_for()
    shot("student-registered")
    with system_scope():
        seat = Registration.objects.get(event=event, user__email=STUDENT)
    assert (seat.status, seat.center_id) == (Registration.Status.REGISTERED, hangzhou.pk)
    page.get_by_role("button", name="Show my ticket").click()
    page.locator("[data-ticket-code]").wait_for()
    assert page.url.endswith(f"/c/huangshan/events/{event.pk}/ticket/")
    # The ticket's notification opens it under Huangshan, where the student may read it.
    page.goto("/notifications/")
    page.get_by_role("button", name=f"Your ticket for “{TITLE}”").click()
    page.locator("[data-ticket-code]").wait_for()
    assert page.url.endswith(f"/c/huangshan/events/{event.pk}/ticket/")
    assert seat.ticket_code in page.locator("[data-ticket-code]").inner_text()
    shot("student-ticket-from-notification")
    sign_out(page)

    # 4. Huangshan's coordinator reads the student's registration and checks them in.
    sign_in(page, PARTNER)
    page.goto(f"/c/huangshan/events/{event.pk}/")
    page.get_by_role("button", name="Our students' registrations").click()
    page.locator("#registrations").get_by_text(seat.name).wait_for()
    shot("partner-registrations")
    page.get_by_role("button", name="Door check-in").click()
    page.locator("#partner-door").wait_for()
    shot("partner-door")
    sign_out(page)

    # 5. At Huangshan's door a phone scans the ticket's QR code: its center-neutral address
    # leads Huangshan's coordinator to Huangshan's door with the code filled in.
    door = browser.new_context(base_url=live_server.url, viewport=PHONE)
    door.set_default_timeout(15_000)
    scanner = door.new_page()
    sign_in(scanner, PARTNER)
    scanned = check_in_url(seat)
    assert scanned.endswith(f"/tickets/{seat.ticket_code}/")
    scanner.goto(scanned.replace(scanned.split("/tickets/")[0], live_server.url))
    assert scanner.url.endswith(f"/c/huangshan/events/check-in/{seat.ticket_code}/")
    scanner.locator("#partner-door").wait_for()
    scanner.get_by_text(seat.name).first.wait_for()
    scanner.locator("form.door-code button[type=submit]").click()
    scanner.locator('[data-result="valid"]').wait_for()
    assert scanner.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("partner-door-scanned-390px", target=scanner)
    door.close()
    with system_scope():
        seat.refresh_from_db()
    assert seat.checked_in_by.email == PARTNER

    # 6. The student's pages in Chinese on a phone.
    with system_scope():
        User.objects.filter(email=STUDENT).update(language="zh-hans")
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    sign_in(phone, STUDENT)
    phone.goto("/c/huangshan/events/")
    assert "联合举办" in phone.locator("article.event-card", has_text=TITLE).inner_text()
    shot("zh-phone-events", target=phone)
    phone.goto(f"/c/huangshan/events/{event.pk}/")
    phone.locator("#co-organized").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("zh-phone-detail", target=phone)
    context.close()


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("demo-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
