"""PostgreSQL row-level security: the second wall under django-scopes.

Every center-owned table has RLS enabled and forced, with policies that read two settings
of the database session:

- `mentorship.center_id`: the center whose rows are visible and writable;
- `mentorship.scope`: `program` (program staff's audited path across centers), `person` (a
  person's own rows across centers, filtered by the code that asks), `shared` (a center's
  audited path to rows other centers share with it, admitted by the policies the tables
  declare themselves, see `shared_policies`) or `system` (maintenance: migrations, seeding,
  periodic fan-out, the outbox relay).

Unset, both mean "no center": a role without BYPASSRLS then sees no center-owned row at all.

The settings follow the scope context managers of `mentorship.scoping` (the middleware, the
`CenterTask` base and the commands enter them). The connection is told before its next
query, and only when it does not know the scope yet (an execute wrapper, `_sync`): a
request in one center costs one `set_config` statement, however many scopes it enters and
leaves, and a scope left without a query costs none. Django runs in autocommit, so they
are session settings (`set_config(…, false)`) rather than `SET LOCAL`; one set inside a
transaction is trusted only while that transaction (and its savepoints) lasts, as a
rollback undoes it. The pool clears them when a connection comes back
(`reset_pooled_connection`), so a pooled connection never carries one request's center into
the next. Code that talks to psycopg directly (COPY) calls `sync()` first. On SQLite all
of this is a no-op.

The policies are applied after every `migrate` (`apply_policies`) for every concrete
`CenterOwned` model, so a new center-owned model joins by existing; tests/test_rls.py
reads the catalog and fails on a table without them.
"""

import hashlib
import logging
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connections
from psycopg.pq import TransactionStatus

from mentorship.db_pool import (  # noqa: F401  (the pool's reset, here with the rest)
    CENTER_SETTING,
    SCOPE_SETTING,
    SET_SCOPE_SQL,
    reset_pooled_connection,
)
from mentorship.models import CenterOwned

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class State:
    center_id: str = ""
    scope: str = ""


NO_CENTER = State()
PROGRAM = State(scope="program")
PERSON = State(scope="person")
SYSTEM = State(scope="system")

_current: ContextVar[State] = ContextVar("rls_state", default=NO_CENTER)


@dataclass(frozen=True)
class _Told:
    """What an open psycopg connection was last told, and inside which transaction.

    `savepoints` is None when it was told outside a transaction (it holds until told
    otherwise); else the savepoints open then: a rollback of that transaction or of one of
    those savepoints undoes the setting, so it holds only while they are all still open.
    """

    state: State
    savepoints: tuple | None


# What each open psycopg connection was last told (absent: unknown, so tell it again).
_applied: "weakref.WeakKeyDictionary[object, _Told]" = weakref.WeakKeyDictionary()


def current() -> State:
    return _current.get()


def _in_failed_transaction(raw) -> bool:
    return raw.info.transaction_status == TransactionStatus.INERROR


def _still_holds(told: _Told | None, connection, raw) -> bool:
    if told is None or told.state != _current.get():
        return False
    if told.savepoints is None:
        return True
    # Told inside a transaction: it holds while that transaction and its savepoints do.
    if raw.info.transaction_status == TransactionStatus.IDLE:
        return False  # that transaction ended, perhaps rolled back
    now = tuple(connection.savepoint_ids)
    return now[: len(told.savepoints)] == told.savepoints


def _sync(alias: str = "default") -> None:
    """Tell the open connection the current state, when it does not know it yet.

    Called before each query (`_before_query`), so entering and leaving scopes costs
    nothing by itself: a request that stays in one center sends one statement, or none
    when its connection was last told that center. A connection not yet open is told when
    it opens (`on_connection_created`). The statement goes to psycopg directly: it is
    plumbing of every scope, not a query of the page, and the pages' query budgets do not
    count it.
    """
    _tell(connections[alias])


def _tell(connection) -> None:
    if connection.vendor != "postgresql" or connection.connection is None:
        return
    raw = connection.connection
    if _still_holds(_applied.get(raw), connection, raw):
        return
    if raw.closed or raw.broken or _in_failed_transaction(raw):
        # A lost connection goes away with its settings; the rollback a failed transaction
        # needs undoes whatever it set. The next query or connection sets them again.
        _applied.pop(raw, None)
        return
    wanted = _current.get()
    with connection.wrap_database_errors:
        raw.execute(SET_SCOPE_SQL, (wanted.center_id, wanted.scope))
    in_transaction = raw.info.transaction_status != TransactionStatus.IDLE
    _applied[raw] = _Told(wanted, tuple(connection.savepoint_ids) if in_transaction else None)


def sync(alias: str = "default") -> None:
    """Tell the connection the current scope now: before using psycopg directly (COPY)."""
    _sync(alias)


def _before_query(connection):
    def wrapper(execute, sql, params, many, context):
        _tell(connection)
        return execute(sql, params, many, context)

    wrapper.rls = True
    return wrapper


@contextmanager
def entered(state: State):
    """Run with `state` as the connection's RLS settings, restoring the outer ones after.

    The connection learns the state before its next query, not here (`_sync`).
    """
    token = _current.set(state)
    try:
        yield
    finally:
        _current.reset(token)


def center_state(center) -> State:
    return State(center_id=str(center.pk))


def shared_state(center) -> State:
    """The center's own rows, and the rows other centers share with it."""
    return State(center_id=str(center.pk), scope="shared")


def on_connection_created(sender, connection, **kwargs) -> None:
    """A connection opened (or taken from the pool) learns the scope before its queries.

    One from the pool comes back reset (`reset_pooled_connection`): it knows no center.
    """
    if connection.vendor != "postgresql" or connection.connection is None:
        return
    if not any(getattr(w, "rls", False) for w in connection.execute_wrappers):
        # First, so it runs before any other wrapper, and `execute_wrapper()` blocks, which
        # pop the last one when they end, never take it away.
        connection.execute_wrappers.insert(0, _before_query(connection))
    _applied[connection.connection] = _Told(NO_CENTER, None)


# --- The policies -------------------------------------------------------------------------

_CENTER = f"NULLIF(current_setting('{CENTER_SETTING}', true), '')::bigint"
_SCOPE = f"current_setting('{SCOPE_SETTING}', true)"

# name -> the expression of USING and WITH CHECK. Each is permissive: a row is visible when
# one of them admits it.
POLICY_EXPRESSIONS = {
    # The center the request or task runs in.
    "center": f"center_id = {_CENTER}",
    # Program staff's audited path across all centers (`program_scope`).
    "program": f"{_SCOPE} = 'program'",
    # A person's own rows across centers (`own_rows_across_centers`): the code filters by
    # the person, the database by the scope having been chosen.
    "person": f"{_SCOPE} = 'person'",
    # Trusted code outside any request: migrations, seeding, periodic fan-out, the relay.
    "system": f"{_SCOPE} = 'system'",
}


def _policy_name(kind: str) -> str:
    # The expression's digest is in the name: a changed policy replaces the old one.
    digest = hashlib.sha256(POLICY_EXPRESSIONS[kind].encode()).hexdigest()[:8]
    return f"mentorship_{kind}_{digest}"


POLICY_NAMES = {kind: _policy_name(kind) for kind in POLICY_EXPRESSIONS}

# A center-owned model may declare, as `rls_shared = {name: (command, condition)}`, which of
# its rows another center reads (or writes) in the shared scope (`shared_with_center`):
# `condition` is SQL in which `{center}` stands for the current center. Each becomes one
# more permissive policy of its table, for that command only, and only in that scope.
SHARED_COMMANDS = ("ALL", "SELECT", "UPDATE")


def shared_policies(model) -> dict[str, tuple[str, str]]:
    """The model's shared-scope policies: name -> (command, expression)."""
    policies = {}
    for kind, (command, condition) in sorted(getattr(model, "rls_shared", {}).items()):
        if command not in SHARED_COMMANDS:
            raise ValueError(f"{model.__name__}.rls_shared[{kind!r}]: command {command}")
        expression = f"{_SCOPE} = 'shared' AND ({condition.format(center=_CENTER)})"
        digest = hashlib.sha256(f"{command} {expression}".encode()).hexdigest()[:8]
        policies[f"mentorship_shared_{kind}_{digest}"] = (command, expression)
    return policies


def table_policies(model) -> dict[str, tuple[str, str]]:
    """Every policy the model's table has: name -> (command, expression)."""
    general = {name: ("ALL", POLICY_EXPRESSIONS[kind]) for kind, name in POLICY_NAMES.items()}
    return general | shared_policies(model)


def center_owned_models() -> dict:
    """table -> the concrete center-owned model that stores the center key itself."""
    models = {}
    for model in apps.get_models():
        if not issubclass(model, CenterOwned) or model._meta.proxy:
            continue
        if not model._meta.managed:
            continue
        field = model._meta.get_field("center")
        if field.model._meta.concrete_model is model._meta.concrete_model:
            models[model._meta.db_table] = model
    return models


def center_owned_tables() -> list[str]:
    return sorted(center_owned_models())


def app_role() -> str:
    return settings.DATABASE_APP_ROLE


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def apply_policies(using: str = "default") -> int:
    """Enable and force RLS on every center-owned table and (re)create its policies.

    Idempotent and cheap when nothing changed (one catalog query); returns how many tables
    were changed. Grants the app role its DML rights on every table.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    models = center_owned_models()
    tables = sorted(models)
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   coalesce(array_agg(p.polname) FILTER (WHERE p.polname IS NOT NULL), '{}')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            LEFT JOIN pg_policy p ON p.polrelid = c.oid
            WHERE c.relname = ANY(%s) AND c.relkind = 'r'
            GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity
            """,
            [tables],
        )
        found = {row[0]: row[1:] for row in cursor.fetchall()}
        for table in tables:
            if table not in found:
                continue  # not created yet (a migration still to run)
            enabled, forced, policies = found[table]
            policies = set(policies)
            wanted = table_policies(models[table])
            expected = set(wanted)
            if enabled and forced and policies == expected:
                continue
            quoted = _quote(connection, table)
            cursor.execute(f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY")
            for stale in policies - expected:
                cursor.execute(f"DROP POLICY {_quote(connection, stale)} ON {quoted}")
            for name, (command, expression) in wanted.items():
                if name in policies:
                    continue
                check = "" if command == "SELECT" else f" WITH CHECK ({expression})"
                cursor.execute(
                    f"CREATE POLICY {_quote(connection, name)} ON {quoted} "
                    f"FOR {command} USING ({expression}){check}"
                )
            changed += 1
        grant_app_role(cursor, connection)
    return changed


def grant_app_role(cursor, connection) -> None:
    """DML on every table and the sequences, when the app role exists."""
    role = app_role()
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is None:
        logger.warning("Role %s does not exist: no grants for the application", role)
        return
    quoted = _quote(connection, role)
    cursor.execute(f"GRANT USAGE ON SCHEMA {_quote(connection, 'public')} TO {quoted}")
    cursor.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}"
    )
    cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")


def ensure_app_role(using: str = "default") -> None:
    """Create the app role (NOLOGIN, no BYPASSRLS) where the migrating role may."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        if not cursor.fetchone()[0]:
            return
        role = app_role().replace("'", "''")
        cursor.execute(
            f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE {_quote(connection, app_role())} NOLOGIN NOBYPASSRLS;
              END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$
            """
        )


_migration_scope = {}


def before_migrate(sender, using="default", **kwargs) -> None:
    """`migrate` runs as the tables' owner, whom forced RLS binds too: in the system scope."""
    if using not in _migration_scope:
        token = _current.set(SYSTEM)
        _migration_scope[using] = token
        _sync(using)


def after_migrate(sender, using="default", **kwargs) -> None:
    ensure_app_role(using)
    apply_policies(using)
    token = _migration_scope.pop(using, None)
    if token is not None:
        _current.reset(token)
        _sync(using)
