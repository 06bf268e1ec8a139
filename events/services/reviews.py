"""Reviews of an event by the people who came."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Registration, Review
from mentorship.audit import audit
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
