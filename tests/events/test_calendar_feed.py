"""A person's calendar feed: a secret, revocable address listing their events."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from events import services
from events.models import CalendarFeed, Event, Registration, Speaker
from mentorship.models import AuditEntry, Role
from mentorship.scoping import center_scope
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def feed_url(center, token):
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
        feed = services.feed_renew(center=center, actor=person)
    response = client.get(feed_url(center, feed.token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert titles(response) == ["导师论坛", "讲座甲"]


def test_a_new_address_revokes_the_old_and_revoking_shuts_it(
    client, center, member_factory, unscoped
):
    person = member_factory(center, Role.STUDENT)
    with center_scope(center):
        old = services.feed_renew(center=center, actor=person)
        new = services.feed_renew(center=center, actor=person)
    assert old.token != new.token and len(new.token) >= 32
    assert client.get(feed_url(center, old.token)).status_code == 404
    assert client.get(feed_url(center, new.token)).status_code == 200
    with center_scope(center):
        assert services.feed_revoke(center=center, actor=person) is True
        assert services.feed_revoke(center=center, actor=person) is False
    assert client.get(feed_url(center, new.token)).status_code == 404
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 0
    verbs = list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "calendar_feed.created",
        "calendar_feed.revoked",
        "calendar_feed.created",
        "calendar_feed.revoked",
    ]


def test_a_token_works_only_in_its_own_center(
    client, center, other_center, member_factory, unscoped
):
    person = member_factory(center, Role.STUDENT)
    with center_scope(center):
        feed = services.feed_renew(center=center, actor=person)
    assert client.get(feed_url(other_center, feed.token)).status_code == 404
    assert client.get(feed_url(center, "not-a-token")).status_code == 404


def test_the_feed_page_makes_shows_and_revokes_the_address(
    client, center, member_factory, unscoped
):
    person = member_factory(center, Role.STUDENT)
    client.force_login(person)
    page = reverse("center:events:feed", kwargs={"center_slug": center.slug})
    assert "Make my calendar address" in client.get(page).content.decode()
    client.post(page, {"renew": "1"})
    feed = CalendarFeed.objects.get()
    assert feed.token in client.get(page).content.decode()
    client.post(page, {"revoke": "1"})
    feed.refresh_from_db()
    assert feed.revoked_at is not None
