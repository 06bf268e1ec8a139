"""Row makers of the isolation matrix for event URLs."""

from django.utils import timezone

from events.models import Booth, EventPartner
from mentorship.models import CalendarFeed
from tests.bases.factories import EnterpriseFactory
from tests.events.factories import EventFactory, EventSessionFactory, RegistrationFactory
from tests.factories import ServiceCenterFactory
from tests.isolation import Row, row_maker
from tests.students.factories import PositionFactory, StudentProfileFactory, TrainingBaseFactory


def _event(center, **kwargs):
    return EventFactory(center=center, title="行级秘密讲座", **kwargs)


@row_maker("center:events:detail")
def _detail(center):
    return Row({"pk": _event(center, status="draft").pk}, secret="行级秘密讲座", role="coordinator")


@row_maker("center:events:edit")
def _edit(center):
    return Row({"pk": _event(center).pk}, secret="行级秘密讲座")


@row_maker("center:events:publish")
def _publish(center):
    return Row({"pk": _event(center, status="draft").pk})


@row_maker("center:events:cancel")
def _cancel(center):
    return Row({"pk": _event(center).pk})


def _published(center):
    return Row({"pk": _event(center).pk}, secret="行级秘密讲座")


for _name in ("ics", "register", "review", "registration_cancel", "offer_confirm", "ticket"):
    row_maker(f"center:events:{_name}")(_published)


def _coordinators(center):
    return Row({"pk": _event(center).pk}, secret="行级秘密讲座", role="coordinator")


for _name in ("door", "summary"):
    row_maker(f"center:events:{_name}")(_coordinators)


for _name in ("door_staff", "export"):
    row_maker(f"center:events:{_name}")(lambda center: Row({"pk": _event(center).pk}))


@row_maker("center:events:door_code")
def _door_code(center):
    registration = RegistrationFactory(event=_event(center), name="行级秘密来宾")
    return Row({"code": registration.ticket_code}, secret="行级秘密来宾", role="coordinator")


def _fair(center):
    return _event(center, kind="fair")


def _booth(center, status="approved"):
    base = TrainingBaseFactory(center=center, enterprise=EnterpriseFactory(name_zh="行级秘密企业"))
    booth = Booth.objects.create(
        center=center,
        event=_fair(center),
        enterprise=base.enterprise,
        openings=3,
        status=status,
        number="A1" if status == "approved" else "",
    )
    position = PositionFactory(base=base)
    booth.positions.set([position])
    return booth, position


@row_maker("center:events:booths")
def _booths(center):
    return Row({"pk": _fair(center).pk}, secret="行级秘密讲座")


@row_maker("center:events:booth_apply")
def _booth_apply(center):
    return Row({"pk": _fair(center).pk}, secret="行级秘密讲座")


@row_maker("center:events:booth")
def _booth_detail(center):
    booth, _position = _booth(center)
    return Row({"pk": booth.pk}, secret="行级秘密企业")


@row_maker("center:events:booth_decide")
def _booth_decide(center):
    booth, _position = _booth(center, status="pending")
    return Row({"pk": booth.pk})


@row_maker("center:events:booth_position_apply")
def _booth_position_apply(center):
    booth, position = _booth(center)
    return Row({"pk": booth.pk, "position": position.pk})


@row_maker("center:events:programme")
def _programme(center):
    return Row({"pk": _event(center).pk}, secret="行级秘密讲座")


@row_maker("center:events:sessions")
def _sessions(center):
    event = _event(center)
    EventSessionFactory(event=event, title="行级秘密场次")
    return Row({"pk": event.pk}, secret="行级秘密场次")


@row_maker("center:events:feed_ics")
def _feed_ics(center):
    registration = RegistrationFactory(event=_event(center))
    feed = CalendarFeed.objects.create(center=center, user=registration.user)
    return Row({"token": feed.token}, secret="行级秘密讲座")


@row_maker("center:events:partners")
def _partners(center):
    return Row({"pk": _event(center).pk}, secret="行级秘密讲座")


def _invitation(center, status):
    """An event of another center that invited `center` to co-organize it."""
    organizer = ServiceCenterFactory()
    event = EventFactory(center=organizer, title="行级秘密联合活动")
    return EventPartner.objects.create(
        center=organizer, event=event, partner=center, status=status, invited_at=timezone.now()
    )


@row_maker("center:events:partner_answer")
def _partner_answer(center):
    return Row({"pk": _invitation(center, EventPartner.Status.INVITED).pk})


@row_maker("center:events:partner_export")
def _partner_export(center):
    return Row({"pk": _invitation(center, EventPartner.Status.ACCEPTED).event.pk})


@row_maker("center:events:partner_registrations")
def _partner_registrations(center):
    event = _invitation(center, EventPartner.Status.ACCEPTED).event
    student = StudentProfileFactory(center=center).user
    RegistrationFactory(event=event, user=student, name="行级秘密来宾")
    return Row({"pk": event.pk}, secret="行级秘密来宾", role="coordinator")


@row_maker("event_ticket")
def _event_ticket(center):
    registration = RegistrationFactory(event=_event(center), name="行级秘密来宾")
    return Row({"code": registration.ticket_code}, secret="行级秘密来宾")
