"""A database connection the server dropped while it sat in the pool costs no request."""

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from mentorship.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def terminate_the_portals_backends() -> int:
    """What a database restart or an idle-connection killer does, from a connection of its
    own: every other backend of the test database ends."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    return killed


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
