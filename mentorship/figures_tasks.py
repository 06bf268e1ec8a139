"""The periodic recount of the program's figures: one task per center."""

from celery import shared_task

from mentorship.figures import recompute_center
from mentorship.jobs import CenterTask
from mentorship.models import ServiceCenter
from mentorship.scoping import system_scope


@shared_task(acks_late=True)
def recompute_figures_task():
    """Hourly (beat): one recount per center, so each runs inside its own scope and a failure
    in one center does not hold up the others."""
    with system_scope():
        center_ids = list(
            ServiceCenter.objects.exclude(status=ServiceCenter.Status.APPLIED).values_list(
                "pk", flat=True
            )
        )
    for center_id in center_ids:
        recompute_figures_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def recompute_figures_center_task(self, center=None):
    """Count one center's figures again from its raw rows; running it twice changes nothing."""
    return recompute_center(center=center)
