"""Trigram index for keyword search of positions (PostgreSQL only).

Keyword search filters ``search_text LIKE '%term%'`` on the lower-cased text that
``Position.save`` maintains; a GIN trigram index lets PostgreSQL answer that without reading
every position. The index lives here because the students app owns position search.
SQLite (the embedded default) has no such index type and scans instead.
"""

from django.db import migrations

INDEX = "bases_position_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON bases_position "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other indexes may use it.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("bases", "0002_initial"),
        ("students", "0002_placement_list_indexes"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
