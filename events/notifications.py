"""Who the events app's notifications reach (see mentorship.notifications.register_audience)."""

from mentorship.models import NotificationKind, Role
from mentorship.notifications import register_audience

register_audience(NotificationKind.EVENT_REGISTRATION, roles=(Role.STUDENT,))
register_audience(NotificationKind.EVENT_SEAT_OFFERED, roles=(Role.STUDENT,))
register_audience(NotificationKind.BOOTH_DECISION, roles=(Role.ENTERPRISE,))
register_audience(NotificationKind.EVENT_PARTNER, roles=(Role.COORDINATOR,))
