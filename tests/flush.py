"""Emptying the database after a test that committed (live server, real worker, real clock).

Django's flush truncates all ninety tables and then runs `post_migrate` again to recreate
content types and permissions: several seconds on PostgreSQL each time, as every truncated
table and index gets new files. Such a test writes to a few tables only, so on PostgreSQL
the rows of the tables that hold any are deleted in one transaction instead (foreign keys
are deferred, so the order does not matter). Content types and permissions, which only
`migrate` writes, stay as they are, and `post_migrate` need not run. A table of thousands of
rows is truncated instead, with those that point at it.
"""

from django.core.management import call_command
from django.db import connections, transaction
from django.test import TransactionTestCase

KEPT = {"django_migrations", "django_content_type", "auth_permission"}

_django_fixture_teardown = TransactionTestCase._fixture_teardown


# Above this many rows a table is truncated: deleting row by row checks every foreign key
# pointing at each row (twenty thousand imported students took a minute and a half).
TRUNCATE_ABOVE = 1000


def empty_tables(connection) -> list[str]:
    """Delete every row of the project's tables; returns the tables that held rows."""
    quote = connection.ops.quote_name
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in KEPT
    ]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s, (SELECT count(*) FROM (SELECT FROM {quote(table)} "
                f"LIMIT {TRUNCATE_ABOVE + 1}) AS rows)"
                for table in tables
            ),
            tables,
        )
        counts = dict(cursor.fetchall())
        filled = [table for table in tables if counts[table]]
        large = [table for table in filled if counts[table] > TRUNCATE_ABOVE]
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        if large:
            # CASCADE: the tables that point at these are emptied here anyway.
            cursor.execute(f"TRUNCATE {', '.join(map(quote, large))} CASCADE")
        for table in filled:
            if table not in large:
                cursor.execute(f"DELETE FROM {quote(table)}")
    return filled


def empty_database(connection) -> None:
    """As Django's flush leaves the database, faster on PostgreSQL."""
    if connection.vendor == "postgresql":
        empty_tables(connection)
    else:
        call_command("flush", interactive=False, verbosity=0, database=connection.alias)


def _fixture_teardown(self):
    names = list(self._databases_names(include_mirrors=False))
    plain = self.available_apps is None and not self.serialized_rollback
    if not plain or any(connections[name].vendor != "postgresql" for name in names):
        return _django_fixture_teardown(self)
    for name in names:
        empty_tables(connections[name])


def install() -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown
