"""What every page's frame needs: the visitor's centers and unread notifications."""

from django.conf import settings

from mentorship.dev_mail import outbox_enabled
from mentorship.selectors import memberships_by_center, unread_notification_count


def portal(request):
    user = getattr(request, "user", None)
    frame = {
        "current_center": getattr(request, "center", None),
        "dev_outbox": outbox_enabled(),
        "wechat_enabled": settings.WECHAT_ENABLED,
    }
    if user is None or not user.is_authenticated:
        return frame
    return {
        **frame,
        "current_roles": getattr(request, "center_roles", frozenset()),
        "my_centers": memberships_by_center(user),
        "unread_notifications": unread_notification_count(user),
    }
