"""An interview as both sides click it: the enterprise proposes two times, the student picks
one on a phone and downloads the .ics; in English and in Chinese."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar

from bases.models import Position
from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope
from students import services
from students.models import Application, Interview, StudentProfile
from tests.browser.test_student_pages import sign_in_zh
from tests.browser_support import SCREENSHOTS

pytestmark = pytest.mark.browser

REP = "hr.alibaba@demo.example"
STUDENT = "student.hangzhou@demo.example"
WORDS = {
    "en": {"propose": "Send the times to the student", "take": "Take this time"},
    "zh-hans": {"propose": "将时间发给学生", "take": "选定这个时间"},
}


def _shortlisted_application() -> Application:
    """The demo student's application to one of the representative's open positions,
    shortlisted, made through the services as the clicks would."""
    with scopes_disabled():
        center = ServiceCenter.objects.get(slug="hangzhou")
        rep = User.objects.get(email=REP)
        student = User.objects.get(email=STUDENT)
        profile = StudentProfile.objects.get(center=center, user=student)
        applied = Application.objects.filter(student=profile).values_list("position_id")
        position = (
            Position.objects.filter(
                center=center,
                base__enterprise__representatives=rep,
                status=Position.Status.OPEN,
                deadline__gte=timezone.localdate(),
            )
            .exclude(pk__in=applied)
            .order_by("pk")
            .first()
        )
    with center_scope(center):
        application = services.application_submit(center=center, actor=student, position=position)
        return services.application_shortlist(center=center, actor=rep, application=application)


def _context(browser, live_server, language, width, height):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US" if language == "en" else "zh-CN",
        viewport={"width": width, "height": height},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    return context


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_enterprise_proposes_and_student_picks_on_a_phone(browser, live_server, demo, language):
    words = WORDS[language]
    with scopes_disabled():
        User.objects.filter(email__in=[REP, STUDENT]).update(language=language)
    application = _shortlisted_application()
    folder = SCREENSHOTS / f"interview_journey_{language}"
    folder.mkdir(parents=True, exist_ok=True)

    # The enterprise, at a desk, proposes two times for an interview in person.
    desk = _context(browser, live_server, language, 1280, 900).new_page()
    sign_in_zh(desk, REP)
    desk.goto(f"/c/hangzhou/applicants/{application.pk}/")
    tomorrow = timezone.localtime() + timedelta(days=2)
    first = tomorrow.replace(hour=10, minute=0)
    second = tomorrow.replace(hour=15, minute=30)
    form = desk.locator("form.interview-propose")
    form.locator("input[name=interview-mode][value=in_person]").check()
    form.locator("input[name=interview-place]").fill("杭州市余杭区文一西路 969 号 5 号楼 301")
    form.locator("input[name=interview-time_1]").fill(first.strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=interview-time_2]").fill(second.strftime("%Y-%m-%dT%H:%M"))
    desk.screenshot(path=str(folder / "01-enterprise-proposes.png"), full_page=True)
    form.get_by_role("button", name=words["propose"]).click()
    desk.wait_for_load_state()
    desk.locator("#interview time").first.wait_for()
    assert desk.locator("#interview time").count() == 2
    desk.screenshot(path=str(folder / "02-times-sent.png"), full_page=True)

    # The student, on a phone, takes the second time and downloads the calendar file.
    phone = _context(browser, live_server, language, 390, 844).new_page()
    sign_in_zh(phone, STUDENT)
    phone.goto(f"/c/hangzhou/internships/{application.position_id}/#interview")
    choices = phone.locator("form.interview-choose input[name=choose-slot]")
    assert choices.count() == 2
    phone.screenshot(path=str(folder / "03-student-chooses.png"), full_page=True)
    choices.nth(1).check()
    phone.get_by_role("button", name=words["take"]).click()
    phone.wait_for_load_state()
    link = phone.locator("#interview a[download]")
    link.wait_for()
    phone.screenshot(path=str(folder / "04-time-fixed.png"), full_page=True)
    with phone.expect_download() as caught:
        link.click()
    path = caught.value.path()
    cal = Calendar.from_ical(Path(path).read_bytes())
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == second.replace(second=0, microsecond=0)
    assert "文一西路" in str(event["location"])
    assert cal.walk("VTIMEZONE") and cal.walk("VALARM")
    with scopes_disabled():
        assert Interview.objects.get(application=application).status == Interview.Status.SCHEDULED

    # The application's timeline on the phone shows the interview.
    phone.goto(f"/c/hangzhou/internships/{application.position_id}/")
    assert phone.locator("ol.timeline li").count() >= 4
    phone.screenshot(path=str(folder / "05-timeline.png"), full_page=True)
    phone.goto("/c/hangzhou/calendar/")
    assert phone.locator(".calendar-interview").count() >= 1
    phone.screenshot(path=str(folder / "06-calendar.png"), full_page=True)
