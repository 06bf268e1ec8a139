"""Faults of the database that tests cause on purpose."""

import psycopg
from django.db import connection


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
