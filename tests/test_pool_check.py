"""A database connection the server dropped while it sat in the pool costs no request."""

import pytest
from django.db import connection
from django.urls import reverse

from mentorship.models import Role
from tests.database import terminate_the_portals_backends
from tests.students.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_next_request_answers_after_the_database_killed_the_pooled_backends(
    postgres, client, center, member_factory
):
    client.force_login(member_factory(center, Role.COORDINATOR))
    console = reverse("center:console", kwargs={"center_slug": center.slug})
    assert client.get(console).status_code == 200
    connection.close()  # back to the pool, as at the end of every request
    assert terminate_the_portals_backends() >= 1

    response = client.get(console)
    assert response.status_code == 200
    assert "Alpha Center" in response.content.decode()


def test_next_request_answers_when_many_idle_connections_died_at_once(
    postgres, client, center, member_factory
):
    """After a restart every idle connection is dead: the first request clears them all at
    once instead of meeting them one by one with a growing wait."""
    client.force_login(member_factory(center, Role.COORDINATOR))
    console = reverse("center:console", kwargs={"center_slug": center.slug})

    def use_a_connection():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    run_together([use_a_connection] * 12)  # several connections now idle in the pool
    connection.close()
    assert terminate_the_portals_backends() >= 4

    response = client.get(console)
    assert response.status_code == 200
