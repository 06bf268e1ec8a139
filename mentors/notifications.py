"""Who the mentors app's notifications reach (see mentorship.notifications.register_audience)."""

from mentorship.models import NotificationKind, Role
from mentorship.notifications import register_audience

register_audience(NotificationKind.PAIRING_REQUEST, roles=(Role.MENTOR,))
# Students hear the answers; either side hears when the other ends the pairing.
register_audience(NotificationKind.PAIRING_ANSWER, roles=(Role.STUDENT, Role.MENTOR))
register_audience(NotificationKind.MENTORING_SESSION, roles=(Role.STUDENT, Role.MENTOR))
register_audience(NotificationKind.FEEDBACK_DUE, roles=(Role.STUDENT, Role.MENTOR))
register_audience(NotificationKind.PAIRING_ALERT, roles=(Role.COORDINATOR,))
register_audience(NotificationKind.MENTOR_PROFILE_DECISION, roles=(Role.MENTOR,))
# Students hear their bookings' reminders, mentors the bookings and cancellations.
register_audience(NotificationKind.CONSULTATION_SLOT, roles=(Role.STUDENT, Role.MENTOR))
register_audience(NotificationKind.WALK_IN_QUEUE, roles=(Role.STUDENT,))
