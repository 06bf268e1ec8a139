"""Who the students app's notifications reach (see mentorship.notifications.register_audience)."""

from mentorship.models import NotificationKind, Role
from mentorship.notifications import register_audience

register_audience(NotificationKind.NEW_APPLICANT, roles=(Role.ENTERPRISE,))
register_audience(NotificationKind.OFFER_RESPONSE, roles=(Role.ENTERPRISE,))
register_audience(NotificationKind.APPLICATION_STATUS, roles=(Role.STUDENT,))
# Both sides of a placement hear about its end; the enterprise is asked to evaluate.
register_audience(NotificationKind.PLACEMENT_ENDING, roles=(Role.STUDENT, Role.ENTERPRISE))
register_audience(NotificationKind.EVALUATION_REQUESTED, roles=(Role.ENTERPRISE,))
register_audience(NotificationKind.SAVED_SEARCH_ALERT, roles=(Role.STUDENT,))
