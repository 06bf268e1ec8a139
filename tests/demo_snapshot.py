"""The demo, seeded once per test session and put back into each test that asks for it.

Seeding walks every workflow through its services (about twenty seconds); tests that only
need the demo's rows get them copied back in a fraction of a second. The demo is seeded
for each day a test runs on (the suite's fixed day, and the real one for tests that
another process or a browser takes part in), committed for real so that what happens on
commit happens, and its rows are kept in memory: what seeding added to each table. Its
files (résumés, licences) are kept in a folder of their own and copied into the media
folder of each test. The database is then flushed as after any transactional test.

The test processes of one run (pytest-xdist) share what one of them seeded: the first to
need a day's demo seeds it under a file lock and leaves its rows and files in the run's
shared folder, and the others read them, unless the rows their own migrations wrote (content
types, permissions, which the demo's rows point to) differ, when they seed their own.

Tests that check seeding itself (the demo on other days, its audit trail, seeding twice)
call the command and do not use this.
"""

import hashlib
import os
import pickle
import shutil
from datetime import datetime
from io import StringIO
from pathlib import Path

import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone, translation

from tests.flush import empty_database
from tests.support import file_lock


def _tables() -> list[str]:
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


def _read(table: str):
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quoted} TO STDOUT") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            # COPY's text format escapes newlines inside values: a line is a row.
            return data.splitlines(keepends=True)
        cursor.execute(f"SELECT * FROM {quoted}")
        return cursor.fetchall()


def _write(table: str, rows) -> None:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quoted} FROM STDIN") as copy:
                copy.write(b"".join(rows))
            return
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f"INSERT INTO {quoted} VALUES ({marks})", rows)


def _contents() -> dict:
    return {table: _read(table) for table in _tables()}


def _digest(contents: dict) -> str:
    return hashlib.sha256(pickle.dumps(sorted(contents.items()))).hexdigest()


class DemoSnapshots:
    """The demo's rows for each day it was seeded on."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.rows: dict = {}

    def seed(self, moment: datetime | None) -> None:
        """Seeds the demo of the day, or reads it where another process of the run did."""
        traveller = time_machine.travel(moment, tick=True) if moment else None
        if traveller:
            traveller.start()
        try:
            day = timezone.localdate()
            before = _contents()
            shared = self.folder / f"{day.isoformat()}.pickle"
            with file_lock(self.folder / f"{day.isoformat()}.lock"):
                found = pickle.loads(shared.read_bytes()) if shared.exists() else None
                media = self.folder / day.isoformat()
                if found and found[0] == _digest(before):
                    self.rows[day] = found[1], media
                    return
                if found:
                    media = self.folder / f"{day.isoformat()}-{os.getpid()}"
                added = self._seed(before, media)
                self.rows[day] = added, media
                if not found:
                    # Renamed into place whole: a process that reads it never sees half of it.
                    written = shared.with_suffix(".partial")
                    written.write_bytes(pickle.dumps((_digest(before), added)))
                    written.rename(shared)
        finally:
            if traveller:
                traveller.stop()

    def _seed(self, before: dict, media: Path) -> dict:
        """Seeds the demo, empties the database again and returns the rows seeding added."""
        cache.clear()
        with (
            override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                MEDIA_ROOT=media,
            ),
            translation.override("en"),
        ):
            call_command("seed_demo", stdout=StringIO())
        after = _contents()
        added = {}
        for table, rows in after.items():
            kept = set(before[table])
            new = [row for row in rows if row not in kept]
            changed = kept - set(rows)
            # Rows the demo changed rather than added could not be put back by copying.
            assert not changed, f"seeding the demo changed rows of {table}"
            if new:
                added[table] = new
        empty_database(connection)
        cache.clear()
        return added

    def restore(self) -> None:
        day = timezone.localdate()
        if day not in self.rows:
            # Midnight in Shanghai passed during the run: a real-clock test (never inside a
            # transaction) seeds the demo of the new day; the suite's fixed day never moves.
            assert not connection.in_atomic_block, f"the demo was not seeded for {day}"
            self.seed(None)
        added, media = self.rows[day]
        if media.exists():
            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        with transaction.atomic():
            for table, rows in added.items():
                _write(table, rows)
            models = [
                model
                for model in apps.get_models(include_auto_created=True)
                if model._meta.db_table in added
            ]
            statements = connection.ops.sequence_reset_sql(no_style(), models)
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
