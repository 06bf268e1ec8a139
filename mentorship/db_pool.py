"""The connection check the PostgreSQL pool runs when a request takes a connection, and
the reset it runs when one comes back."""

from psycopg_pool import ConnectionPool

from mentorship.rls import reset_pooled_connection  # noqa: F401  (the pool's reset)


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
