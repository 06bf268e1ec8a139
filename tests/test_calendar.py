"""A person's one calendar in a center: every app's dated items on one page and in one
secret feed; the address made, renewed (old one revoked) and revoked; carried-over
addresses of the two former feeds; the person's data copy and erasure."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentorship.calendar import SOURCES, calendar_items
from mentorship.models import AuditEntry, CalendarFeed
from mentorship.personal_data import sections
from mentorship.scoping import center_scope
from mentorship.services import calendar_feed_renew, calendar_feed_revoke
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.mentors.factories import ConsultationSlotFactory
from tests.students.factories import ApplicationFactory, PositionFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db


def url(center, name, **kwargs):
    return reverse(f"center:{name}", kwargs={"center_slug": center.slug, **kwargs})


def _summaries(content: bytes) -> list[str]:
    return sorted(str(e["summary"]) for e in Calendar.from_ical(content).walk("VEVENT"))


@pytest.fixture
def student(center, unscoped):
    return StudentProfileFactory(center=center).user


def test_students_events_and_mentors_fill_the_registry():
    assert {"students", "events", "mentors"} <= set(SOURCES)


def test_one_feed_holds_deadlines_seats_and_booked_consultations(client, center, student):
    position = PositionFactory(base__center=center, title="数据分析实习")
    ApplicationFactory(position=position, student=student.student_profiles.get())
    RegistrationFactory(event=EventFactory(center=center, title="就业讲座"), user=student)
    slot = ConsultationSlotFactory(activity__center=center, student=student)
    slot.booked_at = timezone.now()
    slot.save()
    with center_scope(center):
        feed = calendar_feed_renew(center=center, actor=student)
        mentor = slot.mentor.user
        mentor_items = calendar_items(center=center, user=mentor)
    response = client.get(url(center, "calendar_feed", token=feed.token))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    summaries = _summaries(response.content)
    assert "就业讲座" in summaries
    assert any("数据分析实习" in s for s in summaries)
    assert any(mentor.get_full_name() in s for s in summaries)
    # The mentor's own calendar shows the consultation with the student's name.
    assert [i.kind for i in mentor_items] == ["consultation"]
    assert student.get_full_name() in mentor_items[0].title


def test_renewing_revokes_the_old_address_and_revoking_shuts_the_new(client, center, student):
    with center_scope(center):
        old = calendar_feed_renew(center=center, actor=student)
        new = calendar_feed_renew(center=center, actor=student)
    assert old.token != new.token and len(new.token) >= 32
    assert client.get(url(center, "calendar_feed", token=old.token)).status_code == 404
    assert client.get(url(center, "calendar_feed", token=new.token)).status_code == 200
    with center_scope(center):
        assert calendar_feed_revoke(center=center, actor=student) is True
        assert calendar_feed_revoke(center=center, actor=student) is False
    assert client.get(url(center, "calendar_feed", token=new.token)).status_code == 404
    verbs = list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "calendar_feed.created",
        "calendar_feed.renewed",
        "calendar_feed.revoked",
    ]


def test_renewing_also_revokes_an_address_carried_over_from_a_former_feed(client, center, student):
    CalendarFeed.objects.create(center=center, user=student, token="from-students")
    CalendarFeed.objects.create(center=center, user=student, token="from-events", carried_over=True)
    for token in ("from-students", "from-events"):
        assert client.get(url(center, "calendar_feed", token=token)).status_code == 200
    with center_scope(center):
        new = calendar_feed_renew(center=center, actor=student)
    for token in ("from-students", "from-events"):
        assert client.get(url(center, "calendar_feed", token=token)).status_code == 404
    assert list(CalendarFeed.objects.filter(revoked_at=None)) == [new]


def test_only_members_of_the_center_get_an_address(center, other_center, student):
    with center_scope(other_center), pytest.raises(PermissionDenied):
        calendar_feed_renew(center=other_center, actor=student)
    assert not CalendarFeed.objects.exists()


def test_a_token_works_only_in_its_own_center(client, center, other_center, student):
    with center_scope(center):
        feed = calendar_feed_renew(center=center, actor=student)
    assert client.get(url(other_center, "calendar_feed", token=feed.token)).status_code == 404


def test_the_page_makes_shows_copies_and_revokes_the_address(client, center, student):
    client.force_login(student)
    page = url(center, "calendar")
    assert "Make my calendar address" in client.get(page).content.decode()
    client.post(page, {"action": "renew"})
    feed = CalendarFeed.objects.get()
    html = client.get(page).content.decode()
    assert feed.token in html and 'data-copy="feed-url"' in html
    client.post(page, {"action": "revoke"})
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert "Make my calendar address" in client.get(page).content.decode()


def test_the_page_reads_a_fixed_number_of_queries(
    client, center, student, django_assert_max_num_queries
):
    for i in range(5):
        RegistrationFactory(event=EventFactory(center=center, title=f"讲座{i}"), user=student)
        ApplicationFactory(
            position=PositionFactory(base__center=center), student=student.student_profiles.get()
        )
    client.force_login(student)
    with django_assert_max_num_queries(20):
        response = client.get(url(center, "calendar"))
    assert response.content.decode().count("calendar-event") == 5
    assert response.content.decode().count("calendar-deadline") == 5


def test_the_data_copy_lists_addresses_and_erasure_removes_them(center, student):
    with center_scope(center):
        calendar_feed_renew(center=center, actor=student)
        calendar_feed_renew(center=center, actor=student)
    other = UserFactory()
    CalendarFeed.objects.create(center=center, user=other)
    section = next(s for s in sections() if s.key == "calendar_feeds")
    copied = section.export(student)
    assert len(copied) == 2 and sum(1 for f in copied if f["revoked"]) == 1
    section.erase(student)
    assert list(CalendarFeed.objects.values_list("user", flat=True)) == [other.pk]


def test_past_items_older_than_a_month_leave_the_calendar(center, student):
    RegistrationFactory(
        event=EventFactory(
            center=center,
            title="很久以前",
            starts_at=timezone.now() - timedelta(days=60),
            ends_at=timezone.now() - timedelta(days=60, hours=-2),
        ),
        user=student,
    )
    with center_scope(center):
        assert calendar_items(center=center, user=student) == []


def test_the_two_former_feeds_move_in_with_their_tokens(postgres, client, center, student):
    """The data migrations, run on tables of the former models made for the test."""
    state = MigrationLoader(connection).project_state(
        [
            ("students", "0011_application_source"),
            ("events", "0007_calendar_feeds"),
            ("mentorship", "0017_calendar_feeds"),
        ]
    )
    old_student_feed = state.apps.get_model("students", "CalendarFeed")
    old_event_feed = state.apps.get_model("events", "CalendarFeed")
    with connection.schema_editor() as editor:
        editor.create_model(old_student_feed)
        editor.create_model(old_event_feed)
    RegistrationFactory(event=EventFactory(center=center, title="就业讲座"), user=student)
    only_events = StudentProfileFactory(center=center).user
    mine = old_student_feed.objects.create(center_id=center.pk, user_id=student.pk, token="s-1")
    old_event_feed.objects.create(center_id=center.pk, user_id=student.pk, token="e-live")
    old_event_feed.objects.create(
        center_id=center.pk, user_id=student.pk, token="e-gone", revoked_at=timezone.now()
    )
    old_event_feed.objects.create(center_id=center.pk, user_id=only_events.pk, token="e-only")
    AuditEntry.objects.create(
        center=center,
        actor=student,
        verb="calendar_feed.created",
        target_type="students.calendarfeed",
        target_id=str(mine.pk),
    )
    for module in (
        "students.migrations.0012_calendar_feed_moves_to_core",
        "events.migrations.0008_calendar_feed_moves_to_core",
    ):
        import_module(module).move_feeds(state.apps, None)

    def status(name, token):
        return client.get(url(center, name, token=token)).status_code

    assert status("calendar_feed", "s-1") == 200
    assert "就业讲座" in _summaries(client.get(url(center, "calendar_feed", token="s-1")).content)
    assert status("events:feed_ics", "e-live") == 200
    assert status("events:feed_ics", "e-only") == 200
    assert status("events:feed_ics", "e-gone") == 404
    feeds = {f.token: f for f in CalendarFeed.objects.all()}
    assert not feeds["s-1"].carried_over and feeds["e-live"].carried_over
    assert not feeds["e-only"].carried_over
    entry = AuditEntry.objects.get(verb="calendar_feed.created")
    assert (entry.target_type, entry.target_id) == ("mentorship.calendarfeed", str(feeds["s-1"].pk))
    # The person's page shows their own address, and renewing shuts both former ones.
    client.force_login(student)
    assert "s-1" in client.get(url(center, "calendar")).content.decode()
    client.post(url(center, "calendar"), {"action": "renew"})
    assert status("calendar_feed", "s-1") == 404
    assert status("events:feed_ics", "e-live") == 404
