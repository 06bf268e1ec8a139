"""The events' part of a person's calendar (seats and talks), and the events' former feed
address still answering with the person's calendar."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Event, Registration, Speaker
from mentorship.models import CalendarFeed, Role
from mentorship.scoping import center_scope
from mentorship.services import calendar_feed_renew, calendar_feed_revoke
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def feed_url(center, token):
    return reverse("center:calendar_feed", kwargs={"center_slug": center.slug, "token": token})


def old_feed_url(center, token):
    return reverse("center:events:feed_ics", kwargs={"center_slug": center.slug, "token": token})


def titles(response):
    calendar = Calendar.from_ical(response.content)
    return sorted(str(entry["summary"]) for entry in calendar.walk("VEVENT"))


def test_the_feed_lists_the_person_s_seats_and_talks_only(client, center, member_factory, unscoped):
    person = member_factory(center, Role.STUDENT, Role.MENTOR)
    RegistrationFactory(event=EventFactory(center=center, title="讲座甲"), user=person)
    RegistrationFactory(
        event=EventFactory(center=center, title="候补中的讲座"),
        user=person,
        status=Registration.Status.WAITLISTED,
    )
    RegistrationFactory(
        event=EventFactory(center=center, title="已取消的报名"),
        user=person,
        status=Registration.Status.CANCELLED,
    )
    RegistrationFactory(event=EventFactory(center=center, title="别人的讲座"))
    forum = EventFactory(center=center, title="导师论坛", kind=Event.Kind.FORUM)
    Speaker.objects.create(center=center, event=forum, user=person, talk_title="谈职业")
    with center_scope(center):
        feed = calendar_feed_renew(center=center, actor=person)
    response = client.get(feed_url(center, feed.token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert titles(response) == ["导师论坛", "讲座甲"]
    calendar = Calendar.from_ical(response.content)
    talk = next(e for e in calendar.walk("VEVENT") if str(e["summary"]) == "导师论坛")
    assert "谈职业" in str(talk["description"])
    assert str(talk["uid"]) == f"event-{forum.pk}@{center.slug}.mentorship"


def test_the_events_former_address_answers_with_the_person_s_calendar(
    client, center, member_factory, unscoped
):
    person = member_factory(center, Role.STUDENT)
    RegistrationFactory(event=EventFactory(center=center, title="讲座甲"), user=person)
    # An address the events' own feed gave out, carried into the core beside a newer one.
    CalendarFeed.objects.create(center=center, user=person, token="events-old-token")
    kept = CalendarFeed.objects.create(
        center=center, user=person, token="events-carried-token", carried_over=True
    )
    response = client.get(old_feed_url(center, kept.token))
    assert response.status_code == 200
    assert titles(response) == ["讲座甲"]
    assert client.get(old_feed_url(center, "not-a-token")).status_code == 404
    with center_scope(center):
        calendar_feed_revoke(center=center, actor=person)
    assert client.get(old_feed_url(center, kept.token)).status_code == 404
    assert client.get(feed_url(center, "events-old-token")).status_code == 404
