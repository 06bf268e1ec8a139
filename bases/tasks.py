"""Background jobs of the bases app: the daily end of recognitions and the reminders before."""

from celery import shared_task

from bases.recognition import recognition_send_reminders, recognitions_expire
from mentorship.jobs import CenterTask
from mentorship.models import ServiceCenter
from mentorship.scoping import system_scope


@shared_task(acks_late=True)
def recognitions_task():
    """Daily (beat): one task per center ends the recognitions past their validity and sends
    the reminders due; running it twice in a day changes and sends nothing more."""
    with system_scope():
        center_ids = list(
            ServiceCenter.objects.exclude(status=ServiceCenter.Status.APPLIED).values_list(
                "pk", flat=True
            )
        )
    for center_id in center_ids:
        recognitions_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def recognitions_center_task(self, center=None):
    """End one center's recognitions past their validity, then remind those ending soon."""
    return {
        "expired": recognitions_expire(center=center),
        "reminded": recognition_send_reminders(center=center),
    }
