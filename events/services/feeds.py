"""A person's calendar feed: a secret address that calendar apps poll for their events."""

from django.db import transaction
from django.utils import timezone

from events.models import CalendarFeed
from mentorship.audit import audit
from mentorship.services import ensure_center_can_act


def live_feed(*, center, user):
    return CalendarFeed.objects.filter(center=center, user=user, revoked_at__isnull=True).first()


@transaction.atomic
def feed_renew(*, center, actor) -> CalendarFeed:
    """Revoke the person's address (if any) and give them a new one."""
    ensure_center_can_act(center)
    feed_revoke(center=center, actor=actor)
    feed = CalendarFeed.objects.create(center=center, user=actor)
    audit(center=center, actor=actor, verb="calendar_feed.created", target=feed)
    return feed


@transaction.atomic
def feed_revoke(*, center, actor) -> bool:
    feed = (
        CalendarFeed.objects.select_for_update()
        .filter(center=center, user=actor, revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        return False
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    audit(center=center, actor=actor, verb="calendar_feed.revoked", target=feed)
    return True
