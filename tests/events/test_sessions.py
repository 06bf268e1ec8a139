"""Multi-session events: each session has its own times, places, waitlist, offers, tickets,
door and reminders; the event's figures are the sessions' sums."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from events import selectors, services
from events.models import DoorScan, EventSession, Registration, SeatOffer
from mentorship.models import AuditEntry, Notification, NotificationKind, Role
from mentorship.personal_data import sections
from mentorship.scoping import center_scope
from tests.events.factories import EventFactory, EventSessionFactory
from tests.students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=SH)
S = Registration.Status


@pytest.fixture
def training(center, unscoped):
    """Three evenings of a week-long training: 2 places each, 10 in all."""
    event = EventFactory(
        center=center,
        title="数据分析训练营",
        capacity=10,
        starts_at=NOW + timedelta(days=2),
        ends_at=NOW + timedelta(days=9),
    )
    for day, title in ((2, "第一讲"), (4, "第二讲"), (6, "第三讲")):
        EventSessionFactory(
            event=event, title=title, starts_at=NOW + timedelta(days=day, hours=10), capacity=2
        )
    return event


def sessions_of(event):
    return list(EventSession.objects.filter(event=event).order_by("starts_at"))


def students(center, n):
    return [StudentProfileFactory(center=center).user for _ in range(n)]


def register(center, user, event, session):
    with center_scope(center):
        return services.registration_create(center=center, actor=user, event=event, session=session)


def in_session(session):
    return list(
        Registration.objects.filter(session=session)
        .order_by("queue_number")
        .values_list("user_id", "status")
    )


@time_machine.travel(NOW, tick=False)
def test_each_session_fills_and_queues_on_its_own(center, training, unscoped):
    first, second, _third = sessions_of(training)
    a, b, c = students(center, 3)
    for person in (a, b, c):
        register(center, person, training, first)
    register(center, c, training, second)
    assert in_session(first) == [(a.pk, S.REGISTERED), (b.pk, S.REGISTERED), (c.pk, S.WAITLISTED)]
    assert in_session(second) == [(c.pk, S.REGISTERED)]
    with pytest.raises(ValidationError, match="already registered"):
        register(center, a, training, first)
    with pytest.raises(ValidationError, match="Choose a session"):
        register(center, a, training, None)
    other = EventSessionFactory(event=EventFactory(center=center))
    with pytest.raises(ValidationError, match="not part of the event"):
        register(center, a, training, other)
    figures = selectors.attendance(event=training)
    assert [p["registered"] for p in figures["sessions"]] == [2, 1, 0]
    assert (figures["registered"], figures["waitlisted"], figures["free"]) == (3, 1, 3)
    entry = AuditEntry.objects.filter(verb="registration.created").order_by("pk").last()
    assert entry.after["session"] == second.pk


@time_machine.travel(NOW, tick=False)
def test_a_seat_freed_in_one_session_goes_only_to_that_session_s_line(center, training, unscoped):
    first, second, _third = sessions_of(training)
    a, b, c, d, e = students(center, 5)
    seat_a = register(center, a, training, first)
    register(center, b, training, first)
    register(center, c, training, first)  # waits for the first
    register(center, d, training, second)
    register(center, e, training, second)
    with center_scope(center):
        services.registration_cancel(center=center, actor=a, registration=seat_a)
    assert dict(in_session(first))[c.pk] == S.OFFERED
    offer = SeatOffer.objects.get(registration__user=c)
    # The hold never outlasts the session's start.
    assert offer.expires_at <= first.starts_at
    assert dict(in_session(second)) == {d.pk: S.REGISTERED, e.pk: S.REGISTERED}
    notice = Notification.objects.filter(user=c, kind=NotificationKind.EVENT_SEAT_OFFERED).last()
    assert "第一讲" in notice.translations["en"][0]


def test_no_offer_once_the_session_started_and_a_lapsed_offer_is_not_reused(
    center, training, unscoped
):
    first, second, _third = sessions_of(training)
    a, b, c, d = students(center, 4)
    with time_machine.travel(NOW, tick=False):
        seat_a = register(center, a, training, second)
        register(center, b, training, second)
        register(center, c, training, second)
        register(center, d, training, second)
        with center_scope(center):
            services.registration_cancel(center=center, actor=a, registration=seat_a)
        lapsing = Registration.objects.get(user=c, session=second)
        assert lapsing.status == S.OFFERED
    # The hold (24 h) runs out before the second session: the offer lapses, d gets a new one.
    with time_machine.travel(NOW + timedelta(days=1, hours=1), tick=False), center_scope(center):
        assert services.offers_lapse(center=center) == 1
        with pytest.raises(ValidationError, match="no longer open"):
            services.offer_confirm(center=center, actor=c, registration=lapsing)
    lapsing.refresh_from_db()
    assert lapsing.status == S.LAPSED
    assert Registration.objects.get(user=d, session=second).status == S.OFFERED
    assert SeatOffer.objects.filter(registration=lapsing).values_list(
        "status", flat=True
    ).get() == (SeatOffer.Status.LAPSED)
    # After the first session has started, a seat freed in it is offered to nobody.
    e, f = students(center, 2)
    with time_machine.travel(NOW, tick=False):
        seat_e = register(center, e, training, first)
        register(center, b, training, first)
        register(center, f, training, first)
    with time_machine.travel(first.starts_at + timedelta(minutes=1), tick=False):
        with center_scope(center), pytest.raises(ValidationError, match="no longer be cancelled"):
            services.registration_cancel(center=center, actor=e, registration=seat_e)
        with center_scope(center):
            assert services.offer_free_seats(center=center, event=training) == []
        # The later sessions still take registrations.
        assert register(center, f, training, sessions_of(training)[2]).status == S.REGISTERED


@time_machine.travel(NOW, tick=False)
def test_sessions_stay_within_the_event_and_its_total_places(center, training, coordinator):
    first = sessions_of(training)[0]

    def save(**data):
        with center_scope(center):
            return services.session_save(center=center, actor=coordinator, event=training, **data)

    base = {"title": "第四讲", "starts_at": NOW + timedelta(days=8), "capacity": 4}
    with pytest.raises(ValidationError, match="more places than the event"):
        save(**{**base, "capacity": 5}, ends_at=NOW + timedelta(days=8, hours=1))
    with pytest.raises(ValidationError, match="within the event"):
        save(**base, ends_at=NOW + timedelta(days=10))
    fourth = save(**base, ends_at=NOW + timedelta(days=8, hours=1))
    assert fourth.capacity == 4
    a, b = students(center, 2)
    register(center, a, training, first)
    register(center, b, training, first)
    with pytest.raises(ValidationError, match="2 seats are already given"):
        save(
            title="第一讲",
            capacity=1,
            session=first,
            starts_at=first.starts_at,
            ends_at=first.ends_at,
        )
    with center_scope(center), pytest.raises(ValidationError, match="registered for this session"):
        services.session_remove(center=center, actor=coordinator, session=first)
    with center_scope(center):
        services.session_remove(center=center, actor=coordinator, session=fourth)
    assert AuditEntry.objects.filter(verb="event.session_removed").exists()


@time_machine.travel(NOW, tick=False)
def test_an_event_with_registrations_as_a_whole_is_not_split(center, coordinator, unscoped):
    event = EventFactory(center=center, starts_at=NOW + timedelta(days=1))
    with center_scope(center):
        services.registration_create(center=center, actor=students(center, 1)[0], event=event)
        with pytest.raises(ValidationError, match="as a whole"):
            services.session_save(
                center=center,
                actor=coordinator,
                event=event,
                title="上午场",
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                capacity=5,
            )


@time_machine.travel(NOW, tick=False)
def test_a_ticket_is_good_at_its_own_session_s_door_only(center, training, coordinator):
    first, second, _third = sessions_of(training)
    (a,) = students(center, 1)
    seat = register(center, a, training, second)
    with center_scope(center):
        wrong = services.door_check_in(
            center=center, actor=coordinator, event=training, code=seat.ticket_code, session=first
        )
        right = services.door_check_in(
            center=center, actor=coordinator, event=training, code=seat.ticket_code, session=second
        )
        walk_in = services.door_walk_in(
            center=center, actor=coordinator, event=training, name="王五", session=first
        )
    assert (wrong.result, right.result) == (DoorScan.Result.WRONG_SESSION, DoorScan.Result.VALID)
    assert walk_in.registration.session == first
    figures = selectors.attendance(event=training)
    assert [p["checked_in"] for p in figures["sessions"]] == [1, 1, 0]
    assert figures["checked_in"] == 2


@time_machine.travel(NOW, tick=False)
def test_reminders_go_per_session_the_day_before_it(center, training, unscoped):
    first, second, _third = sessions_of(training)
    (a,) = students(center, 1)
    register(center, a, training, first)
    register(center, a, training, second)
    with (
        time_machine.travel(first.starts_at - timedelta(hours=3), tick=False),
        center_scope(center),
    ):
        assert services.registrations_remind(center=center) == 1
        assert services.registrations_remind(center=center) == 0
    with (
        time_machine.travel(second.starts_at - timedelta(hours=3), tick=False),
        center_scope(center),
    ):
        assert services.registrations_remind(center=center) == 1
    titles = [
        t
        for t in Notification.objects.filter(user=a)
        .order_by("pk")
        .values_list("translations", flat=True)
        if t["en"][0].startswith("Reminder")
    ]
    assert ["第一讲" in t["en"][0] for t in titles] == [True, False]


@time_machine.travel(NOW, tick=False)
def test_the_event_page_registers_per_session_and_shows_each_ticket(
    client, center, training, member_factory
):
    first, second, _third = sessions_of(training)
    student = StudentProfileFactory(center=center).user
    client.force_login(student)
    url = reverse("center:events:register", kwargs={"center_slug": center.slug, "pk": training.pk})
    client.post(url, {"session": second.pk})
    seat = Registration.objects.get(user=student)
    assert seat.session == second and seat.status == S.REGISTERED
    detail = client.get(
        reverse("center:events:detail", kwargs={"center_slug": center.slug, "pk": training.pk})
    ).content.decode()
    assert detail.count('name="session"') == 3  # register for two, cancel the third
    ticket = reverse("center:events:ticket", kwargs={"center_slug": center.slug, "pk": training.pk})
    page = client.get(ticket, {"session": second.pk}).content.decode()
    assert seat.ticket_code in page and "第二讲" in page
    assert "no ticket" not in client.get(ticket, {"session": second.pk}).content.decode()
    assert client.get(ticket, {"session": first.pk}).status_code == 302  # none for the first
    other = EventSessionFactory(event=EventFactory(center=center))
    assert client.get(ticket, {"session": other.pk}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_calendar_file_has_each_session(client, center, training):
    url = reverse("center:events:ics", kwargs={"center_slug": center.slug, "pk": training.pk})
    calendar = Calendar.from_ical(client.get(url).content)
    entries = [c for c in calendar.walk("VEVENT")]
    assert [str(e["summary"]) for e in entries] == [
        "数据分析训练营 · 第一讲",
        "数据分析训练营 · 第二讲",
        "数据分析训练营 · 第三讲",
    ]
    assert entries[1]["dtstart"].dt == sessions_of(training)[1].starts_at


@time_machine.travel(NOW, tick=False)
def test_the_sessions_page_adds_a_session_and_the_summary_counts_per_session(
    client, center, training, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("center:events:sessions", kwargs={"center_slug": center.slug, "pk": training.pk})
    response = client.post(
        url,
        {
            "title": "结业分享",
            "starts_at": "2026-04-09 14:00",
            "ends_at": "2026-04-09 16:00",
            "capacity": "3",
        },
    )
    assert response.status_code == 302
    assert sessions_of(training)[-1].title == "结业分享"
    for person in students(center, 3):
        register(center, person, training, sessions_of(training)[0])
    summary = reverse(
        "center:events:summary", kwargs={"center_slug": center.slug, "pk": training.pk}
    )
    with django_assert_max_num_queries(30):
        page = client.get(summary).content.decode()
    assert 'id="session-figures"' in page and "2 / 2" in page
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_a_student_of_another_center_cannot_touch_the_sessions(
    client, center, training, other_center, member_factory
):
    outsider = member_factory(other_center, Role.COORDINATOR)
    client.force_login(outsider)
    url = reverse("center:events:sessions", kwargs={"center_slug": center.slug, "pk": training.pk})
    assert client.get(url).status_code in (403, 404)


@time_machine.travel(NOW, tick=False)
def test_a_person_s_copy_names_the_session_of_each_seat(center, training, unscoped):
    first, second, _third = sessions_of(training)
    (a,) = students(center, 1)
    register(center, a, training, first)
    register(center, a, training, second)
    section = next(s for s in sections() if s.key == "event_registrations")
    rows = sorted(section.export(a), key=lambda row: row["starts"])
    assert [row["session"] for row in rows] == ["第一讲", "第二讲"]
    assert datetime.fromisoformat(rows[1]["starts"]) == second.starts_at


@time_machine.travel(NOW, tick=False)
def test_the_event_page_keeps_its_queries_as_sessions_and_registrations_grow(
    client, center, training, unscoped, django_assert_max_num_queries
):
    first, second, third = sessions_of(training)
    student = StudentProfileFactory(center=center).user
    others = students(center, 3)
    for person in others[:2]:
        register(center, person, training, second)
    register(center, student, training, first)
    register(center, student, training, second)  # in line behind the two
    register(center, others[2], training, second)
    url = reverse("center:events:detail", kwargs={"center_slug": center.slug, "pk": training.pk})
    client.force_login(student)
    with django_assert_max_num_queries(20) as few:
        page = client.get(url).content.decode()
    assert page.count('name="session"') == 3  # cancel two, register for the third
    added = [
        EventSessionFactory(
            event=training, title=f"加讲{n}", starts_at=NOW + timedelta(days=3, hours=n)
        )
        for n in range(3)
    ]
    for session in (third, *added):
        register(center, student, training, session)
        for person in students(center, 2):
            register(center, person, training, session)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('name="session"') == 6
    assert page.count("加讲") >= 3
