"""Events co-organized with another service center: the organizer's coordinator invites,
the other center's coordinator accepts or declines; once accepted its students see the
event and register under the organizer's rules and seats, and its coordinators read their
own students' registrations and keep the door for them. A third center sees nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from events import selectors, services
from events.models import DoorScan, Event, EventPartner, Registration
from mentorship.models import AuditEntry, Notification, NotificationKind, Role
from mentorship.scoping import center_scope, shared_with_center
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ServiceCenterFactory
from tests.students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=SH)
S = Registration.Status
P = EventPartner.Status


@pytest.fixture
def third_center(db):
    return ServiceCenterFactory(slug="gamma", name_en="Gamma Center", name_zh="丙中心")


@pytest.fixture
def fair(center):
    with scopes_disabled():
        return EventFactory(
            center=center,
            kind=Event.Kind.FAIR,
            title="两中心联合双选会",
            capacity=2,
            starts_at=NOW + timedelta(days=5),
            ends_at=NOW + timedelta(days=5, hours=4),
        )


@pytest.fixture
def coordinators(center, other_center, member_factory):
    return (
        member_factory(center, Role.COORDINATOR),
        member_factory(other_center, Role.COORDINATOR),
    )


def invite(center, coordinator, event, partner):
    with center_scope(center):
        return services.partner_invite(
            center=center, actor=coordinator, event=event, partner=partner
        )


def answer(center, coordinator, partnership, accept=True):
    with shared_with_center(center, actor=coordinator, reason="test"):
        return services.partner_answer(
            center=center, actor=coordinator, partnership=partnership, accept=accept
        )


def shared(center, other_center, coordinators, fair):
    """The fair of `center`, co-organized by `other_center`."""
    a, b = coordinators
    return answer(other_center, b, invite(center, a, fair, other_center))


def register_in(center, user, event):
    with shared_with_center(center, actor=user, reason="test"):
        return services.registration_create(center=center, actor=user, event=event)


# --- Invitations ----------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_invitation_is_audited_and_tells_the_other_centers_coordinators(
    center, other_center, coordinators, fair
):
    a, b = coordinators
    partnership = invite(center, a, fair, other_center)

    assert (partnership.status, partnership.center, partnership.partner) == (
        P.INVITED,
        center,
        other_center,
    )
    entry = AuditEntry.objects.get(verb="event_partner.invited")
    assert (entry.center, entry.actor, entry.after["partner"]) == (center, a, "beta")
    note = Notification.objects.get(user=b, kind=NotificationKind.EVENT_PARTNER)
    assert note.center == other_center
    assert "两中心联合双选会" in note.title
    assert note.url.endswith("/c/beta/events/co-organizing/")


def test_only_the_organizers_coordinator_invites_and_only_another_active_center(
    center, other_center, coordinators, fair, member_factory
):
    a, _b = coordinators
    student = member_factory(center, Role.STUDENT)
    with pytest.raises(PermissionDenied), center_scope(center):
        services.partner_invite(center=center, actor=student, event=fair, partner=other_center)
    with pytest.raises(ValidationError), center_scope(center):
        services.partner_invite(center=center, actor=a, event=fair, partner=center)
    other_center.status = other_center.Status.SUSPENDED
    other_center.save()
    with pytest.raises(ValidationError), center_scope(center):
        services.partner_invite(center=center, actor=a, event=fair, partner=other_center)
    with scopes_disabled():
        assert not EventPartner.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_accepting_is_audited_and_tells_the_organizers_coordinators(
    center, other_center, coordinators, fair
):
    a, b = coordinators
    partnership = shared(center, other_center, coordinators, fair)

    assert partnership.status == P.ACCEPTED
    assert (partnership.answered_by, partnership.answered_at) == (b, NOW)
    entry = AuditEntry.objects.get(verb="event_partner.accepted")
    assert (entry.center, entry.actor, entry.after["organizer"]) == (other_center, b, "alpha")
    assert AuditEntry.objects.filter(verb="center.shared_read", center=other_center).exists()
    note = Notification.objects.get(user=a, kind=NotificationKind.EVENT_PARTNER)
    assert note.center == center
    assert "Beta Center" in note.title or "乙中心" in note.title


def test_declined_invitation_can_be_sent_again_but_not_answered_twice(
    center, other_center, coordinators, fair
):
    a, b = coordinators
    partnership = answer(other_center, b, invite(center, a, fair, other_center), accept=False)
    assert partnership.status == P.DECLINED
    with pytest.raises(ValidationError):
        answer(other_center, b, partnership, accept=True)
    again = invite(center, a, fair, other_center)
    assert (again.pk, again.status) == (partnership.pk, P.INVITED)
    with pytest.raises(ValidationError):
        invite(center, a, fair, other_center)


def test_a_third_center_cannot_answer_an_invitation_not_addressed_to_it(
    center, other_center, third_center, coordinators, fair, member_factory
):
    a, _b = coordinators
    partnership = invite(center, a, fair, other_center)
    intruder = member_factory(third_center, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        answer(third_center, intruder, partnership)
    with scopes_disabled():
        assert EventPartner.objects.get().status == P.INVITED


# --- Students of the co-organizing center -------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_students_of_the_co_organizing_center_see_and_register_within_the_organizers_seats(
    center, other_center, coordinators, fair
):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        own = StudentProfileFactory(center=center).user
        guests = [StudentProfileFactory(center=other_center).user for _ in range(2)]
    with center_scope(center):
        services.registration_create(center=center, actor=own, event=fair)

    with shared_with_center(other_center, actor=guests[0], reason="test"):
        assert list(selectors.upcoming_events(center=other_center)) == [fair]
    first = register_in(other_center, guests[0], fair)
    second = register_in(other_center, guests[1], fair)

    # One seat was the organizer's student's: two seats in all, the third person waits.
    assert (first.status, second.status) == (S.REGISTERED, S.WAITLISTED)
    assert (first.center_id, first.queue_number, second.queue_number) == (center.pk, 2, 3)
    ticket = Notification.objects.get(user=guests[0], kind=NotificationKind.EVENT_REGISTRATION)
    assert ticket.center == other_center
    assert ticket.url.startswith(f"/c/beta/events/{fair.pk}/ticket/")
    entry = AuditEntry.objects.get(verb="registration.created", actor=guests[0])
    assert entry.center == other_center


@time_machine.travel(NOW, tick=False)
def test_the_organizers_rules_still_decide_who_registers(center, other_center, coordinators, fair):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        fair.eligible_graduation_years = [2030]
        fair.save()
        student = StudentProfileFactory(center=other_center, graduation_year=2027).user
    with pytest.raises(ValidationError, match="graduation years"):
        register_in(other_center, student, fair)


@time_machine.travel(NOW, tick=False)
def test_organizers_university_list_is_not_lifted_for_the_other_centers_students(
    center, other_center, coordinators, fair
):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        own = StudentProfileFactory(center=center)
        fair.eligible_universities.set([own.university])
        guest = StudentProfileFactory(center=other_center).user
    with pytest.raises(ValidationError, match="universities"):
        register_in(other_center, guest, fair)


@time_machine.travel(NOW, tick=False)
def test_before_acceptance_and_for_a_third_center_the_event_is_out_of_reach(
    center, other_center, third_center, coordinators, fair
):
    a, _b = coordinators
    invite(center, a, fair, other_center)
    with scopes_disabled():
        guest = StudentProfileFactory(center=other_center).user
        outsider = StudentProfileFactory(center=third_center).user
    with shared_with_center(other_center, actor=guest, reason="test"):
        assert list(selectors.upcoming_events(center=other_center)) == []
    with pytest.raises(PermissionDenied):
        register_in(other_center, guest, fair)
    answer(other_center, coordinators[1], _invitation(fair))
    with shared_with_center(third_center, actor=outsider, reason="test"):
        assert list(selectors.upcoming_events(center=third_center)) == []
    with pytest.raises(PermissionDenied):
        register_in(third_center, outsider, fair)


def _invitation(event):
    with scopes_disabled():
        return EventPartner.objects.get(event=event)


@time_machine.travel(NOW, tick=False)
def test_a_guest_cancels_and_the_seat_goes_to_the_next_in_line_of_either_center(
    center, other_center, coordinators, fair
):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        guest = StudentProfileFactory(center=other_center).user
        own = [StudentProfileFactory(center=center).user for _ in range(2)]
    mine = register_in(other_center, guest, fair)
    with center_scope(center):
        for user in own:
            services.registration_create(center=center, actor=user, event=fair)
    with shared_with_center(other_center, actor=guest, reason="test"):
        services.registration_cancel(center=other_center, actor=guest, registration=mine)
    with scopes_disabled():
        assert list(
            Registration.objects.filter(event=fair)
            .order_by("queue_number")
            .values_list("status", flat=True)
        ) == [S.CANCELLED, S.REGISTERED, S.OFFERED]


# --- The co-organizing center's coordinators --------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_co_organizer_reads_its_own_students_registrations_and_checks_them_in(
    client, center, other_center, coordinators, fair
):
    _a, b = coordinators
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        guest = StudentProfileFactory(center=other_center, user__name="乙中心学生").user
        own = StudentProfileFactory(center=center, user__name="甲中心学生").user
    theirs = register_in(other_center, guest, fair)
    with center_scope(center):
        organizers = services.registration_create(center=center, actor=own, event=fair)

    client.force_login(b)
    page = client.get(
        reverse(
            "center:events:partner_registrations", kwargs={"center_slug": "beta", "pk": fair.pk}
        )
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "乙中心学生" in body and "甲中心学生" not in body

    door = reverse("center:events:door", kwargs={"center_slug": "beta", "pk": fair.pk})
    response = client.post(door, {"code": theirs.ticket_code})
    assert response.status_code == 200
    response = client.post(door, {"code": organizers.ticket_code})
    with scopes_disabled():
        results = list(
            DoorScan.objects.filter(event=fair).order_by("pk").values_list("result", "center")
        )
        theirs.refresh_from_db()
        organizers.refresh_from_db()
    # The organizer's students are checked in at the organizer's door only.
    assert results == [
        (DoorScan.Result.VALID, other_center.pk),
        (DoorScan.Result.NOT_REGISTERED, other_center.pk),
    ]
    assert theirs.checked_in_by == b and organizers.checked_in_at is None
    with pytest.raises(PermissionDenied), shared_with_center(other_center, actor=b, reason="t"):
        services.door_walk_in(center=other_center, actor=b, event=fair, name="散客")


@time_machine.travel(NOW, tick=False)
def test_co_organized_event_is_marked_on_the_list_and_in_the_students_calendar(
    client, center, other_center, coordinators, fair, member_factory
):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        guest = StudentProfileFactory(center=other_center).user
    register_in(other_center, guest, fair)
    client.force_login(guest)
    listing = client.get(reverse("center:events:list", kwargs={"center_slug": "beta"}))
    body = listing.content.decode()
    assert "两中心联合双选会" in body and "Co-organized with Alpha Center" in body
    calendar = client.get(reverse("center:calendar", kwargs={"center_slug": "beta"}))
    assert "两中心联合双选会" in calendar.content.decode()
    detail = client.get(
        reverse("center:events:detail", kwargs={"center_slug": "beta", "pk": fair.pk})
    )
    assert "Co-organized with Alpha Center" in detail.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_third_centers_pages_show_nothing_of_the_shared_event(
    client, center, other_center, third_center, coordinators, fair, member_factory
):
    shared(center, other_center, coordinators, fair)
    outsider = member_factory(third_center, *Role.values)
    client.force_login(outsider)
    listing = client.get(reverse("center:events:list", kwargs={"center_slug": "gamma"}))
    assert "两中心联合双选会" not in listing.content.decode()
    for name in ("detail", "partner_registrations", "door", "ticket"):
        path = reverse(f"center:events:{name}", kwargs={"center_slug": "gamma", "pk": fair.pk})
        assert client.get(path).status_code == 404, name
    invitations = client.get(
        reverse("center:events:partner_invitations", kwargs={"center_slug": "gamma"})
    )
    assert "两中心联合双选会" not in invitations.content.decode()


@time_machine.travel(NOW, tick=False)
def test_invitation_pages_walk_the_whole_exchange(client, center, other_center, coordinators, fair):
    a, b = coordinators
    client.force_login(a)
    partners = reverse("center:events:partners", kwargs={"center_slug": "alpha", "pk": fair.pk})
    assert client.post(partners, {"partner": other_center.pk}).status_code == 302
    client.force_login(b)
    invitations = reverse("center:events:partner_invitations", kwargs={"center_slug": "beta"})
    assert "两中心联合双选会" in client.get(invitations).content.decode()
    invitation = _invitation(fair)
    path = reverse(
        "center:events:partner_answer", kwargs={"center_slug": "beta", "pk": invitation.pk}
    )
    assert client.post(path, {"answer": "accept"}).status_code == 302
    assert _invitation(fair).status == P.ACCEPTED
    client.force_login(a)
    body = client.get(partners).content.decode()
    assert "Beta Center" in body and "Accepted" in body


def test_list_pages_of_co_organizing_keep_their_query_count(
    client,
    center,
    other_center,
    coordinators,
    member_factory,
    django_assert_max_num_queries,
):
    a, b = coordinators
    with scopes_disabled():
        events = [EventFactory(center=center, title=f"联合活动{n}") for n in range(6)]
    for event in events:
        shared(center, other_center, coordinators, event)
        with scopes_disabled():
            for _ in range(2):
                RegistrationFactory(
                    event=event, user=StudentProfileFactory(center=other_center).user
                )
    client.force_login(b)
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("center:events:partner_invitations", kwargs={"center_slug": "beta"})
        )
    assert response.content.decode().count("联合活动") == 6
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse(
                "center:events:partner_registrations",
                kwargs={"center_slug": "beta", "pk": events[0].pk},
            )
        )
    assert response.status_code == 200
    client.force_login(a)
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("center:events:partners", kwargs={"center_slug": "alpha", "pk": events[0].pk})
        )
    assert "Beta Center" in response.content.decode()


# --- Row-level security of the shared path -------------------------------------------------


def _fetch(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_the_shared_scope_admits_only_what_is_shared_under_the_app_role(
    center, other_center, third_center, coordinators, fair, app_role
):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        guest = StudentProfileFactory(center=other_center).user
        own = StudentProfileFactory(center=center).user
        theirs = RegistrationFactory(event=fair, user=guest)
        RegistrationFactory(event=fair, user=own)
        private = EventFactory(center=center, title="甲中心内部活动")
    b = coordinators[1]
    app_role.on()

    def visible():
        return {
            "events": {r[0] for r in _fetch("SELECT id FROM events_event")},
            "registrations": {r[0] for r in _fetch("SELECT id FROM events_registration")},
            "partners": len(_fetch("SELECT id FROM events_eventpartner")),
        }

    with center_scope(other_center):
        # The center's own scope shows nothing of the other center.
        assert visible() == {"events": set(), "registrations": set(), "partners": 0}
    with shared_with_center(other_center, actor=b, reason="test"):
        assert visible() == {"events": {fair.pk}, "registrations": {theirs.pk}, "partners": 1}
        assert private.pk not in visible()["events"]
        # Reading is all: the organizer's event cannot be changed from here.
        assert Event.objects.filter(pk=fair.pk).update(title="改名") == 0
        assert Registration.objects.filter(user=own).update(name="改名") == 0
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Registration.objects.create(
                center=center,
                event=fair,
                user=guest,
                name="插队",
                status=S.REGISTERED,
                queue_number=99,
            )
    with shared_with_center(third_center, actor=None, reason="test"):
        assert visible() == {"events": set(), "registrations": set(), "partners": 0}
    with center_scope(center):
        assert {fair.pk, private.pk} <= visible()["events"]
        assert len(visible()["registrations"]) == 2


def test_shared_scope_is_audited_and_needs_a_center(other_center, coordinators):
    b = coordinators[1]
    with pytest.raises(ValueError), shared_with_center(None, actor=b, reason="x"):
        pass
    with shared_with_center(other_center, actor=b, reason="a fair shared between centers"):
        pass
    entry = AuditEntry.objects.get(verb="center.shared_read")
    assert (entry.center, entry.actor, entry.after) == (
        other_center,
        b,
        {"reason": "a fair shared between centers"},
    )
    # The shared event read by the center's students and visitors leaves no entry a visit.
    with shared_with_center(other_center, actor=None, reason="upcoming events", audited=False):
        pass
    assert AuditEntry.objects.filter(verb="center.shared_read").count() == 1
