"""Reads of events: what visitors see and what coordinators manage."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from events.models import Event
from mentorship.models import Role


def upcoming_events(*, center, limit=None):
    events = Event.objects.filter(
        center=center, status=Event.Status.PUBLISHED, ends_at__gte=timezone.now()
    ).order_by("starts_at", "pk")
    return events[:limit] if limit else events


def center_events(*, center):
    return Event.objects.filter(center=center).order_by("-starts_at", "-pk")


def access_public_event(*, center, pk) -> Event:
    """A published or cancelled event anyone may read; drafts stay with the coordinators."""
    return get_object_or_404(Event.objects.exclude(status=Event.Status.DRAFT), center=center, pk=pk)


def access_event(*, center, pk) -> Event:
    return get_object_or_404(Event.objects.all(), center=center, pk=pk)


def access_event_for(*, center, roles, pk) -> Event:
    """The event as the visitor may read it: coordinators their drafts too, others only
    what was published."""
    if Role.COORDINATOR in roles:
        return access_event(center=center, pk=pk)
    return access_public_event(center=center, pk=pk)
