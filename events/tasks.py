"""Background jobs of events."""

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from events.models import Event, SeatOffer
from events.services import offers_lapse, registrations_remind, reviews_invite
from events.services.registrations import REMIND_AHEAD
from events.services.reviews import REVIEW_INVITE_WITHIN
from mentorship.jobs import CenterTask
from mentorship.scoping import system_scope


@shared_task(acks_late=True)
def seat_offers_lapse_task():
    """Every few minutes (beat): one task per center with holds that ran out."""
    with system_scope():
        center_ids = sorted(
            set(
                SeatOffer.objects.filter(
                    status=SeatOffer.Status.OPEN, expires_at__lte=timezone.now()
                ).values_list("center_id", flat=True)
            )
        )
    for center_id in center_ids:
        seat_offers_lapse_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=60)
def seat_offers_lapse_center_task(self, center=None):
    """End one center's holds that ran out and offer their seats on; safe to run twice."""
    return offers_lapse(center=center)


@shared_task(acks_late=True)
def event_reminders_task():
    """Hourly (beat): one reminder task per center with an event (or a session of one)
    starting within a day."""
    now = timezone.now()
    with system_scope():
        center_ids = sorted(
            set(
                Event.objects.filter(
                    Q(starts_at__gt=now, starts_at__lte=now + REMIND_AHEAD)
                    | Q(sessions__starts_at__gt=now, sessions__starts_at__lte=now + REMIND_AHEAD),
                    status=Event.Status.PUBLISHED,
                ).values_list("center_id", flat=True)
            )
        )
    for center_id in center_ids:
        event_reminders_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def event_reminders_center_task(self, center=None):
    return registrations_remind(center=center)


@shared_task(acks_late=True)
def review_invitations_task():
    """Hourly (beat): one task per center with an event that ended lately, to invite the
    people who came to review it."""
    now = timezone.now()
    with system_scope():
        center_ids = sorted(
            set(
                Event.objects.filter(
                    ends_at__lte=now,
                    ends_at__gt=now - REVIEW_INVITE_WITHIN,
                    status=Event.Status.PUBLISHED,
                ).values_list("center_id", flat=True)
            )
        )
    for center_id in center_ids:
        review_invitations_center_task.delay(center_id=center_id)
    return len(center_ids)


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=300)
def review_invitations_center_task(self, center=None):
    return reviews_invite(center=center)
