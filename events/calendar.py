"""The events app's part of a person's calendar: the events they hold (or are offered) a
seat at and those they speak at."""

from django.utils.translation import gettext as _

from events.models import Event, Speaker
from events.selectors import feed_events
from mentorship.calendar import CalendarItem, register_calendar_source
from mentorship.links import center_url
from mentorship.mail import absolute_url
from mentorship.scoping import shared_with_center


def event_items(*, center, user, today) -> list[CalendarItem]:
    # The seats held at events the center co-organizes are read in its shared scope.
    with shared_with_center(center, actor=user, reason="calendar", audited=False):
        events = feed_events(center=center, user=user)
    if not events:
        return []
    talks = dict(
        Speaker.objects.filter(
            center=center, user=user, event_id__in=[e.pk for e in events]
        ).values_list("event_id", "talk_title")
    )
    items = []
    for event in events:
        talk = talks.get(event.pk)
        lines = [_("Your talk: %(talk)s") % {"talk": talk}] if talk else []
        if event.description:
            lines.append(event.description)
        items.append(
            CalendarItem(
                # The same UID as the events' feed gave, so a subscribed calendar keeps its entry.
                uid=f"event-{event.pk}@{event.center.slug}.mentorship",
                kind="talk" if talk else "event",
                title=event.title,
                starts=event.starts_at,
                ends=event.ends_at,
                where=event.location,
                url=absolute_url(center_url(center, "center:events:detail", pk=event.pk)),
                description="\n".join(lines),
                cancelled=event.status == Event.Status.CANCELLED,
            )
        )
    return items


register_calendar_source("events", event_items)
