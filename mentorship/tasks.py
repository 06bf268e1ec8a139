"""Periodic jobs of the program core, and the core's tasks for Celery to find.

The tasks that deliver an email and write a report live beside the code they run
(`notifications`, `reports`); the base every task uses is in `jobs`.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mentorship.figures_tasks import recompute_figures_center_task, recompute_figures_task
from mentorship.jobs import STUCK_JOB_SWEEPERS, enqueue
from mentorship.models import OutgoingEmail, Report
from mentorship.notifications import deliver_email_task, deliver_emails_task
from mentorship.reports import generate_report_task
from mentorship.scoping import system_scope
from mentorship.uploads import sweep_pending_uploads

# Re-enqueue at most once a minute per email: a backlog of workers must not fill the queue
# with copies (each would only find the email taken, but they cost a message each).
RELAY_AGAIN_AFTER = timedelta(minutes=1)


@shared_task(acks_late=True)
def sweep_outgoing_email_task():
    """The outbox relay (every 30 s): enqueue again emails still pending a minute after they
    were written (the broker was down at commit, or lost the message) and emails whose claim
    ran out (the worker was killed mid-send). The claim makes a copy harmless."""
    now = timezone.now()
    written_before = now - timedelta(seconds=settings.OUTBOX_RELAY_AFTER_SECONDS)
    Status = OutgoingEmail.Status
    due = Q(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now),
        status=Status.PENDING,
        created_at__lt=written_before,
    ) | Q(status=Status.SENDING, lease_until__lte=now)
    with system_scope():
        emails = list(OutgoingEmail.objects.filter(due).values_list("pk", "status")[:1000])
        OutgoingEmail.objects.filter(
            pk__in=[pk for pk, status in emails if status == Status.PENDING],
            status=Status.PENDING,
        ).update(lease_until=now + RELAY_AGAIN_AFTER)
    return sum(enqueue(deliver_email_task, args=[email_id]) for email_id, _status in emails)


@shared_task(acks_late=True)
def sweep_stuck_jobs_task():
    """The relay of reports and of the jobs apps register (every minute): enqueue again those
    whose message was lost (the broker was down at commit, a restart, a worker killed before
    it took the job). Their tasks lock the row and act only on the state they expect, so a
    job that is merely slow is not done twice. A report left running for an hour lost its
    worker: it is marked failed so the person can ask again."""
    now = timezone.now()
    written_before = now - timedelta(seconds=settings.OUTBOX_RELAY_AFTER_SECONDS)
    with system_scope(), transaction.atomic():
        queued = list(
            Report.objects.filter(
                status=Report.Status.QUEUED, created_at__lt=written_before
            ).values_list("pk", "center_id")[:100]
        )
        abandoned = Report.objects.filter(
            status=Report.Status.RUNNING, created_at__lt=now - timedelta(hours=1)
        ).update(status=Report.Status.FAILED, error="worker lost", finished_at=now)
    for report_id, center_id in queued:
        enqueue(generate_report_task, args=[report_id], kwargs={"center_id": center_id})
    swept = {
        name: sweep(written_before=written_before) for name, sweep in STUCK_JOB_SWEEPERS.items()
    }
    return {**swept, "reports": len(queued), "abandoned": abandoned}


@shared_task(acks_late=True)
def sweep_pending_uploads_task():
    """Delete uploads kept for a refused form that nobody came back for."""
    return sweep_pending_uploads()


__all__ = [
    "deliver_email_task",
    "deliver_emails_task",
    "generate_report_task",
    "recompute_figures_center_task",
    "recompute_figures_task",
    "sweep_outgoing_email_task",
    "sweep_pending_uploads_task",
    "sweep_stuck_jobs_task",
]
