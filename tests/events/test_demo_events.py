"""The events demo: a full upcoming workshop with people waiting, and a past lecture that was
attended and reviewed, all through the services."""

from io import StringIO

import pytest
from django.utils import timezone

from events import selectors, services
from events.demo import (
    BOOTH_OPENINGS,
    PAST_LECTURE,
    SPRING_FAIR,
    TALKS,
    TRAINING,
    TRAINING_SESSIONS,
    WORKSHOP,
    seed_event_seats,
    seed_events,
    seed_fairs,
    seed_training,
)
from events.models import Booth, BoothVisit, DoorScan, Event, Registration, Speaker
from mentorship.scoping import system_scope
from students.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped", "demo")]


def test_the_demo_has_a_full_workshop_and_an_attended_past_lecture():
    workshop = Event.objects.get(title=WORKSHOP[0])
    assert workshop.starts_at > timezone.now()
    figures = selectors.attendance(event=workshop)
    assert (figures["registered"], figures["free"], figures["waitlisted"]) == (6, 0, 3)
    named = Registration.objects.get(event=workshop, user__email="student.hangzhou@demo.example")
    assert named.status == Registration.Status.WAITLISTED
    assert selectors.waitlist_position(named) == 3

    lecture = Event.objects.get(title=PAST_LECTURE[0])
    assert lecture.ends_at < timezone.now()
    figures = selectors.attendance(event=lecture)
    assert (figures["registered"], figures["checked_in"], figures["no_show"]) == (12, 10, 2)
    assert figures["reviews"] == 6 and figures["rating"] == 4.3
    results = list(DoorScan.objects.filter(event=lecture).values_list("result", flat=True))
    assert sorted(set(results)) == ["already", "valid"] and len(results) == 11

    # The events' loaders again over the demo: the events that exist stay as they are.
    counts = (Event.objects.count(), Registration.objects.count(), DoorScan.objects.count())
    with system_scope():
        for load in (seed_events, seed_event_seats, seed_training, seed_fairs):
            load(StringIO())
    assert Registration.objects.filter(event__in=[workshop, lecture]).count() == 21
    assert (Event.objects.count(), Registration.objects.count(), DoorScan.objects.count()) == counts


def test_the_demo_has_a_past_fair_with_booths_a_hosted_visit_and_forum_speakers():
    fair = Event.objects.get(title=SPRING_FAIR[0])
    assert fair.kind == Event.Kind.FAIR and fair.ends_at < timezone.now()
    booths = list(Booth.objects.filter(event=fair).select_related("enterprise").order_by("number"))
    assert [b.number for b in booths] == [n for n, _ in BOOTH_OPENINGS][: len(booths)]
    assert len(booths) >= 2 and "阿里巴巴" in booths[0].enterprise.name_zh
    assert all(b.status == Booth.Status.APPROVED for b in booths)
    assert services.fair_positions_offered(center=fair.center) == sum(b.openings for b in booths)
    figures = selectors.attendance(event=fair)
    assert (figures["registered"], figures["checked_in"], figures["reviews"]) == (12, 9, 3)
    sources = {f"fair-booth:{b.pk}" for b in booths}
    assert Application.objects.filter(source__in=sources).exists()
    assert BoothVisit.objects.filter(booth__event=fair).exists()
    visit = Event.objects.get(kind=Event.Kind.VISIT, center=fair.center)
    assert visit.host_base.kind == "workplace"
    assert "阿里巴巴" in visit.host_base.enterprise.name_zh
    forum = Event.objects.filter(kind=Event.Kind.FORUM, center=fair.center).first()
    assert Speaker.objects.filter(event=forum).count() == len(TALKS)


def test_the_demo_has_a_training_in_sessions_with_a_full_lab():
    training = Event.objects.get(title=TRAINING[0])
    figures = selectors.attendance(event=training)
    parts = {p["session"].title: p for p in figures["sessions"]}
    assert list(parts) == [title for _day, title, _seats in TRAINING_SESSIONS]
    lab = parts[TRAINING_SESSIONS[1][1]]
    assert (lab["registered"], lab["waitlisted"], lab["free"]) == (6, 2, 0)
    assert parts[TRAINING_SESSIONS[0][1]]["registered"] == 5
    assert figures["registered"] == 11
    named = Registration.objects.filter(
        event=training, user__email="student.hangzhou@demo.example", status="registered"
    )
    assert named.count() == 2
