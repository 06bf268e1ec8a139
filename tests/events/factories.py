"""Factories of events."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, EventSession, Registration
from tests.factories import ServiceCenterFactory, UserFactory


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


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A seat at an event; pass `status` and `queue_number` for a place in line."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    center = factory.SelfAttribute("event.center")
    home_center = factory.SelfAttribute("center")
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.get_full_name() if o.user else "散客")
    status = Registration.Status.REGISTERED
    queue_number = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def counter(obj, create, extracted, **kwargs):
        # The event hands out places after the last one taken, as the services would.
        if create:
            Event.objects.filter(pk=obj.event_id, queue_counter__lt=obj.queue_number).update(
                queue_counter=obj.queue_number
            )


class EventSessionFactory(factory.django.DjangoModelFactory):
    """A session within its event's times (pass `starts_at` for another hour)."""

    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory)
    center = factory.SelfAttribute("event.center")
    title = factory.Sequence(lambda n: f"第{n + 1}讲")
    starts_at = factory.SelfAttribute("event.starts_at")
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    capacity = 10
