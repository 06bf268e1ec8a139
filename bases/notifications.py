"""Who the bases app's notifications reach (see mentorship.notifications.register_audience)."""

from mentorship.models import NotificationKind, Role
from mentorship.notifications import register_audience

register_audience(NotificationKind.BASE_SUBMITTED, roles=(Role.BUREAU,))
register_audience(NotificationKind.BASE_DECISION, roles=(Role.ENTERPRISE,))
register_audience(NotificationKind.SUBSIDY_SUBMITTED, roles=(Role.BUREAU,))
register_audience(NotificationKind.SUBSIDY_DECISION, roles=(Role.ENTERPRISE,))
register_audience(NotificationKind.BASE_STANDING, roles=(Role.ENTERPRISE, Role.COORDINATOR))
