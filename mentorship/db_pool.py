"""The connection check the PostgreSQL pool runs when a request takes a connection, and
the reset it runs when one comes back."""

from psycopg_pool import ConnectionPool

# The session settings row-level security reads (mentorship/rls.py).
CENTER_SETTING = "mentorship.center_id"
SCOPE_SETTING = "mentorship.scope"
SET_SCOPE_SQL = (
    f"SELECT set_config('{CENTER_SETTING}', %s, false), set_config('{SCOPE_SETTING}', %s, false)"
)


def check_pooled_connection(conn) -> None:
    """Pass a live connection; on a dead one, first clear every dead idle connection.

    One dead connection usually means the server dropped them all (a restart, a failover).
    The pool would otherwise meet them one by one, waiting longer after each (1 s, 2 s,
    4 s…), and a worker holding a dozen idle connections would time out the request.
    """
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        # Read when it runs: the settings import this module before the database exists.
        from django.db import connections

        pool = connections["default"].pool
        if pool is not None:
            pool.check()
        raise


def reset_pooled_connection(conn) -> None:
    """A connection comes back to the pool without the center or scope it ran in."""
    conn.execute(SET_SCOPE_SQL, ("", ""))
    if not conn.autocommit:
        conn.commit()
