"""The frame of a page (center, roles, menu, unread count) is cached per visitor, and every
writer of those rows drops it: a removed member loses the page at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship import services
from mentorship.models import Membership, Role
from mentorship.notifications import notify
from mentorship.scoping import center_scope

pytestmark = pytest.mark.django_db


def _console(center):
    return reverse("center:console", kwargs={"center_slug": center.slug})


def _frame_queries(queries) -> list[str]:
    """The queries that read the center, the visitor's memberships or unread count."""
    tables = ("mentorship_servicecenter", "mentorship_membership", "mentorship_notification")
    return [q["sql"] for q in queries if any(f'"{t}"' in q["sql"] for t in tables)]


def test_a_warm_page_reads_no_center_roles_or_unread_count(client, center, coordinator):
    client.force_login(coordinator)
    client.get(_console(center))
    with CaptureQueriesContext(connection) as warm:
        response = client.get(_console(center))
    assert response.status_code == 200
    frame = [sql for sql in _frame_queries(warm.captured_queries) if "COUNT" not in sql]
    # The console's own figures count members per role; nothing else reads the frame's rows.
    assert all("GROUP BY" in sql for sql in frame), frame


def test_removing_a_member_takes_the_page_away_at_once(client, center, coordinator, member_factory):
    other = member_factory(center, Role.COORDINATOR)
    client.force_login(other)
    assert client.get(_console(center)).status_code == 200
    with center_scope(center):
        membership = Membership.objects.get(center=center, user=other)
        services.membership_remove(center=center, actor=coordinator, membership=membership)
    assert client.get(_console(center)).status_code in (403, 404)


def test_a_new_notification_shows_in_the_unread_count_at_once(client, center, coordinator):
    client.force_login(coordinator)
    first = client.get(_console(center))
    assert first.context["unread_notifications"] == 0
    notify(coordinator, "welcome", title="Hello")
    assert client.get(_console(center)).context["unread_notifications"] == 1
    client.post(reverse("notification_read"))
    assert client.get(_console(center)).context["unread_notifications"] == 0


def test_a_center_suspended_refuses_changes_at_once(client, center, coordinator):
    client.force_login(coordinator)
    assert client.get(_console(center)).status_code == 200
    center.status = center.Status.SUSPENDED
    center.save()
    response = client.post(reverse("center:settings", kwargs={"center_slug": center.slug}), {})
    assert response.status_code == 403


def _cache_reads(monkeypatch):
    """Every cache read of the request, as (method, keys)."""
    from django.core.cache import cache

    reads = []
    inside_many = []
    get, get_many = cache.get, cache.get_many

    def counted_get(key, *args, **kwargs):
        # The local-memory cache (no Redis configured) reads many keys one get at a time:
        # those are the one read that asked for them all.
        if not inside_many:
            reads.append(("get", [key]))
        return get(key, *args, **kwargs)

    def counted_get_many(keys, *args, **kwargs):
        reads.append(("get_many", list(keys)))
        inside_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_many.pop()

    monkeypatch.setattr(cache, "get", counted_get)
    monkeypatch.setattr(cache, "get_many", counted_get_many)
    return reads


def test_a_warm_get_reads_center_account_and_frame_at_once_and_the_menus_at_once(
    client, center, coordinator, monkeypatch
):
    client.force_login(coordinator)
    client.get(_console(center))
    reads = _cache_reads(monkeypatch)
    response = client.get(_console(center))
    assert response.status_code == 200
    visitor = [
        keys
        for method, keys in reads
        if any(k.startswith(("user:", "visitor:", "center:slug:")) for k in keys)
    ]
    assert visitor == [
        [f"center:slug:{center.slug}", f"user:{coordinator.pk}", f"visitor:{coordinator.pk}"]
    ]
    menus = [keys for method, keys in reads if any(k.startswith("frame:") for k in keys)]
    assert len(menus) == 1 and len(menus[0]) == 2


def test_a_post_reads_the_account_when_it_asks(client, center, coordinator, monkeypatch):
    client.force_login(coordinator)
    client.get(_console(center))
    reads = _cache_reads(monkeypatch)
    client.post(reverse("set_language"), {"language": "en", "next": _console(center)})
    assert ("get", [f"user:{coordinator.pk}"]) in reads
    assert not any(
        method == "get_many" and f"user:{coordinator.pk}" in keys for method, keys in reads
    )
