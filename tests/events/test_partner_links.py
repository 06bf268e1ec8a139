"""A co-organizing center's student is sent links to their own center's pages: their line,
their offered seat, their ticket (in the app and in the email), the reminder and the
cancellation all open for them, under their center's address."""

import csv
import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from django_scopes import scopes_disabled

from events import services
from events.models import Booth, Registration
from events.tickets import check_in_url
from mentorship.models import AuditEntry, Notification, OutgoingEmail, Report, Role
from mentorship.scoping import center_scope, shared_with_center
from tests.bases.factories import EnterpriseFactory
from tests.events.test_partners import NOW, coordinators, fair, register_in, shared  # noqa: F401
from tests.factories import ServiceCenterFactory
from tests.students.factories import PositionFactory, StudentProfileFactory, TrainingBaseFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


def _opens(client, note) -> str:
    path = urlsplit(note.url).path
    assert path.startswith("/c/beta/events/"), note.url
    response = client.get(note.url)
    assert response.status_code == 200, note.url
    return response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_every_link_a_partner_student_is_sent_opens_in_their_own_center(
    client,
    center,
    other_center,
    coordinators,  # noqa: F811
    fair,  # noqa: F811
):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        fair.capacity = 1
        fair.save()
        own = StudentProfileFactory(center=center).user
        guest = StudentProfileFactory(center=other_center).user
    with center_scope(center):
        first = services.registration_create(center=center, actor=own, event=fair)
    waiting = register_in(other_center, guest, fair)
    assert (waiting.status, waiting.center_id, waiting.home_center_id) == (
        S.WAITLISTED,
        center.pk,
        other_center.pk,
    )
    client.force_login(guest)
    seen = []

    def latest():
        note = Notification.objects.filter(user=guest).exclude(pk__in=seen).latest("pk")
        seen.append(note.pk)
        assert note.center == other_center
        return note

    assert "waitlist" in _opens(client, latest())

    with center_scope(center):
        services.registration_cancel(center=center, actor=own, registration=first)
    assert "Confirm" in _opens(client, latest())

    with shared_with_center(other_center, actor=guest, reason="test", audited=False):
        services.offer_confirm(center=other_center, actor=guest, registration=waiting)
    ticket = latest()
    with scopes_disabled():
        waiting.refresh_from_db()
    assert waiting.ticket_code in _opens(client, ticket)
    assert urlsplit(ticket.url).path == f"/c/beta/events/{fair.pk}/ticket/"
    email = OutgoingEmail.objects.filter(to=guest.email).latest("pk")
    assert f"/c/beta/events/{fair.pk}/ticket/" in email.body
    assert "/c/alpha/" not in email.body

    with time_machine.travel(fair.starts_at - timedelta(hours=3), tick=False):
        with center_scope(center):
            assert services.registrations_remind(center=center) == 1
        reminder = latest()
        assert waiting.ticket_code in _opens(client, reminder)

        with center_scope(center):
            services.event_cancel(
                center=center, actor=coordinators[0], event=fair, reason="场馆临时检修"
            )
        assert "场馆临时检修" in _opens(client, latest())


# --- A shared fair's booths -----------------------------------------------------------------


def _add_booths(center, event, numbers):
    """Approved booths of the organizer numbered `numbers`, two positions each, and one
    booth still awaiting approval."""
    with scopes_disabled():
        for i in numbers:
            base = TrainingBaseFactory(
                center=center,
                enterprise=EnterpriseFactory(name_zh=f"参展企业{i}", name_en=f"Exhibitor {i}"),
            )
            booth = Booth.objects.create(
                center=center,
                event=event,
                enterprise=base.enterprise,
                openings=3,
                status=Booth.Status.APPROVED,
                number=f"A{i}",
            )
            booth.positions.set([PositionFactory(base=base, title=f"岗位{i}-{k}") for k in (1, 2)])
        Booth.objects.create(
            center=center,
            event=event,
            enterprise=EnterpriseFactory(name_zh="待审企业", name_en="Pending Co"),
            openings=1,
        )


@time_machine.travel(NOW, tick=False)
def test_partner_students_read_a_shared_fairs_booths_and_where_to_apply(
    client,
    center,
    other_center,
    coordinators,  # noqa: F811
    fair,  # noqa: F811
    django_assert_max_num_queries,
):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        guest = StudentProfileFactory(center=other_center).user
    client.force_login(guest)
    path = reverse("center:events:booths", kwargs={"center_slug": "beta", "pk": fair.pk})
    _add_booths(center, fair, [1, 2])
    with django_assert_max_num_queries(30) as few:
        assert client.get(path).status_code == 200
    _add_booths(center, fair, [3, 4, 5, 6])
    # As many queries with six booths as with two.
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Exhibitor 1" in body and "岗位6-2" in body and "Pending Co" not in body
    assert "Alpha Center" in body and "open to its own students only" in body
    # Read-only: no link into the organizer's booth pages, nothing to ask for or decide.
    assert "/events/booths/" not in body and "Ask for a booth" not in body
    detail = client.get(
        reverse("center:events:detail", kwargs={"center_slug": "beta", "pk": fair.pk})
    )
    assert path in detail.content.decode()


def test_a_third_center_sees_no_booths_of_the_shared_fair(
    client,
    center,
    other_center,
    coordinators,  # noqa: F811
    fair,  # noqa: F811
    member_factory,
):
    shared(center, other_center, coordinators, fair)
    _add_booths(center, fair, [1])
    outsider = member_factory(ServiceCenterFactory(slug="gamma"), Role.STUDENT)
    client.force_login(outsider)
    path = reverse("center:events:booths", kwargs={"center_slug": "gamma", "pk": fair.pk})
    assert client.get(path).status_code == 404


# --- The ticket's center-neutral address ----------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_tickets_own_address_leads_each_door_to_its_own_center_and_the_owner_to_the_ticket(
    client,
    center,
    other_center,
    coordinators,  # noqa: F811
    fair,  # noqa: F811
    member_factory,
):
    a, b = coordinators
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        guest = StudentProfileFactory(center=other_center, user__name="乙中心学生").user
        own = StudentProfileFactory(center=center).user
    theirs = register_in(other_center, guest, fair)
    with center_scope(center):
        organizers = services.registration_create(center=center, actor=own, event=fair)
    neutral = reverse("event_ticket", kwargs={"code": theirs.ticket_code})
    assert check_in_url(theirs).endswith(neutral)

    client.force_login(b)
    response = client.get(neutral)
    door = f"/c/beta/events/check-in/{theirs.ticket_code}/"
    assert (response.status_code, response.url) == (302, door)
    page = client.get(door)
    assert page.status_code == 200 and "乙中心学生" in page.content.decode()
    # The organizer's own student is not the partner door's to check in.
    assert (
        client.get(reverse("event_ticket", kwargs={"code": organizers.ticket_code})).status_code
        == 404
    )

    client.force_login(a)
    response = client.get(neutral.lower())
    assert (response.status_code, response.url) == (
        302,
        f"/c/alpha/events/check-in/{theirs.ticket_code}/",
    )
    # The old per-center address of the organizer's door still works.
    assert client.get(response.url).status_code == 200

    client.force_login(guest)
    response = client.get(neutral)
    assert (response.status_code, response.url) == (302, f"/c/beta/events/{fair.pk}/ticket/")
    assert theirs.ticket_code in client.get(response.url).content.decode()

    for stranger in (
        member_factory(ServiceCenterFactory(slug="gamma"), Role.COORDINATOR),
        member_factory(other_center, Role.STUDENT),
    ):
        client.force_login(stranger)
        assert client.get(neutral).status_code == 404
    client.logout()
    assert client.get(neutral).status_code == 302


# --- The co-organizing center's attendance export -------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_co_organizer_exports_its_own_students_attendance_audited(
    client,
    center,
    other_center,
    coordinators,  # noqa: F811
    fair,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _a, b = coordinators
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        guests = [
            StudentProfileFactory(center=other_center, user__name=f"乙中心学生{n}").user
            for n in range(2)
        ]
        own = StudentProfileFactory(center=center, user__name="甲中心学生").user
    came = register_in(other_center, guests[0], fair)
    register_in(other_center, guests[1], fair)
    with center_scope(center):
        services.registration_create(center=center, actor=own, event=fair)
    with scopes_disabled():
        Registration.objects.filter(pk=came.pk).update(checked_in_at=NOW)
    b.language = "en"
    b.save()

    client.force_login(b)
    page = client.get(
        reverse(
            "center:events:partner_registrations", kwargs={"center_slug": "beta", "pk": fair.pk}
        )
    )
    export = reverse("center:events:partner_export", kwargs={"center_slug": "beta", "pk": fair.pk})
    assert export in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(export, {"file_format": "csv"})
    assert response.status_code == 302 and response.url.startswith("/c/beta/reports/")
    report = Report.objects.get(kind="event_partner_attendance")
    assert (report.center, report.status) == (other_center, Report.Status.DONE)
    rows = list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == ["乙中心学生0", "乙中心学生1"]
    assert rows[1][5] == "Checked in"
    requested = AuditEntry.objects.get(verb="report.requested", actor=b)
    assert requested.center == other_center
    assert AuditEntry.objects.filter(
        verb="center.shared_read", center=other_center, after__reason__startswith="attendance"
    ).exists()

    # The organizer's export is its own: the partner cannot start it for the organizer's event.
    organizer_export = reverse(
        "center:events:export", kwargs={"center_slug": "beta", "pk": fair.pk}
    )
    assert client.post(organizer_export).status_code == 404


# --- The invitation to review --------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_who_came_is_invited_once_to_review_on_their_own_centers_page(
    client,
    center,
    other_center,
    coordinators,  # noqa: F811
    fair,  # noqa: F811
):
    shared(center, other_center, coordinators, fair)
    with scopes_disabled():
        guest = StudentProfileFactory(center=other_center).user
        absent = StudentProfileFactory(center=other_center).user
    came = register_in(other_center, guest, fair)
    register_in(other_center, absent, fair)
    with scopes_disabled():
        Registration.objects.filter(pk=came.pk).update(checked_in_at=fair.starts_at)
    with center_scope(center):
        assert services.reviews_invite(center=center) == 0  # not over yet
    told_before = Notification.objects.filter(user__in=[guest, absent]).count()
    with time_machine.travel(fair.ends_at + timedelta(hours=1), tick=False):
        with center_scope(center):
            assert services.reviews_invite(center=center) == 1
            assert services.reviews_invite(center=center) == 0
        # One invitation, to the student who came; in their language, so found by order.
        assert Notification.objects.filter(user__in=[guest, absent]).count() == told_before + 1
        note = Notification.objects.filter(user=guest).latest("pk")
        assert note.center == other_center and "两中心联合双选会" in note.title
        client.force_login(guest)
        assert "Send my review" in _opens(client, note)
