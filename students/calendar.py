"""Calendar files of the students app: one interview as an .ics invitation, and a
student's whole calendar (interviews, placement starts, application deadlines) as a feed."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRODID = "-//Hangzhou Mentorship Program//Portal//EN"


@dataclass
class CalendarItem:
    """One entry of a student's calendar, as the page and the feed show it."""

    uid: str
    kind: str  # "interview", "placement", "deadline"
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
        # An interview needs the hour before; a whole day's item the evening before.
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


def interview_item(interview, *, url: str = "") -> CalendarItem:
    application = interview.application
    position = application.position
    enterprise = position.base.enterprise
    where = interview.place if interview.mode == interview.Mode.IN_PERSON else interview.link
    lines = [
        _("Interview for “%(position)s” at %(enterprise)s")
        % {"position": position.title, "enterprise": enterprise},
        _("Candidate: %(name)s") % {"name": application.student.user.get_full_name()},
    ]
    if interview.mode == interview.Mode.ONLINE:
        lines.append(_("Online: %(link)s") % {"link": interview.link})
    if interview.note:
        lines.append(interview.note)
    return CalendarItem(
        uid=f"interview-{interview.uid}@mentorship",
        kind="interview",
        title=_("Interview: %(position)s (%(enterprise)s)")
        % {"position": position.title, "enterprise": enterprise},
        starts=interview.starts_at,
        ends=interview.ends_at,
        where=where,
        url=url,
        description="\n".join(lines),
        sequence=interview.sequence,
        cancelled=interview.status == interview.Status.CANCELLED,
    )
