"""An event registrant's data: in their copy, and what erasure blanks; cancelling an event
tells the people registered or waiting."""

import pytest

from events import services
from events.models import (
    Booth,
    BoothVisit,
    Registration,
    Review,
    SeatOffer,
    Speaker,
)
from mentorship.models import Notification, NotificationKind
from mentorship.personal_data import sections
from mentorship.scoping import center_scope
from tests.bases.factories import EnterpriseFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _section():
    return next(s for s in sections() if s.key == "event_registrations")


def test_a_person_s_registrations_and_reviews_are_in_their_copy_and_erased(center, unscoped):
    registration = RegistrationFactory(event=EventFactory(center=center), name="韩梅梅")
    Review.objects.create(
        center=center, event=registration.event, registration=registration, rating=4, comment="好"
    )
    (row,) = _section().export(registration.user)
    assert (row["ticket_code"], row["my_rating"], row["my_review"]) == (
        registration.ticket_code,
        4,
        "好",
    )
    _section().erase(registration.user)
    registration.refresh_from_db()
    assert registration.name == "" and Review.objects.get().comment == ""


def test_cancelling_an_event_tells_everyone_holding_or_waiting_and_withdraws_offers(
    center, coordinator, unscoped
):
    event = EventFactory(center=center, capacity=1)
    seated = RegistrationFactory(event=event)
    offered = RegistrationFactory(event=event, status=Registration.Status.OFFERED)
    SeatOffer.objects.create(
        center=center,
        registration=offered,
        offered_at=event.created_at,
        expires_at=event.starts_at,
    )
    gone = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    with center_scope(center):
        services.event_cancel(center=center, actor=coordinator, event=event, reason="场地检修")
    told = set(
        Notification.objects.filter(kind=NotificationKind.EVENT_REGISTRATION).values_list(
            "user", flat=True
        )
    )
    assert told == {seated.user_id, offered.user_id}
    assert gone.user_id not in told
    assert SeatOffer.objects.get().status == SeatOffer.Status.WITHDRAWN


def test_a_person_s_talks_and_booth_visits_are_in_their_copy(center, unscoped):
    person = UserFactory()
    forum = EventFactory(center=center, title="导师论坛")
    Speaker.objects.create(center=center, event=forum, user=person, talk_title="谈职业")
    booth = Booth.objects.create(
        center=center,
        event=EventFactory(center=center, kind="fair"),
        enterprise=EnterpriseFactory(),
        openings=3,
        status="approved",
        number="A1",
    )
    BoothVisit.objects.create(center=center, booth=booth, user=person)
    section = next(s for s in sections() if s.key == "event_talks_visits")
    copy = section.export(person)
    assert copy["talks"][0]["talk"] == "谈职业"
    assert len(copy["fair_booths_visited"]) == 1
