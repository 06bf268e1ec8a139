"""Background jobs of entrepreneurial projects: the end of public notices and overdue
incubation milestones."""

from celery import shared_task
from django.utils import timezone

from mentorship.jobs import CenterTask
from mentorship.scoping import system_scope
from projects.models import Milestone, Notice, Project
from projects.notices import milestones_flag_overdue, notices_settle


@shared_task(acks_late=True)
def notices_settle_task():
    """Hourly (beat): one task per center with a public notice that has ended."""
    with system_scope():
        center_ids = sorted(
            set(
                Notice.objects.filter(
                    closed_at__isnull=True, ends_at__lte=timezone.now()
                ).values_list("center_id", flat=True)
            )
        )
    for center_id in center_ids:
        notices_settle_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def notices_settle_center_task(self, center=None):
    return notices_settle(center=center)


@shared_task(acks_late=True)
def milestones_overdue_task():
    """Daily (beat): one task per center with a milestone newly past its day."""
    with system_scope():
        center_ids = sorted(
            set(
                Milestone.objects.filter(
                    project__status=Project.Status.INCUBATING,
                    done_at__isnull=True,
                    overdue_at__isnull=True,
                    due_on__lt=timezone.localdate(),
                ).values_list("center_id", flat=True)
            )
        )
    for center_id in center_ids:
        milestones_overdue_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def milestones_overdue_center_task(self, center=None):
    return milestones_flag_overdue(center=center)
