"""Background jobs of the students app."""

from datetime import datetime, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from bases.models import Position
from mentorship.jobs import CenterTask, enqueue, register_stuck_job_sweeper
from mentorship.models import ServiceCenter
from mentorship.scoping import system_scope
from students.models import AlertDigest, SavedSearch, StudentImport
from students.services import placement_send_ending_reminders
from students.services.alerts import digest_user_ranges, instant_alerts_task, send_digests
from students.student_import.services import student_import_emails_task, student_import_task


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


@shared_task(acks_late=True)
def saved_search_digests_task():
    """Daily (beat): one digest task per center; the weekly digests go with the first run
    of each week. Running it twice in a day sends nothing more."""
    with system_scope():
        center_ids = list(
            ServiceCenter.objects.exclude(
                status__in=[ServiceCenter.Status.APPLIED, ServiceCenter.Status.SUSPENDED]
            ).values_list("pk", flat=True)
        )
    for center_id in center_ids:
        saved_search_digests_center_task.delay(center_id=center_id)
    return len(center_ids)


# A center with more students due a digest than this shares them out in chunk tasks of
# this many, so that workers side by side divide a big center's time.
DIGEST_TASK_STUDENTS = 5000


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def saved_search_digests_center_task(self, center=None):
    """This period's daily and weekly digests of one center, in chunk tasks for a big one;
    safe to run twice. Returns, per frequency, the students told here and the chunk tasks
    enqueued."""
    now = timezone.now()
    done = {}
    for frequency in AlertDigest.Frequency.values:
        ranges = digest_user_ranges(
            center=center, frequency=frequency, now=now, size=DIGEST_TASK_STUDENTS
        )
        told, chunks = 0, 0
        if len(ranges) == 1:
            told = send_digests(center=center, frequency=frequency, now=now)
        for first, last in ranges if len(ranges) > 1 else ():
            args = [frequency, first, last, now.isoformat()]
            if enqueue(saved_search_digests_chunk_task, args=args, kwargs={"center_id": center.pk}):
                chunks += 1
            else:  # the broker did not take it: this task sends that part itself
                part = (first, last)
                told += send_digests(center=center, frequency=frequency, now=now, users=part)
        done[frequency] = {"told": told, "chunks": chunks}
    return done


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def saved_search_digests_chunk_task(self, frequency, first, last, now, center=None):
    """The digests of the students `first` to `last` (user ids) of a big center, for the
    period of `now` (when the center's task began); safe to run twice."""
    now = datetime.fromisoformat(now)
    return send_digests(center=center, frequency=frequency, now=now, users=(first, last))


@register_stuck_job_sweeper("imports")
def sweep_stuck_imports(*, written_before) -> int:
    """Enqueue again the imports started before `written_before` that are still waiting for
    their worker; an import being written holds its row locked and is left alone."""
    with system_scope(), transaction.atomic():
        imports = list(
            StudentImport.objects.select_for_update(skip_locked=True)
            .filter(status=StudentImport.Status.IMPORTING, created_at__lt=written_before)
            .values_list("pk", "center_id", "created_by_id")[:100]
        )
    for import_id, center_id, actor_id in imports:
        enqueue(student_import_task, args=[import_id, actor_id], kwargs={"center_id": center_id})
    return len(imports)


# Celery finds the tasks of an app in its `tasks` module: the import's live beside its code.
# How long after publishing a position's instant alerts are enqueued again by the relay:
# a broker that was down when the position was published costs a delay, not the alerts.
INSTANT_ALERTS_RELAY = timedelta(minutes=10)


@register_stuck_job_sweeper("instant_alerts")
def sweep_instant_alerts(*, written_before) -> int:
    """Enqueue again the instant alerts of positions published in the last few minutes
    before `written_before`. Nobody is told twice (one `InstantAlert` per student and
    position), so a copy of a job that did run costs only its reading."""
    with system_scope():
        positions = list(
            Position.objects.filter(
                status=Position.Status.OPEN,
                published_at__gt=written_before - INSTANT_ALERTS_RELAY,
                published_at__lte=written_before,
                center__in=SavedSearch.objects.filter(alert=SavedSearch.Alert.INSTANT).values(
                    "center_id"
                ),
            ).values_list("pk", "center_id")[:500]
        )
    for position_id, center_id in positions:
        enqueue(instant_alerts_task, args=[position_id], kwargs={"center_id": center_id})
    return len(positions)


__all__ = [
    "instant_alerts_task",
    "placement_ending_reminders_center_task",
    "placement_ending_reminders_task",
    "saved_search_digests_center_task",
    "saved_search_digests_chunk_task",
    "saved_search_digests_task",
    "student_import_emails_task",
    "student_import_task",
    "sweep_instant_alerts",
    "sweep_stuck_imports",
]
