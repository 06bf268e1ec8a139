"""What every page's frame needs: the visitor's centers and unread notifications.

The frame's menus are the same for everyone of the same roles in a center, so base.html
keeps them rendered in the cache (`{% cache %}`), under `fragment_key`: the center, its slug,
the visitor's roles there and this process's start, so that a changed membership or slug
draws a new menu at once and a deployment never serves the menus of the code before it.
"""

import time

from django.conf import settings

from mentorship.dev_mail import outbox_enabled
from mentorship.selectors import memberships_by_center, unread_notification_count

# Fragments drawn by an earlier deployment (or another worker) are never read.
FRAGMENTS_EPOCH = str(time.time_ns())


def _fragment_key(center, roles) -> str:
    where = f"{center.pk}:{center.slug}" if center is not None else "-"
    return f"{FRAGMENTS_EPOCH}:{where}:{','.join(sorted(roles))}"


def portal(request):
    user = getattr(request, "user", None)
    center = getattr(request, "center", None)
    roles = getattr(request, "center_roles", frozenset())
    frame = {
        "current_center": center,
        "fragment_key": _fragment_key(center, roles),
        "dev_outbox": outbox_enabled(),
        "wechat_enabled": settings.WECHAT_ENABLED,
    }
    if user is None or not user.is_authenticated:
        return frame
    return {
        **frame,
        "current_roles": roles,
        "my_centers": memberships_by_center(user),
        "unread_notifications": unread_notification_count(user),
    }
