"""Reviews of an event by the people who came, and the invitation to leave one."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration, Review
from events.services.registrations import home_url
from mentorship.audit import audit
from mentorship.models import NotificationKind
from mentorship.notifications import notify
from mentorship.services import ensure_center_can_act


def attended_registration(*, event, user):
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user, checked_in_at__isnull=False).first()


def review_leave(*, center, actor, event, rating: int, comment: str = "") -> Review:
    ensure_center_can_act(center)
    registration = attended_registration(event=event, user=actor)
    if registration is None:
        raise PermissionDenied(_("Only people who came to the event can review it."))
    if timezone.now() < event.ends_at:
        raise ValidationError(_("Reviews open when the event ends."), code="too_early")
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose from 1 to 5.")})
    try:
        with transaction.atomic():
            review = Review.objects.create(
                center=center,
                event=event,
                registration=registration,
                rating=rating,
                comment=comment.strip(),
            )
            audit(
                center=center,
                actor=actor,
                verb="event.reviewed",
                target=review,
                after={"rating": rating},
            )
    except IntegrityError:
        raise ValidationError(_("You have already reviewed this event."), code="reviewed") from None
    return review


# Who came to an event that ended within this long is invited to review it.
REVIEW_INVITE_WITHIN = timedelta(days=2)


def reviews_invite(*, center) -> int:
    """Invite everyone who came to one of the center's events that has ended (within two
    days) to review it, on their own center's page of the event; each invitation goes once
    (its row is marked under lock), so running it twice sends nothing more."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Registration.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(
                center=center,
                user__isnull=False,
                checked_in_at__isnull=False,
                review_invited_at__isnull=True,
                review__isnull=True,
                event__status=Event.Status.PUBLISHED,
                event__ends_at__lte=now,
                event__ends_at__gt=now - REVIEW_INVITE_WITHIN,
            )
            .select_related("event", "user", "home_center")
        )
        for registration in due:
            registration.review_invited_at = now
            registration.save(update_fields=["review_invited_at"])
            event = registration.event
            notify(
                registration.user,
                NotificationKind.EVENT_REGISTRATION,
                title=lambda event=event: _("How was “%(event)s”?") % {"event": event.title},
                body=_("Rate the event and leave a comment on its page."),
                url=home_url(registration),
                center=registration.home_center,
            )
    return len(due)
