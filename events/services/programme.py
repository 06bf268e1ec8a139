"""An event's programme: the mentors who speak at it and the universities co-organizing it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from bases.models import TrainingBase
from events.models import Event, Speaker
from mentorship.audit import audit
from mentorship.models import Membership, Role
from mentorship.services import ensure_center_can_act, ensure_role


def _ensure_open(center, actor, event):
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))


def is_center_mentor(*, center, user) -> bool:
    return Membership.objects.filter(
        center=center, user=user, role=Role.MENTOR, is_active=True, user__is_active=True
    ).exists()


@transaction.atomic
def speaker_add(*, center, actor, event, user, talk_title: str) -> Speaker:
    """A coordinator puts a mentor of the center on the event's programme with a talk."""
    _ensure_open(center, actor, event)
    if user is None or not is_center_mentor(center=center, user=user):
        raise ValidationError({"user": _("Only a mentor of this center can speak.")})
    talk_title = " ".join((talk_title or "").split())
    if not talk_title:
        raise ValidationError({"talk_title": _("Give the talk a title.")})
    last = Speaker.objects.filter(event=event).aggregate(n=Max("order"))["n"] or 0
    try:
        with transaction.atomic():
            speaker = Speaker.objects.create(
                center=center, event=event, user=user, talk_title=talk_title[:150], order=last + 1
            )
    except IntegrityError as error:
        raise ValidationError({"user": _("This mentor already speaks at the event.")}) from error
    audit(
        center=center,
        actor=actor,
        verb="event.speaker_added",
        target=event,
        after={"person": user.get_full_name(), "talk": talk_title},
    )
    return speaker


@transaction.atomic
def speaker_remove(*, center, actor, speaker) -> None:
    _ensure_open(center, actor, speaker.event)
    audit(
        center=center,
        actor=actor,
        verb="event.speaker_removed",
        target=speaker.event,
        before={"person": speaker.user.get_full_name(), "talk": speaker.talk_title},
    )
    speaker.delete()


@transaction.atomic
def co_organizers_set(*, center, actor, event, universities) -> Event:
    """The universities co-organizing the event; those of other centers too."""
    _ensure_open(center, actor, event)
    before = sorted(event.co_organizers.values_list("pk", flat=True))
    event.co_organizers.set(universities)
    after = sorted(u.pk for u in universities)
    if before != after:
        audit(
            center=center,
            actor=actor,
            verb="event.co_organizers_set",
            target=event,
            before={"universities": str(before)},
            after={"universities": str(after)},
        )
    return event


@transaction.atomic
def host_set(*, center, actor, event, base) -> Event:
    """The workplace-experience base hosting a visit (None: no host)."""
    _ensure_open(center, actor, event)
    if base is not None:
        if event.kind != Event.Kind.VISIT:
            raise ValidationError({"base": _("Only a workplace-experience visit has a host.")})
        if (
            base.center_id != center.pk
            or base.kind != TrainingBase.Kind.WORKPLACE
            or not base.is_recognition_valid
        ):
            raise ValidationError(
                {"base": _("The host must be a recognized workplace-experience base here.")}
            )
    before = event.host_base_id
    event.host_base = base
    event.save(update_fields=["host_base", "updated_at"])
    audit(
        center=center,
        actor=actor,
        verb="event.host_set",
        target=event,
        before={"host": str(before or "")},
        after={"host": str(base or "")},
    )
    return event
