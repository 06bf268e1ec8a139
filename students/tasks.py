"""Background jobs of the students app."""

from celery import shared_task

from mentorship.jobs import CenterTask
from mentorship.models import ServiceCenter
from mentorship.scoping import system_scope
from students.services import placement_send_ending_reminders


@shared_task(acks_late=True)
def placement_ending_reminders_task():
    """Daily (beat): one reminder task per center, so each runs inside its own scope and a
    failure in one center does not hold up the others."""
    with system_scope():
        center_ids = list(
            ServiceCenter.objects.exclude(status=ServiceCenter.Status.APPLIED).values_list(
                "pk", flat=True
            )
        )
    for center_id in center_ids:
        placement_ending_reminders_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def placement_ending_reminders_center_task(self, center=None):
    """Remind the placements of one center that end within two weeks; safe to run twice."""
    return placement_send_ending_reminders(center=center)
