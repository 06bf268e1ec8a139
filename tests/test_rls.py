"""Row-level security, the second wall under django-scopes (mentorship/rls.py): every
center-owned table has it enabled, forced and its policies; the app role sees no row without
a center, only its center's rows inside one, and every row only on the named paths across
centers; a pooled connection never carries a center into the next request."""

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django_scopes import scopes_disabled
from psycopg_pool import ConnectionPool

from mentorship import rls
from mentorship.celery import app as celery_app
from mentorship.jobs import CenterTask
from mentorship.models import CenterOwned, Role, University
from mentorship.scoping import center_scope, own_rows_across_centers, program_scope, system_scope
from tests.factories import UserFactory

# Tables that store a center but are not center-owned (tests/test_scoping.py says why).
NOT_CENTER_OWNED = {
    "mentorship_auditentry",
    "mentorship_notification",
    "mentorship_centerapplication",
    "mentorship_report",
    "mentorship_figurevalue",
}


def center_owned_tables() -> list[str]:
    """Walked from the models, independently of what mentorship/rls.py applies."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if issubclass(model, CenterOwned) and not model._meta.proxy
        }
    )


def fetch_all(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def count(table, where="TRUE", params=None) -> int:
    quoted = connection.ops.quote_name(table)
    return fetch_all(f"SELECT count(*) FROM {quoted} WHERE {where}", params)[0][0]


def counts(where="TRUE", params=None) -> dict[str, int]:
    return {table: count(table, where, params) for table in center_owned_tables()}


@pytest.fixture
def program_staff(db):
    return UserFactory(is_program_staff=True)


# --- The catalog ---------------------------------------------------------------------------


def test_every_center_owned_table_has_rls_enabled_forced_and_its_policies(postgres):
    tables = center_owned_tables()
    assert len(tables) > 40
    assert set(tables) == set(rls.center_owned_tables())
    models = rls.center_owned_models()
    state = {
        name: (enabled, forced)
        for name, enabled, forced in fetch_all(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relname = ANY(%s) AND relkind = 'r'",
            [tables],
        )
    }
    policies: dict[str, dict] = {}
    for table, name, permissive, roles, cmd, qual, check in fetch_all(
        "SELECT tablename, policyname, permissive, roles, cmd, qual, with_check "
        "FROM pg_policies WHERE schemaname = current_schema()"
    ):
        policies.setdefault(table, {})[name] = (permissive, list(roles), cmd, qual, check)
    missing = []
    for table in tables:
        if state.get(table) != (True, True):
            missing.append(f"{table}: RLS not enabled and forced")
            continue
        have = policies.get(table, {})
        model = models[table]
        shared = rls.shared_policies(model)
        if set(have) != set(rls.POLICY_NAMES.values()) | set(shared):
            missing.append(f"{table}: policies {sorted(have)}")
            continue
        for kind, name in rls.POLICY_NAMES.items():
            permissive, roles, cmd, qual, check = have[name]
            setting = rls.CENTER_SETTING if kind == "center" else rls.SCOPE_SETTING
            if not (
                permissive == "PERMISSIVE"
                and roles == ["public"]
                and cmd == "ALL"
                and setting in qual
                and setting in check
            ):
                missing.append(f"{table}: policy {name} is {have[name]}")
        # A table's own shared policies hold only in the shared scope, for their command.
        for name, (command, _expression) in shared.items():
            permissive, roles, cmd, qual, check = have[name]
            if not (
                permissive == "PERMISSIVE"
                and cmd == command
                and "'shared'" in qual
                and (check is None if command == "SELECT" else "'shared'" in check)
            ):
                missing.append(f"{table}: policy {name} is {have[name]}")
    assert not missing, "\n".join(missing)


def test_every_table_with_a_center_key_is_center_owned_or_listed(postgres):
    with_center = {
        row[0]
        for row in fetch_all(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'center_id'"
        )
    }
    assert with_center - set(center_owned_tables()) == NOT_CENTER_OWNED


def test_the_app_role_owns_nothing_and_cannot_bypass_rls(app_role):
    app_role.on()
    (superuser, bypass), *_ = fetch_all(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    )
    assert fetch_all("SELECT current_user")[0][0] == app_role.name
    assert (superuser, bypass) == (False, False)
    owned = fetch_all(
        "SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
        "WHERE rolname = current_user) AND relname = ANY(%s)",
        [center_owned_tables()],
    )
    assert owned == []


def test_applying_the_policies_again_changes_nothing(postgres):
    assert rls.apply_policies() == 0


# --- What the app role sees ----------------------------------------------------------------


def test_app_role_without_a_center_sees_no_row(demo, app_role):
    before = counts()
    assert sum(before.values()) > 500
    assert sum(1 for n in before.values() if n) > 35, "the demo fills most center-owned tables"
    app_role.on()
    assert counts() == dict.fromkeys(center_owned_tables(), 0)


def test_app_role_in_a_center_sees_only_its_rows_and_cannot_write_another_centers(
    center, other_center, app_role
):
    with scopes_disabled():
        University.objects.create(center=center, name_zh="甲大学")
        University.objects.create(center=other_center, name_zh="乙大学")
    app_role.on()
    with center_scope(center):
        assert list(University.objects.values_list("name_zh", flat=True)) == ["甲大学"]
        assert count("mentorship_university") == 1
        assert count("mentorship_university", "center_id = %s", [other_center.pk]) == 0
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            University.objects.create(center=other_center, name_zh="乙的新大学")
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            University.objects.filter(name_zh="甲大学").update(center=other_center)
    with center_scope(other_center):
        assert list(University.objects.values_list("name_zh", flat=True)) == ["乙大学"]
    assert count("mentorship_university") == 0


def test_demo_rows_per_center_under_the_app_role(demo, app_role):
    staff = UserFactory(is_program_staff=True)
    with scopes_disabled():
        centers = list({m.center for m in University.objects.select_related("center")})
    assert len(centers) >= 2
    expected = {c.pk: counts("center_id = %s", [c.pk]) for c in centers}
    everything = counts()
    app_role.on()
    for c in centers:
        with center_scope(c):
            assert counts() == expected[c.pk]
    with program_scope(actor=staff, reason="test"):
        assert counts() == everything
    with system_scope():
        assert counts() == everything
    with own_rows_across_centers():
        assert counts() == everything
    assert sum(counts().values()) == 0


def test_scopes_nest_and_restore_the_outer_setting(center, other_center, program_staff, app_role):
    def setting():
        return fetch_all(
            "SELECT current_setting(%s, true), current_setting(%s, true)",
            [rls.CENTER_SETTING, rls.SCOPE_SETTING],
        )[0]

    app_role.on()
    with program_scope(actor=program_staff, reason="test"):
        assert setting() == ("", "program")
        with center_scope(center):
            assert setting() == (str(center.pk), "")
            with center_scope(other_center):
                assert setting() == (str(other_center.pk), "")
            assert setting() == (str(center.pk), "")
        assert setting() == ("", "program")
    assert setting() in (("", ""), (None, None))


def test_a_scope_left_inside_a_failed_transaction_keeps_the_first_error(
    center, other_center, app_role
):
    app_role.on()
    refused = pytest.raises(DatabaseError, match="row-level security")
    with refused, transaction.atomic(), center_scope(center):
        University.objects.create(center=other_center, name_zh="乙的新大学")
    # The rollback undid the scope's setting; the next scope sets it again.
    assert fetch_all("SELECT current_setting(%s, true)", [rls.CENTER_SETTING])[0][0] in ("", None)
    with center_scope(center):
        University.objects.create(center=center, name_zh="甲大学")
        assert count("mentorship_university") == 1


def test_a_center_task_runs_in_its_center_under_the_app_role(center, other_center, app_role):
    with scopes_disabled():
        University.objects.create(center=center, name_zh="甲大学")
        University.objects.create(center=other_center, name_zh="乙大学")
        University.objects.create(center=other_center, name_zh="乙二大学")
    app_role.on()
    assert celery_app.conf.task_always_eager
    assert count_universities.delay(center_id=center.pk).get() == 1
    assert count_universities.delay(center_id=other_center.pk).get() == 2
    assert count("mentorship_university") == 0


@celery_app.task(base=CenterTask, name="tests.rls.count_universities")
def count_universities(*, center):
    return count("mentorship_university")


# --- Pooled connections --------------------------------------------------------------------


def test_the_pool_resets_a_connection_it_takes_back(postgres):
    assert settings.DATABASES["default"]["OPTIONS"]["pool"]["reset"] is rls.reset_pooled_connection
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    pool = ConnectionPool(
        kwargs={**params, "autocommit": True},
        min_size=1,
        max_size=1,
        reset=rls.reset_pooled_connection,
        open=True,
    )
    try:
        with pool.connection() as raw:
            raw.execute("SELECT set_config(%s, '42', false)", [rls.CENTER_SETTING])
            pid = raw.info.backend_pid
        with pool.connection() as raw:
            assert raw.info.backend_pid == pid, "the one connection of the pool, again"
            value = raw.execute("SELECT current_setting(%s, true)", [rls.CENTER_SETTING])
            assert value.fetchone()[0] == ""
    finally:
        pool.close()


def test_a_request_leaves_no_center_on_its_connection(client, center, member_factory, app_role):
    client.force_login(member_factory(center, Role.COORDINATOR))
    app_role.on()
    assert client.get(f"/c/{center.slug}/").status_code == 200
    value = fetch_all("SELECT current_setting(%s, true)", [rls.CENTER_SETTING])[0][0]
    assert value in ("", None)


@pytest.mark.django_db(transaction=True)
def test_a_connection_returned_mid_scope_comes_back_without_its_center(postgres, center):
    """A request that dies inside its scope returns the connection still set to its center:
    the pool clears it before anyone else gets it."""
    pool = connection.pool
    assert pool is not None
    with center_scope(center):
        assert fetch_all("SELECT current_setting(%s, true)", [rls.CENTER_SETTING]) == [
            (str(center.pk),)
        ]
        pid = connection.connection.info.backend_pid
        connection.close()
    taken = []
    try:
        # Take connections until the pool hands back that one (it may open others first).
        while len(taken) < pool.max_size:
            raw = pool.getconn()
            taken.append(raw)
            if raw.info.backend_pid == pid:
                break
        assert taken[-1].info.backend_pid == pid
        value = taken[-1].execute("SELECT current_setting(%s, true)", [rls.CENTER_SETTING])
        assert value.fetchone()[0] == ""
    finally:
        for raw in taken:
            pool.putconn(raw)


def test_a_connection_opened_inside_a_scope_gets_its_center(postgres, center):
    with center_scope(center):
        raw = connection.connection
        assert isinstance(raw, psycopg.Connection)
        rls._applied.pop(raw, None)
        rls.on_connection_created(sender=None, connection=connection)
        assert fetch_all("SELECT current_setting(%s, true)", [rls.CENTER_SETTING]) == [
            (str(center.pk),)
        ]


# --- One statement per request -------------------------------------------------------------


def _scope_statements(monkeypatch) -> list:
    """The scope statements sent to PostgreSQL from now on."""
    sent = []
    execute = psycopg.Connection.execute

    def counted(self, query, params=None, *args, **kwargs):
        if query == rls.SET_SCOPE_SQL:
            sent.append(tuple(params))
        return execute(self, query, params, *args, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "execute", counted)
    return sent


def test_a_scope_left_without_a_query_sends_nothing(postgres, center, monkeypatch):
    fetch_all("SELECT 1")
    sent = _scope_statements(monkeypatch)
    with center_scope(center), own_rows_across_centers():
        pass
    fetch_all("SELECT 1")
    assert sent == []


def test_a_request_in_one_center_sends_one_scope_statement(
    postgres, client, center, member_factory, monkeypatch
):
    client.force_login(member_factory(center, Role.COORDINATOR))
    url = f"/c/{center.slug}/console/"
    assert client.get(url).status_code == 200
    fetch_all("SELECT 1")  # back to no center
    sent = _scope_statements(monkeypatch)
    assert client.get(url).status_code == 200
    assert sent == [(str(center.pk), "")]


def test_a_setting_undone_by_a_rollback_is_sent_again(center, other_center, app_role):
    app_role.on()

    def center_setting():
        return fetch_all("SELECT current_setting(%s, true)", [rls.CENTER_SETTING])[0][0]

    with center_scope(center):
        assert center_setting() == str(center.pk)
    try:
        with transaction.atomic(), center_scope(other_center):
            assert center_setting() == str(other_center.pk)
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    # The rollback put the connection back to the first center; it is told again.
    with center_scope(other_center):
        assert center_setting() == str(other_center.pk)
