"""A person's calendar address in a center: made, renewed (the old one revoked, a new one
made) and revoked; a revoked address answers 404 to the calendar apps that poll it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.models import CalendarFeed, Membership, User
from mentorship.services.common import ensure_center_can_act


def _ensure_member(center, user) -> None:
    if not Membership.objects.filter(center=center, user=user, is_active=True).exists():
        raise PermissionDenied(_("Only members of this service center have a calendar here."))


def _revoke_live(center, user) -> list[CalendarFeed]:
    feeds = list(
        CalendarFeed.objects.select_for_update(of=("self",)).filter(
            center=center, user=user, revoked_at__isnull=True
        )
    )
    now = timezone.now()
    for feed in feeds:
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
    return feeds


def _may_change(center, user) -> None:
    ensure_center_can_act(center)
    _ensure_member(center, user)
    # Two renewals at once would both find no live address; the person's row orders them.
    User.objects.select_for_update(of=("self",)).filter(pk=user.pk).only("pk").first()


@transaction.atomic
def calendar_feed_renew(*, center, actor) -> CalendarFeed:
    """The person's new address; any live one (carried-over addresses too) is revoked."""
    _may_change(center, actor)
    revoked = _revoke_live(center, actor)
    feed = CalendarFeed.objects.create(center=center, user=actor)
    audit(
        center=center,
        actor=actor,
        verb="calendar_feed.renewed" if revoked else "calendar_feed.created",
        target=feed,
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, center, actor) -> bool:
    """Shut every live address of the person in the center; False when there was none."""
    _may_change(center, actor)
    revoked = _revoke_live(center, actor)
    for feed in revoked:
        audit(center=center, actor=actor, verb="calendar_feed.revoked", target=feed)
    return bool(revoked)
