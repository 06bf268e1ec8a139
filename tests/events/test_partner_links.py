"""A co-organizing center's student is sent links to their own center's pages: their line,
their offered seat, their ticket (in the app and in the email), the reminder and the
cancellation all open for them, under their center's address."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django_scopes import scopes_disabled

from events import services
from events.models import Registration
from mentorship.models import Notification, OutgoingEmail
from mentorship.scoping import center_scope, shared_with_center
from tests.events.test_partners import NOW, coordinators, fair, register_in, shared  # noqa: F401
from tests.students.factories import StudentProfileFactory

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
    coordinators,
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
