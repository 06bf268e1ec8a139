"""The events' section of the annual report: the year's notable events, by attendance."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event, Registration
from mentorship.annual_report import register_section


@register_section(
    "events.notable",
    title=_("Notable events"),
    value_label=pgettext_lazy("annual report", "Checked in"),
    kind_labels=Event.Kind.choices,
    order=10,
)
def notable_events(year):
    """The center's events of the year that most people came to (checked in at the door)."""
    events = (
        Event.objects.exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
        .filter(starts_at__year=year)
        .annotate(
            came=Count(
                "registrations",
                filter=Q(
                    registrations__status=Registration.Status.REGISTERED,
                    registrations__checked_in_at__isnull=False,
                ),
            )
        )
        .filter(came__gt=0)
        .order_by("-came", "starts_at", "pk")[:10]
    )
    return [
        {
            "title": event.title,
            "kind": event.kind,
            "on": timezone.localdate(event.starts_at).isoformat(),
            "value": event.came,
        }
        for event in events
    ]
