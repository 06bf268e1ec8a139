"""Registration for events: capacity, who may register, the waitlist that offers freed seats
in turn with a hold, and cancelling until the organizer's cut-off."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from events import services
from events.models import Event, EventSettings, Registration, SeatOffer
from events.tasks import event_reminders_task, seat_offers_lapse_task
from mentorship.models import AuditEntry, Notification, NotificationKind, OutgoingEmail, Role
from mentorship.scoping import center_scope
from tests.events.factories import EventFactory, RegistrationFactory
from tests.students.factories import StudentProfileFactory, UniversityFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=SH)
S = Registration.Status


def students(center, n, **profile):
    return [StudentProfileFactory(center=center, **profile).user for _ in range(n)]


def register(center, user, event):
    with center_scope(center):
        return services.registration_create(center=center, actor=user, event=event)


def cancel(center, user, registration):
    with center_scope(center):
        return services.registration_cancel(center=center, actor=user, registration=registration)


def states(event):
    return list(
        Registration.objects.filter(event=event)
        .order_by("queue_number")
        .values_list("user__email", "status")
    )


@pytest.fixture
def lecture(center, unscoped):
    return EventFactory(
        center=center,
        capacity=2,
        starts_at=NOW + timedelta(days=5),
        ends_at=NOW + timedelta(days=5, hours=2),
    )


@time_machine.travel(NOW, tick=False)
def test_seats_fill_to_capacity_then_the_waitlist_takes_people_in_order(center, lecture, unscoped):
    people = students(center, 4)
    for person in people:
        register(center, person, lecture)
    assert [s for _e, s in states(lecture)] == [
        S.REGISTERED,
        S.REGISTERED,
        S.WAITLISTED,
        S.WAITLISTED,
    ]
    first_waiting = Registration.objects.get(user=people[2])
    assert first_waiting.queue_number < Registration.objects.get(user=people[3]).queue_number
    kinds = Notification.objects.filter(user=people[0]).values_list("kind", flat=True)
    assert list(kinds) == [NotificationKind.EVENT_REGISTRATION]
    ticket_email = OutgoingEmail.objects.get(to=people[0].email)
    assert Registration.objects.get(user=people[0]).ticket_code in ticket_email.body
    assert "data:image/png;base64," in ticket_email.html_body
    assert AuditEntry.objects.filter(verb="registration.created").count() == 4


@time_machine.travel(NOW, tick=False)
def test_a_person_registers_once_and_the_database_refuses_a_second_active_row(
    center, lecture, unscoped
):
    (person,) = students(center, 1)
    registration = register(center, person, lecture)
    with pytest.raises(ValidationError) as refused:
        register(center, person, lecture)
    assert refused.value.code == "already_registered"
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=lecture, user=person, status=S.WAITLISTED)
    cancel(center, person, registration)
    again = register(center, person, lecture)
    assert again.status == S.REGISTERED


@time_machine.travel(NOW, tick=False)
def test_eligibility_needs_every_kind_of_rule_and_any_entry_of_one(center, unscoped):
    zju, hdu = UniversityFactory(center=center), UniversityFactory(center=center)
    event = EventFactory(
        center=center,
        starts_at=NOW + timedelta(days=3),
        ends_at=NOW + timedelta(days=3, hours=2),
        eligible_graduation_years=[2026, 2027],
        eligible_majors=["计算机", "软件"],
        eligible_degrees=["bachelor", "master"],
    )
    event.eligible_universities.set([zju, hdu])
    fits = StudentProfileFactory(
        center=center, university=hdu, graduation_year=2027, major="软件工程", degree="master"
    )
    assert register(center, fits.user, event).status == S.REGISTERED
    misfits = [
        {"university": UniversityFactory(center=center)},
        {"graduation_year": 2028},
        {"major": "法学"},
        {"degree": "doctor"},
    ]
    for change in misfits:
        data = {
            "university": zju,
            "graduation_year": 2026,
            "major": "计算机科学",
            "degree": "bachelor",
        }
        profile = StudentProfileFactory(center=center, **{**data, **change})
        with pytest.raises(ValidationError) as refused:
            register(center, profile.user, event)
        assert refused.value.code == "not_eligible", change


@time_machine.travel(NOW, tick=False)
def test_only_students_register_and_not_after_the_start(center, lecture, member_factory, unscoped):
    coordinator = member_factory(center, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        register(center, coordinator, lecture)
    (person,) = students(center, 1)
    with time_machine.travel(lecture.starts_at, tick=False), pytest.raises(ValidationError):
        register(center, person, lecture)


@time_machine.travel(NOW, tick=False)
def test_a_cancellation_offers_the_seat_to_the_next_in_line_with_a_hold(center, lecture, unscoped):
    EventSettings.objects.create(center=center, offer_hold_hours=12)
    a, b, c, d = students(center, 4)
    seats = [register(center, p, lecture) for p in (a, b, c, d)]
    cancel(center, a, seats[0])
    offer = SeatOffer.objects.get()
    assert offer.registration.user == c
    assert offer.expires_at == NOW + timedelta(hours=12)
    assert [s for _e, s in states(lecture)] == [S.CANCELLED, S.REGISTERED, S.OFFERED, S.WAITLISTED]
    told = Notification.objects.get(user=c, kind=NotificationKind.EVENT_SEAT_OFFERED)
    assert lecture.title in told.title
    with center_scope(center):
        services.offer_confirm(center=center, actor=c, registration=seats[2])
    assert Registration.objects.get(user=c).status == S.REGISTERED
    assert SeatOffer.objects.get().status == SeatOffer.Status.CONFIRMED
    assert OutgoingEmail.objects.filter(to=c.email, html_body__contains="data:image/png").exists()
    with center_scope(center), pytest.raises(PermissionDenied):
        services.offer_confirm(center=center, actor=d, registration=seats[2])


@time_machine.travel(NOW, tick=False)
def test_a_hold_never_lasts_past_the_start(center, unscoped):
    event = EventFactory(
        center=center,
        capacity=1,
        starts_at=NOW + timedelta(hours=3),
        ends_at=NOW + timedelta(hours=5),
    )
    a, b = students(center, 2)
    first = register(center, a, event)
    register(center, b, event)
    cancel(center, a, first)
    assert SeatOffer.objects.get().expires_at == event.starts_at


@time_machine.travel(NOW, tick=False)
def test_a_lapsed_hold_goes_to_the_next_person_with_a_new_offer(center, lecture, unscoped):
    a, b, c, d = students(center, 4)
    seats = [register(center, p, lecture) for p in (a, b, c, d)]
    cancel(center, a, seats[0])
    with time_machine.travel(NOW + timedelta(hours=25), tick=False):
        assert seat_offers_lapse_task.delay().get() == 1
        assert seat_offers_lapse_task.delay().get() == 0  # a second run changes nothing
        offers = list(SeatOffer.objects.order_by("pk").values_list("registration__user", "status"))
        assert offers == [(c.pk, SeatOffer.Status.LAPSED), (d.pk, SeatOffer.Status.OPEN)]
        assert Registration.objects.get(user=c).status == S.LAPSED
        with center_scope(center), pytest.raises(ValidationError) as refused:
            services.offer_confirm(center=center, actor=c, registration=seats[2])
        assert refused.value.code == "offer_gone"
        assert AuditEntry.objects.filter(verb="registration.lapsed").count() == 1


@time_machine.travel(NOW, tick=False)
def test_no_offer_is_made_once_the_event_has_started(center, unscoped):
    event = EventFactory(
        center=center,
        capacity=1,
        starts_at=NOW + timedelta(hours=3),
        ends_at=NOW + timedelta(hours=5),
        cancel_until=None,
    )
    a, b, c = students(center, 3)
    first = register(center, a, event)
    register(center, b, event)
    register(center, c, event)
    cancel(center, a, first)
    with time_machine.travel(event.starts_at + timedelta(minutes=1), tick=False):
        seat_offers_lapse_task.delay()
    assert SeatOffer.objects.filter(status=SeatOffer.Status.OPEN).count() == 0
    assert Registration.objects.get(user=c).status == S.WAITLISTED


@time_machine.travel(NOW, tick=False)
def test_cancelling_is_refused_after_the_cut_off(center, unscoped):
    event = EventFactory(
        center=center,
        starts_at=NOW + timedelta(days=2),
        ends_at=NOW + timedelta(days=2, hours=2),
        cancel_until=NOW + timedelta(days=1),
    )
    (person,) = students(center, 1)
    registration = register(center, person, event)
    later = time_machine.travel(NOW + timedelta(days=1, minutes=1), tick=False)
    with later, pytest.raises(ValidationError) as refused:
        cancel(center, person, registration)
    assert refused.value.code == "too_late"


@time_machine.travel(NOW, tick=False)
def test_more_places_go_to_the_people_waiting(center, coordinator, lecture, unscoped):
    people = students(center, 3)
    for person in people:
        register(center, person, lecture)
    data = {f: getattr(lecture, f) for f in services.FIELDS}
    with center_scope(center):
        services.event_save(
            center=center, actor=coordinator, event=lecture, **{**data, "capacity": 3}
        )
    assert Registration.objects.get(user=people[2]).status == S.OFFERED


@time_machine.travel(NOW, tick=False)
def test_a_student_registers_and_cancels_from_the_event_page(client, center, lecture, unscoped):
    (person,) = students(center, 1)
    client.force_login(person)
    page = reverse("center:events:detail", kwargs={"center_slug": center.slug, "pk": lecture.pk})
    assert ">Register</button>" in client.get(page).content.decode()
    client.post(
        reverse("center:events:register", kwargs={"center_slug": center.slug, "pk": lecture.pk})
    )
    registration = Registration.objects.get(user=person)
    shown = client.get(page).content.decode()
    assert "You are registered." in shown and "Show my ticket" in shown
    ticket = client.get(
        reverse("center:events:ticket", kwargs={"center_slug": center.slug, "pk": lecture.pk})
    ).content.decode()
    assert "<svg" in ticket and registration.ticket_code in ticket
    client.post(
        reverse(
            "center:events:registration_cancel",
            kwargs={"center_slug": center.slug, "pk": lecture.pk},
        )
    )
    assert Registration.objects.get(user=person).status == S.CANCELLED


@time_machine.travel(NOW, tick=False)
def test_the_event_page_says_why_a_student_may_not_register(client, center, unscoped):
    event = EventFactory(
        center=center,
        starts_at=NOW + timedelta(days=3),
        ends_at=NOW + timedelta(days=3, hours=2),
        eligible_graduation_years=[2030],
    )
    (person,) = students(center, 1)
    client.force_login(person)
    page = client.get(
        reverse("center:events:detail", kwargs={"center_slug": center.slug, "pk": event.pk})
    ).content.decode()
    assert "open to the graduation years listed only" in page
    assert ">Register</button>" not in page


@time_machine.travel(NOW, tick=False)
def test_the_organizer_sets_who_may_register_on_the_event_form(
    client, center, coordinator, unscoped
):
    zju = UniversityFactory(center=center, name_zh="浙江大学")
    UniversityFactory(center=center, name_zh="杭州电子科技大学")
    client.force_login(coordinator)
    url = reverse("center:events:create", kwargs={"center_slug": center.slug})
    data = {
        "kind": "lecture",
        "title": "算法面试讲座",
        "description": "刷题方法分享。",
        "starts_at": "2026-04-20T19:00",
        "ends_at": "2026-04-20T21:00",
        "location": "玉泉校区",
        "capacity": "80",
        "cancel_until": "2026-04-21T19:00",
        "eligible_universities": [str(zju.pk)],
        "eligible_graduation_years": "2026，2027, 二〇二八",
        "eligible_majors": "计算机、软件",
        "eligible_degrees": ["bachelor"],
    }
    refused = client.post(url, data)
    errors = refused.context["form"].errors
    assert set(errors) == {"eligible_graduation_years", "cancel_until"}
    client.post(
        url,
        {**data, "eligible_graduation_years": "2027，2026", "cancel_until": "2026-04-19T19:00"},
    )
    event = Event.objects.get(title="算法面试讲座")
    assert list(event.eligible_universities.all()) == [zju]
    assert (event.eligible_graduation_years, event.eligible_majors, event.eligible_degrees) == (
        [2026, 2027],
        ["计算机", "软件"],
        ["bachelor"],
    )
    assert event.cancel_deadline == datetime(2026, 4, 19, 19, tzinfo=SH)
    edit = client.get(
        reverse("center:events:edit", kwargs={"center_slug": center.slug, "pk": event.pk})
    ).content.decode()
    assert 'value="2026, 2027"' in edit and 'value="计算机, 软件"' in edit


def test_my_events_lists_a_student_s_registrations_in_constant_queries(
    client, center, unscoped, django_assert_max_num_queries
):
    (person,) = students(center, 1)
    client.force_login(person)
    url = reverse("center:events:mine", kwargs={"center_slug": center.slug})
    first = RegistrationFactory(event=EventFactory(center=center, title="第一场讲座"), user=person)
    RegistrationFactory(event=EventFactory(center=center, title="别人的讲座"))
    with django_assert_max_num_queries(20) as few:
        page = client.get(url).content.decode()
    assert "第一场讲座" in page and first.ticket_code in page and "别人的讲座" not in page
    for _ in range(30):
        RegistrationFactory(event=EventFactory(center=center), user=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 25


@time_machine.travel(NOW, tick=False)
def test_seat_holders_are_reminded_once_the_day_before(center, unscoped):
    soon = EventFactory(
        center=center, starts_at=NOW + timedelta(hours=20), ends_at=NOW + timedelta(hours=22)
    )
    later = EventFactory(
        center=center, starts_at=NOW + timedelta(hours=30), ends_at=NOW + timedelta(hours=32)
    )
    seated = RegistrationFactory(event=soon)
    RegistrationFactory(event=soon, status=S.WAITLISTED)
    RegistrationFactory(event=later)
    assert event_reminders_task.delay().get() == 1
    assert event_reminders_task.delay().get() == 1  # the center is asked again ...
    reminders = Notification.objects.filter(kind=NotificationKind.EVENT_REGISTRATION)
    assert list(reminders.values_list("user", flat=True)) == [seated.user_id]  # ... once
    seated.refresh_from_db()
    assert seated.reminded_at == NOW
