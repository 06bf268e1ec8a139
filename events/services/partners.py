"""Events co-organized with other service centers (a fair shared between centers).

The organizing center's coordinator invites another center; that center's coordinator
accepts or declines. Once accepted, the event is on the co-organizing center's pages: its
students see it and register (the organizer's rules still decide who may), and its
coordinators read their own students' registrations and keep the door for them. The
co-organizing center reads all this through its audited shared scope
(`mentorship.scoping.shared_with_center`) and the tables' shared policies; the seats
themselves stay the organizer's, counted in its center (see `registrations`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventPartner
from events.services.registrations import seats_of
from mentorship.audit import audit
from mentorship.links import center_url
from mentorship.models import Membership, NotificationKind, Role, ServiceCenter
from mentorship.notifications import notify
from mentorship.scoping import center_scope
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.workflow import transition

P = EventPartner.Status

PARTNER_TRANSITIONS = {
    P.INVITED: (P.ACCEPTED, P.DECLINED),
    P.DECLINED: (P.INVITED,),
}


def coordinators_of(center) -> list:
    """The center's active coordinators, read in that center: whom an invitation or an
    answer is addressed to."""
    with center_scope(center):
        return [
            m.user
            for m in Membership.objects.filter(
                center=center, role=Role.COORDINATOR, is_active=True
            ).select_related("user")
        ]


@transaction.atomic
def partner_invite(*, center, actor, event, partner: ServiceCenter) -> EventPartner:
    """The organizing center's coordinator invites another active center to co-organize
    the event; a center that declined may be invited again."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk, center=center)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be co-organized."), code="cancelled")
    if partner.pk == center.pk:
        raise ValidationError(
            {"partner": _("Invite another service center, not your own.")}, code="own"
        )
    if partner.status != ServiceCenter.Status.ACTIVE:
        raise ValidationError({"partner": _("This service center is not active.")})
    existing = (
        EventPartner.objects.select_for_update(of=("self",))
        .filter(event=event, partner=partner)
        .first()
    )
    now = timezone.now()
    if existing is None:
        partnership = EventPartner.objects.create(
            center=center, event=event, partner=partner, invited_by=actor, invited_at=now
        )
        audit(
            center=center,
            actor=actor,
            verb="event_partner.invited",
            target=partnership,
            after={"event": event.pk, "partner": partner.slug},
        )
    else:
        if existing.status != P.DECLINED:
            raise ValidationError(
                {"partner": _("This service center is already invited or co-organizing.")},
                code="already_invited",
            )
        transition(
            existing,
            to=P.INVITED,
            allowed=PARTNER_TRANSITIONS,
            center=center,
            actor=actor,
            verb="event_partner.invited",
            changes={"invited_by": actor, "invited_at": now, "answered_by": None},
            after={"event": event.pk, "partner": partner.slug},
        )
        partnership = existing
    for coordinator in coordinators_of(partner):
        notify(
            coordinator,
            NotificationKind.EVENT_PARTNER,
            title=lambda: (
                _("%(center)s invites you to co-organize “%(event)s”")
                % {"center": center.name, "event": event.title}
            ),
            body=lambda: _(
                "Once you accept, your students can register and your door checks them in."
            ),
            url=center_url(partner, "center:events:partner_invitations"),
            center=partner,
        )
    return partnership


@transaction.atomic
def partner_answer(*, center, actor, partnership, accept: bool) -> EventPartner:
    """The invited center's coordinator accepts or declines; runs in that center's shared
    scope, where the invitation is the one row of another center it may change."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    partnership = (
        EventPartner.objects.select_for_update(of=("self",))
        .select_related("event", "center")
        .filter(pk=partnership.pk, partner=center)
        .first()
    )
    if partnership is None:
        raise PermissionDenied(_("This invitation is not addressed to your service center."))
    to = P.ACCEPTED if accept else P.DECLINED
    transition(
        partnership,
        to=to,
        allowed=PARTNER_TRANSITIONS,
        center=center,
        actor=actor,
        verb="event_partner.accepted" if accept else "event_partner.declined",
        changes={"answered_by": actor, "answered_at": timezone.now()},
        after={"event": partnership.event_id, "organizer": partnership.center.slug},
    )
    event, organizer = partnership.event, partnership.center
    for coordinator in coordinators_of(organizer):
        notify(
            coordinator,
            NotificationKind.EVENT_PARTNER,
            title=lambda: (
                (
                    _("%(center)s co-organizes “%(event)s”")
                    if accept
                    else _("%(center)s declined to co-organize “%(event)s”")
                )
                % {"center": center.name, "event": event.title}
            ),
            url=center_url(organizer, "center:events:detail", pk=event.pk),
            center=organizer,
        )
    return partnership


def is_partner_event(event, center) -> bool:
    """Whether `event` is another center's event that `center` co-organizes (read in the
    shared scope)."""
    return (
        event.center_id != center.pk
        and EventPartner.objects.filter(event=event, partner=center, status=P.ACCEPTED).exists()
    )


def organizers_booths(center, event):
    """Where a shared fair's booths and their positions are read for a co-organizing
    center's visitors: in the organizer's center, which posted them and decides on them,
    once the partnership is checked (as for its seats). Only read there: applying stays
    the organizer's students' own flow."""
    return seats_of(center, event)
