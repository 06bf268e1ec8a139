"""A person's calendar in one center: the entries each app registers, as a page and an
iCalendar feed.

The core knows no app: students (interviews, placement starts, deadlines), events (seats and
talks) and mentors (booked consultations) each register, in `<app>/calendar.py`, a source
`fn(*, center, user, today)` that returns the person's dated items there as
`CalendarItem`s with absolute links. The feed's secret address is a `CalendarFeed`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, Timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRODID = "-//Hangzhou Mentorship Program//Portal//EN"


@dataclass
class CalendarItem:
    """One entry of a person's calendar, as the page and the feed show it."""

    uid: str
    # What the page's badge says: "interview", "placement", "deadline", "event", "talk",
    # "consultation".
    kind: str
    title: str
    starts: datetime | date
    ends: datetime | date | None = None
    where: str = ""
    url: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.starts, datetime)


CalendarSource = Callable[..., Iterable[CalendarItem]]
SOURCES: dict[str, CalendarSource] = {}


def register_calendar_source(key: str, fn: CalendarSource) -> None:
    """`fn(*, center, user, today)` -> the person's items in `center`, a fixed number of
    queries whatever the number of rows."""
    SOURCES[key] = fn


def calendar_items(*, center, user, today: date | None = None) -> list[CalendarItem]:
    """Every registered source's items for the person, soonest first."""
    today = today or timezone.localdate()
    items = [
        item
        for key in sorted(SOURCES)
        for item in SOURCES[key](center=center, user=user, today=today)
    ]
    return sorted(items, key=_sort_key)


def _sort_key(item: CalendarItem):
    if item.all_day:
        return (item.starts, "")
    moment = timezone.localtime(item.starts)
    return (moment.date(), moment.isoformat())


def _calendar(name: str, method: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    return cal


def _event(item: CalendarItem) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", timezone.now())
    event.add("summary", item.title)
    event.add("sequence", item.sequence)
    if item.all_day:
        event.add("dtstart", item.starts)
        event.add("dtend", item.ends or item.starts + timedelta(days=1))
    else:
        event.add("dtstart", item.starts.astimezone(SHANGHAI))
        event.add("dtend", (item.ends or item.starts + timedelta(hours=1)).astimezone(SHANGHAI))
    if item.where:
        event.add("location", item.where)
    if item.url:
        event.add("url", item.url)
    if item.description:
        event.add("description", item.description)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if not item.cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        # A timed entry needs the hour before; a whole day's item the evening before.
        alarm.add("trigger", timedelta(hours=-1) if not item.all_day else timedelta(hours=-6))
        event.add_component(alarm)
    return event


def ics_bytes(items: list[CalendarItem], *, name: str, method: str = "") -> bytes:
    """The items as one iCalendar file with the Asia/Shanghai time zone it refers to."""
    cal = _calendar(name, method)
    for item in items:
        cal.add_component(_event(item))
    cal.add_missing_timezones()
    if not any(c.name == "VTIMEZONE" for c in cal.subcomponents):
        # An all-day-only calendar still names the program's zone for the clients that ask.
        cal.add_component(Timezone.from_tzid("Asia/Shanghai"))
    return cal.to_ical()
