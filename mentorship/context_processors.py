"""What every page's frame needs: the visitor's centers and unread notifications."""

from mentorship.selectors import memberships_by_center, unread_notification_count


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_center": getattr(request, "center", None)}
    return {
        "current_center": getattr(request, "center", None),
        "current_roles": getattr(request, "center_roles", frozenset()),
        "my_centers": memberships_by_center(user),
        "unread_notifications": unread_notification_count(user),
    }
