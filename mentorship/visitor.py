"""What every page's frame knows about its visitor and center, read once and cached.

The readers are `mentorship.selectors.center_by_slug` and `visitor_frame`. A signed-in
page needs the center of its URL, the visitor's roles there, their centers for
the menu and their unread count. Read from the database each time, that is four queries
before the page's own work; here the center (by slug) and the visitor's frame (memberships
and unread count) are cached, so a warm request asks the database for none of them.

The cache is dropped by the writers themselves: `ServiceCenter.save`, `Membership.save`
and `Notification.save` forget what they change once the transaction commits, and the
few bulk writers (imports, erasure, marking read) call `forget_visitors` themselves.
A cache that is down only costs the queries (`mentorship.cache`).
"""

from django.core.cache import cache
from django.db import transaction

# Short, so that even an invalidation lost while the cache was unreachable ages out soon.
FRAME_SECONDS = 120
CENTER_SECONDS = 300


def frame_key(user_id) -> str:
    return f"visitor:{user_id}"


def center_key(slug: str) -> str:
    return f"center:slug:{slug}"


def _forget(keys: list) -> None:
    # Now, so this request and the next see the change; and again at commit, in case a
    # request in between cached what was still the committed state.
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def forget_visitors(user_ids) -> None:
    """Drop the cached frames of these people."""
    _forget([frame_key(pk) for pk in {pk for pk in user_ids if pk is not None}])


def forget_center(*slugs) -> None:
    """Drop the cached center of these slugs."""
    _forget([center_key(slug) for slug in slugs if slug])
