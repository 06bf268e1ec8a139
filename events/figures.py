"""The events' figures of the program: fairs held, positions offered at them, attendance."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from events.models import Booth, Event, Registration
from mentorship.figures import COUNT, register_figure

SOURCE = _("Events, fair booths and door check-ins recorded by each service center")


def _held():
    return Event.objects.exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])


@register_figure(
    "events.held",
    label=_("Events held"),
    definition=_(
        "Published events that were not cancelled, counted in the month they start, by kind:"
        " lectures, recruitment fairs, face-to-face tutor activities, visits and more."
    ),
    unit=COUNT,
    date_field="starts_at",
    value=Count("pk"),
    source=SOURCE,
    order=60,
    kind_field="kind",
    kind_labels=Event.Kind.choices,
)
def events_held():
    return _held()


@register_figure(
    "events.fair_positions_offered",
    label=_("Positions offered at fairs"),
    definition=_(
        "The openings that enterprises offered at their approved booths of recruitment"
        " fairs, counted in the month the fair starts."
    ),
    unit=COUNT,
    date_field="starts_at",
    value=Sum("booths__openings", filter=Q(booths__status=Booth.Status.APPROVED)),
    source=SOURCE,
    order=61,
)
def fair_positions_offered():
    return _held().filter(kind=Event.Kind.FAIR)


@register_figure(
    "events.attendance",
    label=_("Event attendance"),
    definition=_(
        "People checked in at the door of an event, walk-ins included, counted in the month"
        " they came, by the kind of event; at a multi-session event, once per session."
    ),
    unit=COUNT,
    date_field="checked_in_at",
    value=Count("pk"),
    source=SOURCE,
    order=62,
    kind_field="event__kind",
    kind_labels=Event.Kind.choices,
)
def attendance():
    return Registration.objects.filter(
        status=Registration.Status.REGISTERED, checked_in_at__isnull=False
    )
