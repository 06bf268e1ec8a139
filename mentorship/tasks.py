"""Background jobs of the program core and the task base every app's tasks use."""

import logging
from collections.abc import Callable
from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
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


def enqueue(task, *, args=(), kwargs=None, **options) -> bool:
    """Hand `task` to the broker now, once, and never raise: False (and a warning) when the
    broker cannot take it. Whatever the task is to do is already stored in a row (an email,
    a report, an import), and the relay enqueues it again, so a broker that is down costs a
    delay, not a failed request.

    No result subscription either: a web process never waits for these results, and with
    Redis down subscribing alone would retry for twenty seconds.
    """
    if task.app.conf.task_always_eager:
        # In-process runs (development, tests) are the task itself: its errors show.
        task.apply_async(args=args, kwargs=kwargs, **options)
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False, ignore_result=True, **options)
    except Exception:
        logger.warning(
            "Broker did not take %s%s; the relay will enqueue it again",
            task.name,
            tuple(args),
            exc_info=True,
        )
        return False
    return True


def enqueue_on_commit(task, *, args=(), kwargs=None, **options) -> None:
    """`enqueue` once the current transaction commits: a rolled-back change enqueues nothing."""
    transaction.on_commit(lambda: enqueue(task, args=args, kwargs=kwargs, **options))


@shared_task(base=CenterTask, bind=True, max_retries=8)
def deliver_email_task(self, email_id, center=None):
    """Send one outgoing email; running it twice sends it once."""
    from mentorship.notifications import EmailDeliveryError, email_backoff, email_deliver

    try:
        email_deliver(email_id=email_id)
    except EmailDeliveryError as exc:
        countdown = email_backoff(self.request.retries + 1).total_seconds()
        raise self.retry(exc=exc, countdown=countdown) from exc


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


@shared_task(base=CenterTask, bind=True)
def generate_report_task(self, report_id, center=None):
    """Write one report file; a duplicate delivery finds it started and does nothing."""
    from mentorship.reports import report_generate

    report_generate(report_id=report_id)


# The relay of each app's own background jobs: name -> sweep(written_before=...), which
# enqueues again that app's jobs still waiting since before then and returns how many.
STUCK_JOB_SWEEPERS: dict[str, Callable[..., int]] = {}


def register_stuck_job_sweeper(name: str):
    def decorator(sweep):
        STUCK_JOB_SWEEPERS[name] = sweep
        return sweep

    return decorator


@shared_task(acks_late=True)
def sweep_stuck_jobs_task():
    """The relay of reports and of the jobs apps register (every minute): enqueue again those
    whose message was lost (the broker was down at commit, a restart, a worker killed before
    it took the job). Their tasks lock the row and act only on the state they expect, so a
    job that is merely slow is not done twice. A report left running for an hour lost its
    worker: it is marked failed so the person can ask again."""
    from mentorship.models import Report

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
    from mentorship.uploads import sweep_pending_uploads

    return sweep_pending_uploads()
