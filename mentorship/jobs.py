"""The task kit every app's background jobs use: the center-scoped task base, and
enqueueing that never fails a request."""

import logging
from collections.abc import Callable

from celery import Task
from django.db import transaction

from mentorship.models import ServiceCenter
from mentorship.scoping import center_scope

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

    def enqueue_on_commit(self, *args, center_id=None) -> None:
        """Enqueue this task for `center_id` once the current transaction commits."""
        enqueue_on_commit(self, args=args, kwargs={"center_id": center_id})

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


# The relay of each app's own background jobs (run every minute by the core's
# `sweep_stuck_jobs_task`): name -> sweep(written_before=...), which enqueues again that
# app's jobs still waiting since before then and returns how many.
STUCK_JOB_SWEEPERS: dict[str, Callable[..., int]] = {}


def register_stuck_job_sweeper(name: str):
    def decorator(sweep):
        STUCK_JOB_SWEEPERS[name] = sweep
        return sweep

    return decorator
