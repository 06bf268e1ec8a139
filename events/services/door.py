"""The door of an event: tickets checked in by code (typed, scanned or found by name) and
walk-ins seated while places remain. Every attempt is recorded with what the door was told."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.models import TrainingBase
from events.models import DoorScan, Event, Registration
from events.selectors import door_ticket
from events.services.registrations import (
    ensure_session_of,
    lock_event,
    next_queue_number,
    pool_capacity,
    seats_taken,
)
from mentorship.audit import audit
from mentorship.models import Membership, Role, ServiceCenter
from mentorship.scoping import own_rows_across_centers, shared_with_center
from mentorship.services import ensure_center_can_act, ensure_role
from students.models import StudentProfile

R = DoorScan.Result


def own_students(center):
    return StudentProfile.objects.filter(center=center).values("user_id")


def is_host(user, center, event, *, roles=None) -> bool:
    """Whether the user represents the enterprise of the base hosting the visit, here."""
    if event.host_base_id is None or not user.is_authenticated:
        return False
    return (
        _has_role(user, center, Role.ENTERPRISE, roles)
        and TrainingBase.objects.filter(
            pk=event.host_base_id, enterprise__representatives=user
        ).exists()
    )


def _has_role(user, center, role, roles) -> bool:
    if roles is not None:
        return role in roles
    return Membership.objects.filter(center=center, user=user, role=role, is_active=True).exists()


def may_keep_door(user, center, event, *, roles=None) -> bool:
    """The center's coordinators, the people the organizer named for this event, and the
    representatives of the base hosting it. `roles`, the visitor's active roles in `center`
    as the request already holds them, spares the event page the membership reads; the
    door itself asks the database."""
    if not user.is_authenticated:
        return False
    if _has_role(user, center, Role.COORDINATOR, roles):
        return True
    if is_host(user, center, event, roles=roles):
        return True
    if roles is not None and not roles:
        return False
    return event.door_staff.filter(pk=user.pk).exists() and (
        roles is not None
        or Membership.objects.filter(center=center, user=user, is_active=True).exists()
    )


def ensure_door_staff(user, center, event) -> None:
    if not may_keep_door(user, center, event):
        raise PermissionDenied(_("Only the door staff of this event can check people in."))


def normalize_code(code: str) -> str:
    """What a person typed, as stored: capitals, without spaces or dashes; a whole check-in
    address (pasted or scanned) gives its last part."""
    code = (code or "").strip().rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[\s-]+", "", code).upper()[:40]


@transaction.atomic
def door_check_in(*, center, actor, event, code: str, gate: str = "", session=None) -> DoorScan:
    """Check a ticket in at the door of `event` (of its `session`, for a multi-session
    event: a ticket is good for its own session only). Pressing twice, or two phones
    scanning the same ticket at once, checks it in once: the ticket's row is locked, and
    the second is told when it was checked in."""
    ensure_center_can_act(center)
    ensure_door_staff(actor, center, event)
    code = normalize_code(code)
    now = timezone.now()
    tickets = Registration.objects.select_for_update(of=("self",)).filter(ticket_code=code)
    if event.center_id != center.pk:
        # A co-organizing center's door checks in its own students only.
        tickets = tickets.filter(user__in=own_students(center))
    registration = tickets.first() if code else None
    if registration is None:
        result = R.NOT_REGISTERED
    elif registration.event_id != event.pk:
        result = R.WRONG_EVENT
    elif registration.session_id != (session.pk if session else None):
        result = R.WRONG_SESSION
    elif registration.status != Registration.Status.REGISTERED:
        result = R.NOT_REGISTERED
    elif registration.checked_in_at is not None:
        result = R.ALREADY
    else:
        result = R.VALID
        registration.checked_in_at = now
        registration.checked_in_by = actor
        registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
        audit(
            center=center,
            actor=actor,
            verb="registration.checked_in",
            target=registration,
            after={"gate": gate},
        )
    return DoorScan.objects.create(
        center=center,
        event=event,
        session=session,
        registration=registration,
        code=code,
        gate=gate[:40],
        result=result,
        scanned_by=actor,
        scanned_at=now,
    )


@transaction.atomic
def door_walk_in(*, center, actor, event, name: str, gate: str = "", session=None) -> DoorScan:
    """Someone without a registration comes to the door: seated and checked in while the
    event (the session) has a free place."""
    ensure_center_can_act(center)
    ensure_door_staff(actor, center, event)
    if event.center_id != center.pk:
        raise PermissionDenied(_("Walk-ins are seated at the organizing center's door."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Write the person's name.")})
    event = lock_event(event)
    ensure_session_of(event, session)
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("This event is not open."), code="closed")
    if seats_taken(event, session) >= pool_capacity(event, session):
        raise ValidationError(_("No place is left for a walk-in."), code="full")
    now = timezone.now()
    registration = Registration.objects.create(
        center=center,
        home_center=center,
        event=event,
        session=session,
        name=name[:100],
        status=Registration.Status.REGISTERED,
        queue_number=next_queue_number(event),
        walk_in=True,
        checked_in_at=now,
        checked_in_by=actor,
    )
    audit(
        center=center,
        actor=actor,
        verb="registration.walked_in",
        target=registration,
        after={"name": registration.name, "gate": gate},
    )
    return DoorScan.objects.create(
        center=center,
        event=event,
        session=session,
        registration=registration,
        code=registration.ticket_code,
        gate=gate[:40],
        result=R.WALK_IN,
        scanned_by=actor,
        scanned_at=now,
    )


@transaction.atomic
def door_staff_set(*, center, actor, event, add_email: str = "", remove=None) -> Event:
    """The organizer names (or removes) a member of the center as door staff of the event."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    event = lock_event(event)
    if remove is not None:
        event.door_staff.remove(remove)
        audit(
            center=center,
            actor=actor,
            verb="event.door_staff_removed",
            target=event,
            after={"person": str(remove)},
        )
        return event
    member = (
        Membership.objects.filter(
            center=center, user__email__iexact=add_email.strip(), is_active=True
        )
        .select_related("user")
        .first()
    )
    if member is None:
        raise ValidationError({"email": _("No member of this service center has this email.")})
    event.door_staff.add(member.user)
    audit(
        center=center,
        actor=actor,
        verb="event.door_staff_added",
        target=event,
        after={"person": str(member.user)},
    )
    return event


def door_for_ticket(*, user, code: str):
    """The center whose door `user` keeps for the ticket `code`: the organizer's, or the
    co-organizing center of the ticket's holder; None when they keep neither. Each of the
    person's centers is asked in its own shared scope, which admits only the tickets its
    door may check in; the door page it leads to is audited."""
    if not code:
        return None
    with own_rows_across_centers():
        centers = list(
            ServiceCenter.objects.filter(
                pk__in=Membership.objects.filter(user=user, is_active=True).values("center_id")
            ).order_by("pk")
        )
    for center in centers:
        with shared_with_center(center, actor=user, reason="ticket code", audited=False):
            registration = door_ticket(center=center, code=code)
            if registration is not None and may_keep_door(user, center, registration.event):
                return center
    return None
