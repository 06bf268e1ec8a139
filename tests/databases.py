"""Test databases of a run on PostgreSQL: migrated once, copied for each test process.

Migrating from nothing renders the migration state some twelve thousand times: more than a
minute of one core, for each process of the run (pytest-xdist) and again for the production
stack's own database. On PostgreSQL the first process to need a database migrates a template
under a file lock shared by the run; every process then gets its own database as a copy of
it (CREATE DATABASE … TEMPLATE, a file copy of a second or two). The template is dropped when
the run ends.
"""

from pathlib import Path

import psycopg
from django.db import connection

from tests.support import file_lock

# The run's template and lock folder, once this process has its copy.
made: dict = {}


def template_name(settings_dict: dict, worker: str = "") -> str:
    """The run's migrated template: the name the test database has without a process."""
    name = settings_dict["TEST"].get("NAME") or f"test_{settings_dict['NAME']}"
    return name.removesuffix(f"_{worker}") if worker else name


def run_lock(folder: Path):
    """Held while the template is made or copied: PostgreSQL copies only a database that
    no session is connected to."""
    return file_lock(folder / "databases.lock")


def _disconnect() -> None:
    connection.close()
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        connection.close_pool()


def copy_of_template(*, folder: Path, worker: str, verbosity: int) -> str:
    """Gives this process its own migrated test database, a copy of the run's template;
    returns the name the settings gave the database before (for `drop_copy`)."""
    creation = connection.creation
    original = connection.settings_dict["NAME"]
    template = template_name(connection.settings_dict, worker)
    with run_lock(folder):
        ready = folder / "template.ready"
        if ready.exists():
            connection.settings_dict["NAME"] = template
        else:
            connection.settings_dict["TEST"]["NAME"] = template
            creation.create_test_db(verbosity=verbosity, autoclobber=True)
            ready.touch()
        # Copies the database connected to, as `<template>_<worker>`, once disconnected.
        creation.clone_test_db(suffix=worker, verbosity=verbosity, autoclobber=True)
    connection.settings_dict.update(creation.get_test_db_clone_settings(worker))
    _disconnect()
    made.update(template=template, folder=folder)
    return original


def drop_copy(original: str) -> None:
    """Drops this process's database at the end of the run, even while a connection a
    test left behind (a thread's, a killed worker's not yet noticed) still holds it."""
    name = connection.settings_dict["NAME"]
    _disconnect()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")
    connection.settings_dict["NAME"] = original


def copy_template_into(name: str) -> bool:
    """Makes `name` a copy of the run's migrated template, for a server a test starts apart
    from its own database; False when this run made none (one process, or SQLite)."""
    if not made:
        return False
    quote = connection.ops.quote_name
    with run_lock(made["folder"]), connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(made['template'])}")
    return True


def drop_template() -> None:
    """Drops the run's template once every process is done (from the controlling process,
    which holds no connection, and whose settings name the database without a process)."""
    db = connection.settings_dict
    name = connection.ops.quote_name(template_name(db))
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
