"""Who the projects app's notifications reach (see mentorship.notifications.register_audience)."""

from mentorship.models import NotificationKind, Role
from mentorship.notifications import register_audience

register_audience(NotificationKind.PROJECT_TEAM, roles=(Role.STUDENT,))
register_audience(NotificationKind.PROJECT_JUDGING, roles=(Role.MENTOR,))
register_audience(NotificationKind.PROJECT_RESULT, roles=(Role.STUDENT,))
# Objections come from anyone signed in; the center's coordinators answer them.
register_audience(NotificationKind.PROJECT_NOTICE, roles=(Role.COORDINATOR,), everyone=True)
register_audience(NotificationKind.PROJECT_MILESTONE, roles=(Role.STUDENT, Role.MENTOR))
