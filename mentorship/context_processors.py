"""What every page's frame needs: the visitor's centers and unread notifications.

The frame's menus are the same for everyone of the same roles in a center, so base.html
keeps them rendered in the cache (`{% framepart %}`), under `fragment_key`: the center, its
slug, the visitor's roles there, the language and this process's start, so that a changed
membership or slug draws a new menu at once and a deployment never serves the menus of the
code before it. The page's parts are read together, in one cache read, when the first is
drawn (`FrameParts`).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from mentorship.dev_mail import outbox_enabled
from mentorship.selectors import memberships_by_center, unread_notification_count

# Fragments drawn by an earlier deployment (or another worker) are never read.
FRAGMENTS_EPOCH = str(time.time_ns())


def _fragment_key(center, roles) -> str:
    where = f"{center.pk}:{center.slug}" if center is not None else "-"
    return f"{FRAGMENTS_EPOCH}:{where}:{','.join(sorted(roles))}"


FRAME_PART_SECONDS = 600


class FrameParts:
    """The kept menus of a page: which it draws, under which keys; read at the first ask."""

    def __init__(self, fragment_key: str, names: list[str]):
        language = get_language() or ""
        self._keys = {name: f"frame:{name}:{fragment_key}:{language}" for name in names}
        self._found = None

    def key(self, name: str) -> str:
        return self._keys[name]

    def get(self, name: str):
        if self._found is None:
            self._found = cache.get_many(list(self._keys.values()))
        return self._found.get(self._keys[name])


def portal(request):
    user = getattr(request, "user", None)
    center = getattr(request, "center", None)
    roles = getattr(request, "center_roles", frozenset())
    fragment_key = f"{_fragment_key(center, roles)}:{int(settings.WECHAT_ENABLED)}"
    signed_in = user is not None and user.is_authenticated
    names = (["account_menu"] if signed_in else []) + (["center_nav"] if center else [])
    frame = {
        "current_center": center,
        "frame_parts": FrameParts(fragment_key, names),
        "dev_outbox": outbox_enabled(),
        "wechat_enabled": settings.WECHAT_ENABLED,
    }
    if not signed_in:
        return frame
    return {
        **frame,
        "current_roles": roles,
        "my_centers": memberships_by_center(user),
        "unread_notifications": unread_notification_count(user),
    }
