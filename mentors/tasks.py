"""Background jobs of mentors: requests not answered in time move on to the next choice."""

from celery import shared_task

from mentors.services import pairings_expire
from mentorship.jobs import CenterTask
from mentorship.models import ServiceCenter
from mentorship.scoping import system_scope


@shared_task(acks_late=True)
def pairing_requests_expire_task():
    """Hourly (beat): one task per center, each in its own scope."""
    with system_scope():
        center_ids = list(
            ServiceCenter.objects.exclude(status=ServiceCenter.Status.APPLIED).values_list(
                "pk", flat=True
            )
        )
    for center_id in center_ids:
        pairing_requests_expire_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def pairing_requests_expire_center_task(self, center=None):
    """Expire the center's unanswered requests; running it twice expires nothing twice."""
    return pairings_expire(center=center)
