"""The events' part of each mentor's record: talks given as a speaker on an event's
programme (published events that have begun, placed in the year they took place)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Speaker
from mentorship.service_record import (
    RecordItem,
    count_by_year,
    register_service_record_source,
    year_of,
)


def _talks(user_ids):
    return Speaker.objects.filter(
        user_id__in=user_ids,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__lte=timezone.now(),
    )


def talks_given(*, center, user_ids):
    return count_by_year(
        _talks(user_ids), center=center, user_field="user_id", date_field="event__starts_at"
    )


def talk_items(*, center, user, year):
    talks = _talks([user.pk]).filter(center=center)
    rows = (
        talks.annotate(record_year=year_of(talks, "event__starts_at"))
        .filter(record_year=year)
        .values_list("talk_title", "event__title", "event__starts_at")
        .order_by("event__starts_at", "pk")
    )
    return [
        RecordItem(
            day=timezone.localdate(starts),
            text=_("“%(talk)s” at %(event)s") % {"talk": talk, "event": event},
        )
        for talk, event, starts in rows
    ]


register_service_record_source(
    "events.talks", _("Talks given"), talks_given, order=60, items=talk_items
)
