"""Background jobs of the program core and the task base every app's tasks use."""

import logging
from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.utils import timezone

from mentorship.models import OutgoingEmail, ServiceCenter
from mentorship.scoping import center_scope, system_scope

logger = logging.getLogger(__name__)


class CenterTask(Task):
    """Takes a `center_id` keyword, loads the center and runs the task inside its scope.

    Tasks get ids, never model instances, so that a retry sees the database as it is.
    Without `center_id` the task runs unscoped: center-owned queries then raise.
    """

    acks_late = True
    reject_on_worker_lost = True
    # The signature check at enqueue time would refuse `center_id`, which __call__ consumes.
    typing = False

    def __call__(self, *args, **kwargs):
        center_id = kwargs.pop("center_id", None)
        if center_id is None:
            return super().__call__(*args, **kwargs)
        center = ServiceCenter.objects.get(pk=center_id)
        with center_scope(center):
            return super().__call__(*args, center=center, **kwargs)


@shared_task(base=CenterTask, bind=True, max_retries=8, default_retry_delay=30)
def deliver_email_task(self, email_id, center=None):
    """Send one outgoing email; running it twice sends it once."""
    from mentorship.notifications import EmailDeliveryError, email_deliver

    try:
        email_deliver(email_id=email_id)
    except EmailDeliveryError as exc:
        base = settings.EMAIL_RETRY_BASE_SECONDS
        raise self.retry(exc=exc, countdown=min(base * 2**self.request.retries, 3600)) from exc


@shared_task(acks_late=True)
def sweep_outgoing_email_task():
    """Re-enqueue emails left pending (a worker died, the broker lost the message)."""
    cutoff = timezone.now() - timedelta(minutes=10)
    with system_scope():
        ids = list(
            OutgoingEmail.objects.filter(
                status=OutgoingEmail.Status.PENDING, created_at__lt=cutoff, attempts__lt=8
            ).values_list("pk", flat=True)[:1000]
        )
    for email_id in ids:
        deliver_email_task.delay(email_id)
    return len(ids)


@shared_task(base=CenterTask, bind=True)
def generate_report_task(self, report_id, center=None):
    """Write one report file; a duplicate delivery finds it started and does nothing."""
    from mentorship.reports import report_generate

    report_generate(report_id=report_id)


@shared_task(acks_late=True)
def sweep_stuck_jobs_task():
    """Re-enqueue imports and reports whose message was lost (a broker restart, a worker
    killed before it took the job). Their tasks lock the row and act only on the state they
    expect, so a job that is merely slow is not done twice. A report left running for an hour
    lost its worker: it is marked failed so the person can ask again."""
    from mentorship.models import Report, StudentImport
    from mentorship.student_import.tasks import student_import_task

    now = timezone.now()
    with system_scope():
        imports = list(
            StudentImport.objects.filter(
                status=StudentImport.Status.IMPORTING, created_at__lt=now - timedelta(minutes=30)
            ).values_list("pk", "center_id", "created_by_id")[:100]
        )
        queued = list(
            Report.objects.filter(
                status=Report.Status.QUEUED, created_at__lt=now - timedelta(minutes=10)
            ).values_list("pk", "center_id")[:100]
        )
        abandoned = Report.objects.filter(
            status=Report.Status.RUNNING, created_at__lt=now - timedelta(hours=1)
        ).update(status=Report.Status.FAILED, error="worker lost", finished_at=now)
    for import_id, center_id, actor_id in imports:
        student_import_task.apply_async(args=[import_id, actor_id], kwargs={"center_id": center_id})
    for report_id, center_id in queued:
        generate_report_task.apply_async(args=[report_id], kwargs={"center_id": center_id})
    return {"imports": len(imports), "reports": len(queued), "abandoned": abandoned}


@shared_task(acks_late=True)
def sweep_pending_uploads_task():
    """Delete uploads kept for a refused form that nobody came back for."""
    from mentorship.uploads import sweep_pending_uploads

    return sweep_pending_uploads()
