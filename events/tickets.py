"""A registration's ticket as others read it: the check-in address its QR code carries, the
QR itself (SVG for pages, PNG for emails), and the event as an iCalendar file."""

import base64
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.urls import reverse
from icalendar import Alarm, Calendar, Timezone
from icalendar import Event as CalendarEvent

from mentorship.mail import absolute_url

SHANGHAI = ZoneInfo("Asia/Shanghai")


def check_in_url(registration) -> str:
    """The ticket's own address, absolute: a phone's camera opens it directly, and it leads
    door staff to their own center's door (the organizer's or a co-organizing center's)
    and the ticket's owner to their ticket."""
    url = absolute_url(reverse("event_ticket", kwargs={"code": registration.ticket_code}))
    # A camera app opens what the code says; it must be the portal's public HTTPS address
    # even when the base address was written without the scheme's security.
    if url.startswith("http://") and not settings.DEBUG:
        url = "https://" + url.removeprefix("http://")
    return url


def qr_svg(registration) -> str:
    qr = segno.make(check_in_url(registration), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, title="QR")
    return out.getvalue().decode()


def qr_png_data_uri(registration) -> str:
    qr = segno.make(check_in_url(registration), error="m")
    out = io.BytesIO()
    qr.save(out, kind="png", scale=5, border=2)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def event_calendar(event, *, url: str, sessions=()) -> bytes:
    """One event in iCalendar form, in Beijing time with its time zone, and a reminder an
    hour before it starts; a multi-session event as one entry per session."""
    if not sessions:
        return events_calendar([(event, url)])
    calendar = Calendar()
    calendar.add("prodid", "-//Mentorship Program Portal//events//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(Timezone.from_tzid("Asia/Shanghai"))
    for session in sessions:
        entry = _entry(event, url)
        for field in ("uid", "summary", "dtstart", "dtend"):
            entry.pop(field)
        entry.add("uid", f"event-{event.pk}-session-{session.pk}@{event.center.slug}.mentorship")
        entry.add("summary", f"{event.title} · {session.title}")
        entry.add("dtstart", session.starts_at.astimezone(SHANGHAI))
        entry.add("dtend", session.ends_at.astimezone(SHANGHAI))
        calendar.add_component(entry)
    return calendar.to_ical()


def events_calendar(events_and_urls, *, name: str = "") -> bytes:
    """Events in one iCalendar file: a person's feed, or a single event's file."""
    calendar = Calendar()
    calendar.add("prodid", "-//Mentorship Program Portal//events//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add_component(Timezone.from_tzid("Asia/Shanghai"))
    for event, url in events_and_urls:
        calendar.add_component(_entry(event, url))
    return calendar.to_ical()


def _entry(event, url):
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{event.center.slug}.mentorship")
    entry.add("summary", event.title)
    entry.add("location", event.location)
    entry.add("description", event.description)
    entry.add("dtstart", event.starts_at.astimezone(SHANGHAI))
    entry.add("dtend", event.ends_at.astimezone(SHANGHAI))
    entry.add("dtstamp", event.updated_at)
    entry.add("url", url)
    if event.status == "cancelled":
        entry.add("status", "CANCELLED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.title)
    alarm.add("trigger", timedelta(hours=-1))
    entry.add_component(alarm)
    return entry
