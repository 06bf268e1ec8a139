"""The database drops every connection of the portal ten times during a load of 500 page
reads from eight clients at once: no reader gets an error page.

Connections that died idle in the pool are replaced when handed out; a read whose
connection died under it is served again on a new one (`mentorship.db_retry`).
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from mentorship.models import Role
from tests.database import terminate_the_portals_backends
from tests.students.factories import PositionFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 8
REQUESTS = 500
DROP_EVERY = 50


@pytest.fixture
def readers(postgres, center, member_factory):
    with scopes_disabled():
        positions = PositionFactory.create_batch(5, base__center=center)
        students = [StudentProfileFactory(center=center).user for _ in range(CLIENTS)]
    coordinator = member_factory(center, Role.COORDINATOR)
    slug = {"center_slug": center.slug}
    pages = [
        reverse("center:students:position_search", kwargs=slug),
        reverse("center:students:position_search", kwargs=slug) + "?q=a&sort=deadline",
        reverse("center:students:position_detail", kwargs={**slug, "pk": positions[0].pk}),
        reverse("center:home", kwargs=slug),
        reverse("notifications"),
    ]
    clients = []
    for user in [*students[:-1], coordinator]:
        client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    clients[-1].pages = [reverse("center:console", kwargs=slug), *pages[3:]]
    return clients, pages


def test_no_reader_sees_an_error_while_the_database_drops_connections(readers, caplog):
    clients, pages = readers
    lock = threading.Lock()
    done = {"requests": 0, "drops": 0}
    statuses = []

    def read(client):
        own = getattr(client, "pages", pages)
        try:
            while True:
                with lock:
                    if done["requests"] >= REQUESTS:
                        return
                    done["requests"] += 1
                    number = done["requests"]
                response = client.get(own[number % len(own)])
                with lock:
                    statuses.append(response.status_code)
                if number % DROP_EVERY == 0:
                    terminate_the_portals_backends()
                    with lock:
                        done["drops"] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=read, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    connection.close()  # this thread's connection was dropped too

    assert not any(thread.is_alive() for thread in threads)
    assert done["drops"] == REQUESTS // DROP_EVERY
    assert len(statuses) == REQUESTS
    assert set(statuses) == {200}, sorted(set(statuses))
