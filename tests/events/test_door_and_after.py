"""The door of an event (codes typed or scanned, names searched, walk-ins), and what comes
after: attendance, reviews by the people who came, the attendance export, the calendar file."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import segno
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from events import selectors, services
from events.models import DoorScan, Registration, Review
from events.tickets import check_in_url, qr_svg
from mentorship.models import Role
from mentorship.reports import report_request
from mentorship.scoping import center_scope
from tests.events.factories import EventFactory, RegistrationFactory
from tests.students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 10, 9, 12, tzinfo=SH)
R = DoorScan.Result


@pytest.fixture
def event(center, unscoped):
    return EventFactory(
        center=center,
        capacity=3,
        starts_at=NOW - timedelta(minutes=30),
        ends_at=NOW + timedelta(hours=2),
    )


def scan(center, actor, event, code, gate="东门"):
    with center_scope(center):
        return services.door_check_in(center=center, actor=actor, event=event, code=code, gate=gate)


@time_machine.travel(NOW, tick=False)
def test_the_door_answers_valid_then_already_with_the_time(center, coordinator, event, unscoped):
    ticket = RegistrationFactory(event=event)
    first = scan(center, coordinator, event, ticket.ticket_code.lower())
    assert first.result == R.VALID
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        second = scan(center, coordinator, event, ticket.ticket_code)
    assert second.result == R.ALREADY
    ticket.refresh_from_db()
    assert ticket.checked_in_at == NOW and ticket.checked_in_by == coordinator
    scans = list(DoorScan.objects.order_by("pk").values_list("result", "gate", "scanned_by"))
    assert scans == [(R.VALID, "东门", coordinator.pk), (R.ALREADY, "东门", coordinator.pk)]


@time_machine.travel(NOW, tick=False)
def test_the_door_names_unknown_waiting_and_other_events_tickets(
    center, coordinator, event, unscoped
):
    other = RegistrationFactory(event=EventFactory(center=center))
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    assert scan(center, coordinator, event, "NOPE1234").result == R.NOT_REGISTERED
    assert scan(center, coordinator, event, other.ticket_code).result == R.WRONG_EVENT
    assert scan(center, coordinator, event, waiting.ticket_code).result == R.NOT_REGISTERED
    # A whole address read from the QR code works as the code.
    seated = RegistrationFactory(event=event)
    assert scan(center, coordinator, event, check_in_url(seated)).result == R.VALID
    assert DoorScan.objects.count() == 4


@time_machine.travel(NOW, tick=False)
def test_only_coordinators_and_named_door_staff_keep_the_door(
    center, coordinator, event, member_factory, unscoped
):
    helper = member_factory(center, Role.MENTOR)
    ticket = RegistrationFactory(event=event)
    with pytest.raises(PermissionDenied):
        scan(center, helper, event, ticket.ticket_code)
    with center_scope(center):
        services.door_staff_set(
            center=center, actor=coordinator, event=event, add_email=helper.email.upper()
        )
    assert scan(center, helper, event, ticket.ticket_code).result == R.VALID
    with center_scope(center), pytest.raises(ValidationError):
        services.door_staff_set(
            center=center, actor=coordinator, event=event, add_email="stranger@example.test"
        )


@time_machine.travel(NOW, tick=False)
def test_walk_ins_are_seated_while_places_remain(center, coordinator, event, unscoped):
    RegistrationFactory(event=event)
    with center_scope(center):
        for name in ("王五", "赵六"):
            walked = services.door_walk_in(center=center, actor=coordinator, event=event, name=name)
            assert walked.result == R.WALK_IN
        with pytest.raises(ValidationError) as refused:
            services.door_walk_in(center=center, actor=coordinator, event=event, name="钱七")
    assert refused.value.code == "full"
    walk_ins = Registration.objects.filter(walk_in=True)
    assert sorted(walk_ins.values_list("name", flat=True)) == ["王五", "赵六"]
    assert all(r.checked_in_at == NOW for r in walk_ins)


@time_machine.travel(NOW, tick=False)
def test_the_door_page_answers_plainly_on_a_phone(client, center, coordinator, event, unscoped):
    ticket = RegistrationFactory(event=event, name="李雷")
    client.force_login(coordinator)
    door = reverse("center:events:door", kwargs={"center_slug": center.slug, "pk": event.pk})
    first = client.post(door, {"code": ticket.ticket_code, "gate": "A"}).content.decode()
    assert 'data-result="valid"' in first and "李雷" in first
    again = client.post(door, {"code": ticket.ticket_code}).content.decode()
    assert 'data-result="already"' in again and "Already checked in at 09:12" in again
    found = client.get(door, {"q": "李"}).content.decode()
    assert "李雷" in found
    path = reverse(
        "center:events:door_code", kwargs={"center_slug": center.slug, "code": ticket.ticket_code}
    )
    # The QR code carries the ticket's own address, which leads the door staff here.
    scanned = client.get(check_in_url(ticket))
    assert (scanned.status_code, scanned.url) == (302, path)
    opened = client.get(path).content.decode()
    assert "李雷" in opened and f'value="{ticket.ticket_code}"' in opened
    assert DoorScan.objects.count() == 2  # opening the QR address changes nothing


def attendee(center, event, **kwargs):
    profile = StudentProfileFactory(center=center)
    return RegistrationFactory(event=event, user=profile.user, **kwargs)


@time_machine.travel(NOW, tick=False)
def test_attendees_review_after_the_event_and_the_summary_counts(
    client, center, coordinator, event, unscoped
):
    came = attendee(center, event, checked_in_at=NOW)
    stayed_away = attendee(center, event)
    with center_scope(center), pytest.raises(ValidationError):
        services.review_leave(center=center, actor=came.user, event=event, rating=5)
    with time_machine.travel(event.ends_at + timedelta(hours=1), tick=False):
        with center_scope(center):
            services.review_leave(
                center=center, actor=came.user, event=event, rating=4, comment="好"
            )
            with pytest.raises(PermissionDenied):
                services.review_leave(center=center, actor=stayed_away.user, event=event, rating=1)
            with pytest.raises(ValidationError):
                services.review_leave(center=center, actor=came.user, event=event, rating=5)
            figures = selectors.attendance(event=event)
        assert (figures["registered"], figures["checked_in"], figures["no_show"]) == (2, 1, 1)
        assert (figures["rating"], figures["reviews"]) == (4, 1)
        client.force_login(coordinator)
        page = client.get(
            reverse("center:events:summary", kwargs={"center_slug": center.slug, "pk": event.pk})
        ).content.decode()
        assert 'data-figure="no-show">1<' in page and "4.0 / 5" in page
    assert Review.objects.get().comment == "好"


@time_machine.travel(NOW, tick=False)
def test_a_student_leaves_a_review_from_the_event_page(client, center, event, unscoped):
    came = attendee(center, event, checked_in_at=NOW)
    client.force_login(came.user)
    page = reverse("center:events:detail", kwargs={"center_slug": center.slug, "pk": event.pk})
    assert "How was it?" not in client.get(page).content.decode()
    with time_machine.travel(event.ends_at + timedelta(minutes=5), tick=False):
        assert "How was it?" in client.get(page).content.decode()
        client.post(
            reverse("center:events:review", kwargs={"center_slug": center.slug, "pk": event.pk}),
            {"rating": "5", "comment": "收获很大"},
        )
        assert "Thank you for your review." in client.get(page).content.decode()
    assert Review.objects.get().rating == 5


def test_summary_has_constant_queries(
    client, center, coordinator, event, unscoped, django_assert_max_num_queries
):
    url = reverse("center:events:summary", kwargs={"center_slug": center.slug, "pk": event.pk})
    client.force_login(coordinator)
    for _ in range(3):
        attendee(center, event)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(30):
        attendee(center, event)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 25


@time_machine.travel(NOW, tick=False)
def test_the_attendance_export_lists_who_came(
    center, coordinator, event, unscoped, django_capture_on_commit_callbacks
):
    came = attendee(center, event, checked_in_at=NOW)
    attendee(center, event)
    coordinator.language = "en"
    coordinator.save()
    after = time_machine.travel(event.ends_at + timedelta(hours=1), tick=False)
    with after, django_capture_on_commit_callbacks(execute=True), center_scope(center):
        csv_report = report_request(
            actor=coordinator,
            center=center,
            kind="event_attendance",
            file_format="csv",
            params={"event": event.pk},
        )
        xlsx = report_request(
            actor=coordinator,
            center=center,
            kind="event_attendance",
            file_format="xlsx",
            params={"event": event.pk},
        )
    csv_report.refresh_from_db()
    rows = list(csv.reader(io.StringIO(csv_report.file.read().decode("utf-8-sig"))))
    assert rows[0][:6] == ["Event", "Place in line", "Name", "Email", "Status", "Attendance"]
    assert (rows[1][2], rows[1][5]) == (came.name, "Checked in")
    assert rows[2][5] == "No-show"
    xlsx.refresh_from_db()
    sheet = load_workbook(xlsx.file.open("rb")).active
    assert len(list(sheet.values)) == 3


def test_the_calendar_file_parses_back_in_beijing_time_with_a_reminder(client, center, event):
    response = client.get(
        reverse("center:events:ics", kwargs={"center_slug": center.slug, "pk": event.pk})
    )
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Shanghai"
    (entry,) = calendar.walk("VEVENT")
    start = entry.decoded("DTSTART")
    assert start == event.starts_at and str(start.tzinfo) == "Asia/Shanghai"
    assert str(entry["SUMMARY"]) == event.title
    (alarm,) = entry.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1)


def test_the_manage_list_counts_seats_in_constant_queries(
    client, center, coordinator, unscoped, django_assert_max_num_queries
):
    url = reverse("center:events:manage", kwargs={"center_slug": center.slug})
    client.force_login(coordinator)
    first = EventFactory(center=center, starts_at=NOW + timedelta(days=60))
    first.ends_at = first.starts_at + timedelta(hours=2)
    first.save()
    RegistrationFactory(event=first)
    RegistrationFactory(event=first, status=Registration.Status.WAITLISTED)
    with django_assert_max_num_queries(15) as few:
        page = client.get(url).content.decode()
    assert ">1 + 1</a>" in page
    for _ in range(30):
        RegistrationFactory(event=EventFactory(center=center))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 25


def test_the_qr_code_carries_the_door_s_https_address(center, settings, unscoped):
    settings.DEBUG = False
    settings.PORTAL_BASE_URL = "http://portal.example.cn"
    ticket = RegistrationFactory(event=EventFactory(center=center))
    url = check_in_url(ticket)
    assert url == f"https://portal.example.cn/tickets/{ticket.ticket_code}/"
    expected = io.BytesIO()
    segno.make(url, error="m").save(
        expected, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, title="QR"
    )
    assert qr_svg(ticket) == expected.getvalue().decode()
