"""Recruitment fairs: enterprises ask for booths, coordinators approve them with a number,
students apply from a booth to the positions it recruits for."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.models import Position, TrainingBase
from bases.selectors import is_representative
from events.models import Booth, BoothVisit, Event
from mentorship.audit import audit
from mentorship.links import center_url
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.services import ensure_center_can_act, ensure_role
from students.services import application_submit

# A booth number as printed on the hall's plan: a row letter and a number, e.g. "A12".
BOOTH_NUMBER = re.compile(r"^[A-Z][0-9]{1,3}$")


def recognized_bases(*, center, enterprise_id):
    """The enterprise's bases recognized in this center today: what entitles it to a booth."""
    today = timezone.localdate()
    return TrainingBase.objects.filter(
        center=center,
        enterprise_id=enterprise_id,
        status=TrainingBase.Status.RECOGNIZED,
        recognized_from__lte=today,
        recognized_until__gte=today,
    )


def boothable_positions(*, center, enterprise_ids):
    """The enterprises' open positions in this center, which their booths may recruit for."""
    return Position.objects.filter(
        center=center,
        base__enterprise_id__in=enterprise_ids,
        status=Position.Status.OPEN,
        deadline__gte=timezone.localdate(),
    ).order_by("title", "pk")


def ensure_fair_open(event) -> None:
    if event.kind != Event.Kind.FAIR:
        raise ValidationError(_("Only a recruitment fair has booths."))
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("The fair is not open for booths."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("The fair has already started."))


@transaction.atomic
def booth_apply(*, center, actor, event, enterprise, positions, openings: int, note: str = ""):
    """A representative asks for a booth for their enterprise; once per fair."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.ENTERPRISE)
    if not is_representative(user=actor, enterprise_id=enterprise.pk):
        raise PermissionDenied(_("You do not represent this enterprise."))
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk, center=center)
    ensure_fair_open(event)
    if not recognized_bases(center=center, enterprise_id=enterprise.pk).exists():
        raise ValidationError(
            _("Only an enterprise with a base recognized by this center may take a booth.")
        )
    allowed = set(
        boothable_positions(center=center, enterprise_ids=[enterprise.pk]).values_list(
            "pk", flat=True
        )
    )
    chosen = [p for p in positions if p.pk in allowed]
    if len(chosen) != len(positions):
        raise ValidationError({"positions": _("Choose among your open positions here.")})
    if not 1 <= openings <= 1000:
        raise ValidationError({"openings": _("Offer between 1 and 1000 openings.")})
    if Booth.objects.filter(event=event, enterprise=enterprise).exists():
        raise ValidationError(_("Your enterprise has already asked for a booth at this fair."))
    booth = Booth.objects.create(
        center=center,
        event=event,
        enterprise=enterprise,
        openings=openings,
        note=note.strip(),
        requested_by=actor,
    )
    booth.positions.set(chosen)
    audit(
        center=center,
        actor=actor,
        verb="booth.requested",
        target=booth,
        after={"openings": openings, "positions": str(sorted(allowed & {p.pk for p in chosen}))},
    )
    return booth


@transaction.atomic
def booth_decide(*, center, actor, booth, approve: bool, number: str = "", reason: str = ""):
    """A coordinator approves a booth with its number, or declines it with a reason.
    An approved booth may be given another number later."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    booth = Booth.objects.select_for_update(of=("self",)).get(pk=booth.pk, center=center)
    if booth.event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The fair is cancelled."))
    before = {"status": booth.status, "number": booth.number}
    if approve:
        number = (number or "").strip().upper()
        if not BOOTH_NUMBER.match(number):
            raise ValidationError({"number": _("Give a row letter and a number, e.g. A12.")})
        taken = (
            Booth.objects.filter(event=booth.event_id, number=number).exclude(pk=booth.pk).exists()
        )
        if taken:
            raise ValidationError({"number": _("Another booth already has this number.")})
        booth.status = Booth.Status.APPROVED
        booth.number = number
        booth.decision_reason = ""
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the booth is declined.")})
        booth.status = Booth.Status.DECLINED
        booth.number = ""
        booth.decision_reason = reason.strip()
    booth.decided_by = actor
    booth.decided_at = timezone.now()
    try:
        with transaction.atomic():
            booth.save()
    except IntegrityError as error:
        # Two coordinators gave the same number at once: the constraint decides.
        raise ValidationError({"number": _("Another booth already has this number.")}) from error
    after = {"status": booth.status, "number": booth.number}
    if booth.decision_reason:
        after["reason"] = booth.decision_reason
    audit(
        center=center,
        actor=actor,
        verb="booth.approved" if approve else "booth.declined",
        target=booth,
        before=before,
        after=after,
    )
    _tell_booth_decision(center, booth)
    return booth


def _tell_booth_decision(center, booth) -> None:
    """The representative who asked for the booth hears of the decision, in their language:
    the number when approved, the reason when declined."""
    if booth.requested_by is None:
        return
    event = booth.event
    approved = booth.status == Booth.Status.APPROVED

    def title():
        if approved:
            return _("Your booth at “%(fair)s” is approved: %(number)s") % {
                "fair": event.title,
                "number": booth.number,
            }
        return _("Your booth at “%(fair)s” is declined") % {"fair": event.title}

    def body():
        if approved:
            return _(
                "%(enterprise)s has booth %(number)s at the fair on %(when)s at %(place)s."
            ) % {
                "enterprise": booth.enterprise,
                "number": booth.number,
                "when": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
                "place": event.location,
            }
        return _("The reason given: %(reason)s") % {"reason": booth.decision_reason}

    notify(
        booth.requested_by,
        NotificationKind.BOOTH_DECISION,
        title=title,
        body=body,
        url=center_url(center, "center:events:booth", pk=booth.pk),
        center=center,
    )


def booth_visit(*, center, user, booth) -> None:
    """Count a student who came by the booth's page, once."""
    if booth.status == Booth.Status.APPROVED and user.is_authenticated:
        BoothVisit.objects.get_or_create(center=center, booth=booth, user=user)


def fair_apply(*, center, actor, booth, position, cover_letter: str = ""):
    """A student applies from a booth to one of its positions, through the usual application,
    marked as coming from the booth."""
    if booth.status != Booth.Status.APPROVED:
        raise ValidationError(_("This booth is not at the fair."))
    if not booth.positions.filter(pk=position.pk).exists():
        raise ValidationError(_("This booth does not recruit for this position."))
    return application_submit(
        center=center,
        actor=actor,
        position=position,
        cover_letter=cover_letter,
        source=booth.source,
    )


def fair_positions_offered(*, center=None, year=None) -> int:
    """Openings offered at approved booths of fairs that were not cancelled: the program's
    "positions offered at fairs"."""
    booths = Booth.objects.filter(status=Booth.Status.APPROVED, event__kind=Event.Kind.FAIR)
    booths = booths.exclude(event__status=Event.Status.CANCELLED)
    if center is not None:
        booths = booths.filter(center=center)
    if year is not None:
        booths = booths.filter(event__starts_at__year=year)
    return booths.aggregate(total=Sum("openings"))["total"] or 0
