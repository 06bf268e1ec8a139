"""A student's ongoing placements never overlap (PostgreSQL only).

The accept service checks for an overlapping placement under a lock on the student's
profile; this exclusion constraint is the database's own word on it, for any writer.
SQLite (the embedded default) has no such constraint and relies on the service.
"""

from django.db import migrations

CONSTRAINT = "students_placement_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # btree_gist lets the student's id (compared with =) share a GiST index with the range.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE students_placement ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(student_id WITH =, daterange(start_date, end_date, '[)') WITH &&) "
        "WHERE (status = 'ongoing')"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE students_placement DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("students", "0005_application_position_newest")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
