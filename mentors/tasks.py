"""Background jobs of mentors: requests not answered in time move on to the next choice;
students holding a consultation slot are reminded the day before; each side of a mentoring
session is reminded once when its feedback is overdue."""

from celery import shared_task

from mentors.face_to_face import slots_remind
from mentors.services import feedback_remind, pairings_expire
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


def _center_ids() -> list[int]:
    with system_scope():
        return list(
            ServiceCenter.objects.exclude(status=ServiceCenter.Status.APPLIED).values_list(
                "pk", flat=True
            )
        )


def _fan_out(task) -> int:
    """One run of `task` per center, each in its own scope."""
    center_ids = _center_ids()
    for center_id in center_ids:
        task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(acks_late=True)
def slot_reminders_task():
    """Hourly (beat): one task per center."""
    return _fan_out(slot_reminders_center_task)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def slot_reminders_center_task(self, center=None):
    """Remind the center's booked slots of tomorrow; a slot is reminded once however often
    this runs."""
    return slots_remind(center=center)


@shared_task(acks_late=True)
def feedback_reminders_task():
    """Hourly (beat): one task per center."""
    return _fan_out(feedback_reminders_center_task)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def feedback_reminders_center_task(self, center=None):
    """Remind the sides whose feedback on a session is overdue; each side once however often
    this runs."""
    return feedback_remind(center=center)
