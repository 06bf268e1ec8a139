"""The audit trail at program scale: 500,000 entries, the pages' queries read an index in
order instead of sorting the table (PostgreSQL only; SQLite skips)."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from mentorship.audit_filters import center_entries, program_entries
from mentorship.paging import slice_page
from tests.factories import ServiceCenterFactory, UserFactory

ROWS = 500_000


@pytest.fixture
def big_trail(postgres):
    centers = [ServiceCenterFactory(slug=f"c{n}") for n in range(5)]
    actor = UserFactory()
    ids = ",".join(str(c.pk) for c in centers)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO mentorship_auditentry
                (center_id, actor_id, verb, target_type, target_id, target_repr,
                 before, after, created_at)
            SELECT (ARRAY[{ids}])[1 + n %% 5], %s,
                   (ARRAY['base.submitted','student.verified','application.submitted',
                          'placement.created','event.published'])[1 + (n / 7) %% 5],
                   'students.application', n::text, 'row ' || n, '{{}}', '{{}}',
                   TIMESTAMPTZ '2026-01-01 00:00+08' + n * INTERVAL '1 minute'
            FROM generate_series(1, {ROWS}) AS n
            """,
            [actor.pk],
        )
        cursor.execute("ANALYZE mentorship_auditentry")
    return centers


def plan(queryset, page="1") -> str:
    page_rows = slice_page(queryset, page, per_page=50)
    assert page_rows.object_list  # the query runs
    start = (int(page) - 1) * 50
    sql, params = queryset[start : start + 51].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_trail_pages_read_an_index_at_500000_rows(big_trail):
    center = big_trail[2]
    cases = {
        "center, newest first": center_entries(center=center, filters={}),
        "center and verb": center_entries(center=center, filters={"what": "student.verified"}),
        "center and days": center_entries(
            center=center, filters={"date_from": "2026-03-01", "date_to": "2026-03-31"}
        ),
        "program, newest first": program_entries(filters={}),
        "program and verb": program_entries(filters={"what": "event.published"}),
    }
    for name, queryset in cases.items():
        text = plan(queryset, page="3")
        # One of the trail's indexes (mentorship migration 0006), read in its order.
        assert "Index Scan using audit_" in text, f"{name}:\n{text}"
        assert "Seq Scan on mentorship_auditentry" not in text, f"{name}:\n{text}"
        assert "Sort" not in text.split("\n")[1], f"{name} sorts:\n{text}"

    # A day is a day in Shanghai: 16:00 UTC the day before up to 16:00 UTC.
    day = center_entries(
        center=big_trail[0], filters={"date_from": "2026-01-02", "date_to": "2026-01-02"}
    )
    times = list(day.values_list("created_at", flat=True))
    assert len(times) == 24 * 60 // 5
    assert min(times) >= datetime(2026, 1, 1, 16, 0, tzinfo=UTC)
    assert max(times) < datetime(2026, 1, 2, 16, 0, tzinfo=UTC)
