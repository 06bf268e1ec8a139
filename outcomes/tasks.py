"""Background jobs of the outcomes: the destination survey after graduation."""

from celery import shared_task

from mentorship.jobs import CenterTask
from mentorship.models import ServiceCenter
from mentorship.scoping import system_scope
from outcomes.services import destination_surveys_send


@shared_task(acks_late=True)
def destination_surveys_task():
    """Daily (beat): one task per running center sends the surveys due; a graduate gets
    the survey once, however often this runs."""
    with system_scope():
        center_ids = list(
            ServiceCenter.objects.exclude(
                status__in=[ServiceCenter.Status.APPLIED, ServiceCenter.Status.SUSPENDED]
            ).values_list("pk", flat=True)
        )
    for center_id in center_ids:
        destination_surveys_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def destination_surveys_center_task(self, center=None):
    """Send one center's destination surveys that are due; safe to run twice."""
    return destination_surveys_send(center=center)
