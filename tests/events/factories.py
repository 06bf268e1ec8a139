"""Factories of events."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event
from tests.factories import ServiceCenterFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    center = factory.SubFactory(ServiceCenterFactory)
    kind = Event.Kind.LECTURE
    title = factory.Sequence(lambda n: f"就业讲座 {n}")
    description = "导师分享求职经验。"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    location = "浙江财经大学下沙校区报告厅"
    capacity = 200
    status = Event.Status.PUBLISHED
