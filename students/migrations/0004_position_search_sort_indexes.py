"""Indexes for the sort orders and filters of position search (PostgreSQL only).

Search lists the open positions of one center, newest first, by stipend or by deadline,
and reads only the first page or so. With an index in each order, PostgreSQL walks the
index and stops after one page instead of sorting every open position of the center
(Hangzhou alone has thousands). With filters (city, duration, stipend) it narrows the rows
in the last index before reading any of them. Partial on status = 'open': search reads
nothing else.
"""

from django.db import migrations

INDEXES = {
    "bases_position_open_newest": "(center_id, published_at DESC, id DESC)",
    "bases_position_open_stipend": "(center_id, stipend DESC, published_at DESC, id DESC)",
    "bases_position_open_deadline": "(center_id, deadline, id DESC)",
    "bases_position_open_filters": "(center_id, city, duration_months, stipend)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON bases_position {columns} "
            "WHERE status = 'open'"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("bases", "0002_initial"),
        ("students", "0003_position_search_trigram"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
