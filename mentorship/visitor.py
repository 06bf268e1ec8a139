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

On a GET or HEAD, the center of the URL, the account and their frame come in one cache read
(`kept`) instead of three; a miss is read from the database as before. Other methods read
each when asked, so a request that changes something reads what is there when it asks.
"""

import re

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.utils.crypto import constant_time_compare

from mentorship.cache import forget

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


def forget_visitors(user_ids) -> None:
    """Drop the cached frames of these people."""
    forget([frame_key(pk) for pk in {pk for pk in user_ids if pk is not None}])


def forget_center(*slugs) -> None:
    """Drop the cached center of these slugs."""
    forget([center_key(slug) for slug in slugs if slug])


def forget_users(user_ids) -> None:
    """Drop the cached accounts of these people."""
    forget([user_key(pk) for pk in {pk for pk in user_ids if pk is not None}])


READ_METHODS = frozenset({"GET", "HEAD"})


# Every center's page is under /c/<slug>/ (mentorship/urls.py). Read from the path: Django
# resolves the URL anyway, and a second resolution through some 340 patterns cost a page
# more than its menus.
_CENTER_PATH = re.compile(r"/c/([-a-zA-Z0-9_]+)/")


def center_slug_of(request) -> str | None:
    """The slug of the center whose page this is, or None."""
    match = _CENTER_PATH.match(request.path_info)
    return match[1] if match else None


def kept(request) -> dict | None:
    """For a GET or HEAD, {key: value} of the cached center of the URL, account and frame,
    read at once on the first call (None for other methods: each is read when asked)."""
    if request.method not in READ_METHODS:
        return None
    if not hasattr(request, "_kept_visitor"):
        slug = center_slug_of(request)
        keys = [center_key(slug)] if slug else []
        user_id = request.session.get(auth.SESSION_KEY)
        if user_id is not None:
            keys += [user_key(user_id), frame_key(user_id)]
        request._kept_visitor = cache.get_many(keys) if keys else {}
    return request._kept_visitor


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
    found = kept(request)
    user = cache.get(key) if found is None else found.get(key)
    if user is not None:
        session_hash = session.get(auth.HASH_SESSION_KEY)
        if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
            return _with_frame(user, found)
    user = auth.get_user(request)
    if user.is_authenticated:
        cache.set(key, user, USER_SECONDS)
        _with_frame(user, found)
    return user


def _with_frame(user, found):
    # Set on this request's object only, after it was cached: the frame is kept apart.
    frame = found.get(frame_key(user.pk)) if found else None
    if frame is not None:
        user._visitor_frame = frame
    return user
