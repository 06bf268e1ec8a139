"""Who the visitor is and what every page's frame knows about them, read once and cached.

The readers are `mentorship.selectors.center_by_slug` and `visitor_frame`. A signed-in
page needs the center of its URL, the visitor's roles there, their centers for
the menu and their unread count. Read from the database each time, that is four queries
before the page's own work; here the center (by slug) and the visitor's frame (memberships
and unread count) are cached, so a warm request asks the database for none of them.

The cache is dropped by the writers themselves: `ServiceCenter.save`, `Membership.save`
and `Notification.save` forget what they change once the transaction commits, and the
few bulk writers (imports, erasure, marking read) call `forget_visitors` themselves.
A cache that is down only costs the queries (`mentorship.cache`).

The signed-in person themselves (`session_user`, for `CachedAuthenticationMiddleware`) is
cached by id as well: `User.save` and `User.delete` forget them, and the session's hash is
checked against the cached account on every request, as Django checks it against the row,
so a changed password still signs the other sessions out at once.
"""

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import constant_time_compare

# Short, so that even an invalidation lost while the cache was unreachable ages out soon.
FRAME_SECONDS = 120
CENTER_SECONDS = 300
USER_SECONDS = 120


def user_key(user_id) -> str:
    return f"user:{user_id}"


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


def forget_users(user_ids) -> None:
    """Drop the cached accounts of these people."""
    _forget([user_key(pk) for pk in {pk for pk in user_ids if pk is not None}])


def session_user(request):
    """The session's user as `django.contrib.auth.get_user` finds them, from the cache.

    Anything but a cached account whose hash matches the session's goes to Django's own
    `get_user` (which reads the row, tries the fallback secret keys or signs out).
    """
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if (
        user_id is None
        or session.get(auth.BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
    ):
        return auth.get_user(request)
    key = user_key(user_id)
    user = cache.get(key)
    if user is not None:
        session_hash = session.get(auth.HASH_SESSION_KEY)
        if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
            return user
    user = auth.get_user(request)
    if user.is_authenticated:
        cache.set(key, user, USER_SECONDS)
    return user
