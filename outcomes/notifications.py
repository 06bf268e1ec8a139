"""Who the outcomes' notifications reach (see mentorship.notifications.register_audience)."""

from mentorship.models import NotificationKind, Role
from mentorship.notifications import register_audience

register_audience(NotificationKind.EMPLOYMENT_OFFER, roles=(Role.STUDENT, Role.ENTERPRISE))
register_audience(NotificationKind.DESTINATION_SURVEY, roles=(Role.STUDENT,))
