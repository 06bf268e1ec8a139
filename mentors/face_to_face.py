"""Workflows of face-to-face tutor activities: the coordinator sets up the activity and its
panel, mentors publish consultation slots that students book, and the walk-in queue at the
door hands out numbers that the mentor calls one after another."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentors import services as pairing_services
from mentors.models import (
    ActivityMentor,
    ConsultationSlot,
    FaceToFaceActivity,
    MentorApproval,
    QueueTicket,
)
from mentorship.audit import audit, audit_value
from mentorship.links import center_url
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.workflow import transition

T = QueueTicket.Status
TICKET_TRANSITIONS = {
    T.WAITING: (T.CALLED, T.LEFT, T.NOT_HERE),
    T.CALLED: (T.DONE, T.NOT_HERE, T.LEFT),
}
# Letters and digits nobody confuses when typing them from a poster (no 0/O, 1/I/L).
DOOR_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DOOR_CODE_LENGTH = 6
MAX_SLOTS_AT_ONCE = 20
# Numbers are handed out from an hour before the activity until it ends.
QUEUE_OPENS_BEFORE = timedelta(hours=1)
REMIND_AHEAD = timedelta(hours=24)

SLOT_TAKEN = _("Someone else has just booked this slot. Choose another one.")


def activity_url(center, activity) -> str:
    return center_url(center, "center:mentors:activity", pk=activity.pk)


def my_number_url(center, activity) -> str:
    return center_url(center, "center:mentors:my_number", pk=activity.pk)


def normalize_door_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[: DOOR_CODE_LENGTH * 2]


def _new_door_code(center) -> str:
    while True:
        code = "".join(secrets.choice(DOOR_ALPHABET) for _n in range(DOOR_CODE_LENGTH))
        if not FaceToFaceActivity.objects.filter(center=center, door_code=code).exists():
            return code


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# The activity


@transaction.atomic
def activity_create(
    *,
    center,
    actor,
    title: str,
    venue: str,
    starts_at,
    ends_at,
    approvals: list,
    minutes_per_consultation: int = 15,
) -> FaceToFaceActivity:
    """A coordinator sets up an activity with a panel of the center's approved mentors."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The activity must end after it starts.")})
    if not approvals:
        raise ValidationError({"mentors": _("Choose at least one mentor for the panel.")})
    if any(
        a.center_id != center.pk or a.status != MentorApproval.Status.APPROVED for a in approvals
    ):
        raise ValidationError({"mentors": _("Only the center's approved mentors can sit on it.")})
    activity = FaceToFaceActivity.objects.create(
        center=center,
        title=title.strip(),
        venue=venue.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        minutes_per_consultation=minutes_per_consultation,
        door_code=_new_door_code(center),
        created_by=actor,
    )
    for approval in approvals:
        ActivityMentor.objects.create(center=center, activity=activity, mentor=approval.profile)
    audit(
        center=center,
        actor=actor,
        verb="face_to_face.created",
        target=activity,
        after={
            "title": activity.title,
            "starts_at": audit_value(starts_at),
            "mentors": [a.profile_id for a in approvals],
        },
    )
    for approval in approvals:
        notify(
            approval.profile.user,
            NotificationKind.CONSULTATION_SLOT,
            center=center,
            title=lambda: _("You are on the panel of “%(title)s”") % {"title": activity.title},
            body=lambda: (
                _("Publish your consultation slots: %(when)s at %(venue)s.")
                % {"when": _local(starts_at), "venue": activity.venue}
            ),
            url=activity_url(center, activity),
        )
    return activity


def _seat(activity, user, *, lock: bool = False) -> ActivityMentor:
    rows = ActivityMentor.objects.filter(activity=activity, mentor__user=user)
    if lock:
        rows = rows.select_for_update(of=("self",))
    seat = rows.select_related("mentor__user").first()
    if seat is None:
        raise PermissionDenied(_("Only a mentor on this activity's panel can do this."))
    return seat


# Consultation slots


@transaction.atomic
def slots_publish(
    *,
    center,
    actor,
    activity,
    first_start,
    count: int,
    length_minutes: int,
    buffer_minutes: int,
    notice_hours: int,
) -> list[ConsultationSlot]:
    """A mentor on the panel offers `count` slots one after another, a buffer between them,
    each bookable until `notice_hours` before it starts."""
    ensure_center_can_act(center)
    # Publishing holds the panel seat: two publishes of one mentor cannot overlap each other.
    seat = _seat(activity, actor, lock=True)
    if not 1 <= count <= MAX_SLOTS_AT_ONCE:
        raise ValidationError({"count": _("Publish between 1 and 20 slots at once.")})
    step = timedelta(minutes=length_minutes + buffer_minutes)
    length = timedelta(minutes=length_minutes)
    wanted = [(first_start + n * step, first_start + n * step + length) for n in range(count)]
    if wanted[0][0] < activity.starts_at or wanted[-1][1] > activity.ends_at:
        raise ValidationError(
            {
                "first_start": _("The slots must fit between %(start)s and %(end)s.")
                % {
                    "start": _local(activity.starts_at),
                    "end": timezone.localtime(activity.ends_at).strftime("%H:%M"),
                }
            }
        )
    if wanted[0][0] <= timezone.now():
        raise ValidationError({"first_start": _("The first slot must start in the future.")})
    existing = ConsultationSlot.objects.filter(activity=activity, mentor=seat.mentor)
    for start, end in wanted:
        if existing.filter(starts_at__lt=end, ends_at__gt=start).exists():
            raise ValidationError(
                {
                    "first_start": _("A slot at %(when)s overlaps one you published already.")
                    % {"when": timezone.localtime(start).strftime("%H:%M")}
                }
            )
    slots = [
        ConsultationSlot.objects.create(
            center=center,
            activity=activity,
            mentor=seat.mentor,
            starts_at=start,
            ends_at=end,
            notice_hours=notice_hours,
        )
        for start, end in wanted
    ]
    audit(
        center=center,
        actor=actor,
        verb="consultation_slots.published",
        target=activity,
        after={"slots": len(slots), "first": audit_value(wanted[0][0]), "minutes": length_minutes},
    )
    return slots


def _lock_slot(slot) -> ConsultationSlot:
    return (
        ConsultationSlot.objects.select_for_update(of=("self",))
        .select_related("activity", "mentor__user")
        .get(pk=slot.pk)
    )


@transaction.atomic
def slot_book(*, center, actor, slot) -> ConsultationSlot:
    """A student of the center books a free slot.

    The slot's row stays locked until the booking commits: of students racing for the same
    slot, one books it and the others read it taken.
    """
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)
    slot = _lock_slot(slot)
    if slot.student_id is not None:
        raise ValidationError(SLOT_TAKEN, code="slot_taken")
    if timezone.now() > slot.cutoff:
        raise ValidationError(_("This slot can no longer be booked."), code="too_late")
    if slot.mentor.user_id == actor.pk:
        raise ValidationError(_("You cannot book your own slot."))
    if ConsultationSlot.objects.filter(
        activity=slot.activity, mentor=slot.mentor, student=actor
    ).exists():
        raise ValidationError(
            _("You already hold a slot with this mentor at this activity."), code="one_per_mentor"
        )
    slot.student = actor
    slot.booked_at = timezone.now()
    try:
        with transaction.atomic():
            slot.save(update_fields=["student", "booked_at"])
    except IntegrityError:
        # The same student booking two of the mentor's slots at once: the constraint wins.
        raise ValidationError(
            _("You already hold a slot with this mentor at this activity."), code="one_per_mentor"
        ) from None
    audit(
        center=center,
        actor=actor,
        verb="consultation_slot.booked",
        target=slot,
        after={"starts_at": audit_value(slot.starts_at), "mentor": slot.mentor_id},
    )
    student = actor.get_full_name()
    notify(
        slot.mentor.user,
        NotificationKind.CONSULTATION_SLOT,
        center=center,
        title=lambda: (
            _("%(student)s booked your consultation at %(when)s")
            % {"student": student, "when": _local(slot.starts_at)}
        ),
        url=activity_url(center, slot.activity),
    )
    return slot


@transaction.atomic
def slot_cancel(*, center, actor, slot) -> ConsultationSlot:
    """The student gives their slot back, until the mentor's minimum notice."""
    ensure_center_can_act(center)
    slot = _lock_slot(slot)
    if slot.student_id != actor.pk:
        raise PermissionDenied(_("Only the student who booked this slot can cancel it."))
    if timezone.now() > slot.cutoff:
        raise ValidationError(
            _("It is too late to cancel: the mentor asked for %(hours)s hours' notice.")
            % {"hours": slot.notice_hours}
        )
    slot.student = None
    slot.booked_at = None
    slot.reminded_at = None
    slot.save(update_fields=["student", "booked_at", "reminded_at"])
    audit(
        center=center,
        actor=actor,
        verb="consultation_slot.cancelled",
        target=slot,
        before={"student": actor.pk},
    )
    student = actor.get_full_name()
    notify(
        slot.mentor.user,
        NotificationKind.CONSULTATION_SLOT,
        center=center,
        title=lambda: (
            _("%(student)s cancelled the consultation at %(when)s")
            % {"student": student, "when": _local(slot.starts_at)}
        ),
        url=activity_url(center, slot.activity),
    )
    return slot


SLOT_OUTCOMES = {
    ConsultationSlot.Outcome.PENDING: (
        ConsultationSlot.Outcome.DONE,
        ConsultationSlot.Outcome.NOT_HERE,
    )
}


def two_lines(note: str) -> str:
    return "\n".join(line.strip() for line in note.strip().splitlines()[:2])[:300]


@transaction.atomic
def slot_record_outcome(*, center, actor, slot, outcome: str, note: str = "") -> ConsultationSlot:
    """The slot's mentor says how a booked consultation went once it has begun: held (with
    a two-line note), or the student did not come. Held ones count as students reached."""
    ensure_center_can_act(center)
    slot = _lock_slot(slot)
    if slot.mentor.user_id != actor.pk:
        raise PermissionDenied(_("Only the mentor of this slot can record how it went."))
    if slot.student_id is None:
        raise ValidationError(_("Nobody booked this slot."))
    if timezone.now() < slot.starts_at:
        raise ValidationError(_("Record how the consultation went once it has begun."))
    if outcome not in (ConsultationSlot.Outcome.DONE, ConsultationSlot.Outcome.NOT_HERE):
        raise ValidationError(_("Choose whether the consultation was held."))
    done = outcome == ConsultationSlot.Outcome.DONE
    return transition(
        slot,
        to=outcome,
        allowed=SLOT_OUTCOMES,
        field="outcome",
        center=center,
        actor=actor,
        verb="consultation_slot.done" if done else "consultation_slot.not_here",
        changes={"outcome_note": two_lines(note) if done else "", "outcome_at": timezone.now()},
    )


def slots_remind(*, center) -> int:
    """Remind each student of a booked slot starting within a day; each reminder goes once
    (the slot is marked under its lock), so running this twice sends nothing more."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            ConsultationSlot.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(
                center=center,
                student__isnull=False,
                reminded_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=now + REMIND_AHEAD,
            )
            .select_related("activity", "mentor__user", "student")
        )
        for slot in due:
            slot.reminded_at = now
            slot.save(update_fields=["reminded_at"])
            notify(
                slot.student,
                NotificationKind.CONSULTATION_SLOT,
                center=center,
                title=lambda slot=slot: (
                    _("Reminder: your consultation with %(mentor)s")
                    % {"mentor": slot.mentor.user.get_full_name()}
                ),
                body=lambda slot=slot: (
                    _("%(when)s at %(venue)s (“%(title)s”).")
                    % {
                        "when": _local(slot.starts_at),
                        "venue": slot.activity.venue,
                        "title": slot.activity.title,
                    }
                ),
                url=activity_url(center, slot.activity),
            )
    return len(due)


# The walk-in queue


def _tell_next(center, seat) -> None:
    """The first number still waiting hears that they are next, once."""
    first = (
        QueueTicket.objects.select_for_update(of=("self",))
        .filter(seat=seat, status=T.WAITING)
        .select_related("student", "activity")
        .order_by("number")
        .first()
    )
    if first is None or first.told_next_at is not None:
        return
    first.told_next_at = timezone.now()
    first.save(update_fields=["told_next_at"])
    mentor = seat.mentor.user.get_full_name()
    number = first.number
    notify(
        first.student,
        NotificationKind.WALK_IN_QUEUE,
        center=center,
        title=lambda: (
            _("You're next: number %(number)s for %(mentor)s")
            % {"number": number, "mentor": mentor}
        ),
        body=lambda: _("Please stay close to %(venue)s.") % {"venue": first.activity.venue},
        url=my_number_url(center, first.activity),
    )


@transaction.atomic
def ticket_take(*, center, actor, activity, seat) -> QueueTicket:
    """A student at the venue takes the next number in a mentor's queue. Numbers are drawn
    under the panel seat's lock, so two phones never get the same one; a second tap gives
    back the number already held."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)
    now = timezone.now()
    if now < activity.starts_at - QUEUE_OPENS_BEFORE:
        raise ValidationError(_("The queue opens an hour before the activity starts."))
    if now > activity.ends_at:
        raise ValidationError(_("This activity is over; the queue is closed."))
    seat = ActivityMentor.objects.select_for_update(of=("self",)).get(pk=seat.pk, activity=activity)
    if seat.mentor.user_id == actor.pk:
        raise ValidationError(_("You cannot queue for yourself."))
    held = QueueTicket.objects.filter(
        seat=seat, student=actor, status__in=(T.WAITING, T.CALLED)
    ).first()
    if held is not None:
        return held
    seat.last_number += 1
    seat.save(update_fields=["last_number"])
    ticket = QueueTicket.objects.create(
        center=center, activity=activity, seat=seat, student=actor, number=seat.last_number
    )
    audit(
        center=center,
        actor=actor,
        verb="queue_ticket.taken",
        target=ticket,
        after={"number": ticket.number, "mentor": seat.mentor_id},
    )
    # Nobody waits before this number: it is next already.
    _tell_next(center, seat)
    return ticket


@transaction.atomic
def queue_call_next(*, center, actor, activity) -> QueueTicket | None:
    """The mentor calls the next number: it is told to come now, and the one after it that
    it is next. None when nobody waits."""
    ensure_center_can_act(center)
    seat = _seat(activity, actor, lock=True)
    if QueueTicket.objects.filter(seat=seat, status=T.CALLED).exists():
        raise ValidationError(_("Finish the current consultation first."), code="busy")
    ticket = (
        QueueTicket.objects.select_for_update(of=("self",))
        .filter(seat=seat, status=T.WAITING)
        .select_related("student")
        .order_by("number")
        .first()
    )
    if ticket is None:
        return None
    transition(
        ticket,
        to=T.CALLED,
        allowed=TICKET_TRANSITIONS,
        center=center,
        actor=actor,
        verb="queue_ticket.called",
        changes={"called_at": timezone.now()},
    )
    mentor = seat.mentor.user.get_full_name()
    notify(
        ticket.student,
        NotificationKind.WALK_IN_QUEUE,
        center=center,
        title=lambda: _("It's your turn: %(mentor)s is waiting for you") % {"mentor": mentor},
        url=my_number_url(center, activity),
    )
    _tell_next(center, seat)
    return ticket


@transaction.atomic
def ticket_finish(*, center, actor, ticket, outcome: str, note: str = "") -> QueueTicket:
    """The mentor ends the consultation: held (with a short note) or the student was not
    here."""
    ensure_center_can_act(center)
    ticket = (
        QueueTicket.objects.select_for_update(of=("self",)).select_related("seat").get(pk=ticket.pk)
    )
    seat = _seat(ticket.activity, actor, lock=True)
    if ticket.seat_id != seat.pk:
        raise PermissionDenied(_("Only the mentor of this queue can do this."))
    if outcome not in (T.DONE, T.NOT_HERE):
        raise ValidationError(_("Choose whether the consultation was held."))
    note = two_lines(note)
    transition(
        ticket,
        to=outcome,
        allowed=TICKET_TRANSITIONS,
        center=center,
        actor=actor,
        verb="queue_ticket.done" if outcome == T.DONE else "queue_ticket.not_here",
        changes={"finished_at": timezone.now(), "note": note},
    )
    _tell_next(center, seat)
    return ticket


@transaction.atomic
def ticket_leave(*, center, actor, ticket) -> QueueTicket:
    """The student gives up their number; the one behind them moves up."""
    ensure_center_can_act(center)
    ticket = QueueTicket.objects.select_for_update(of=("self",)).get(pk=ticket.pk)
    if ticket.student_id != actor.pk:
        raise PermissionDenied(_("Only the student holding this number can give it up."))
    seat = (
        ActivityMentor.objects.select_for_update(of=("self",))
        .select_related("mentor__user")
        .get(pk=ticket.seat_id)
    )
    transition(
        ticket,
        to=T.LEFT,
        allowed=TICKET_TRANSITIONS,
        center=center,
        actor=actor,
        verb="queue_ticket.left",
        changes={"finished_at": timezone.now()},
    )
    _tell_next(center, seat)
    return ticket


def had_consultation(*, activity, student, mentor) -> bool:
    """Whether the student met this mentor at the activity: a number held to the end, or a
    booked slot the mentor marked held."""
    if QueueTicket.objects.filter(
        activity=activity, seat__mentor=mentor, student=student, status=T.DONE
    ).exists():
        return True
    return ConsultationSlot.objects.filter(
        activity=activity, mentor=mentor, student=student, outcome=ConsultationSlot.Outcome.DONE
    ).exists()


def consultation_pairing_request(*, center, actor, activity, mentor):
    """After a consultation the student asks that mentor for a pairing, in one step: the
    pairing request of the mentors app, with the consultation as its reason."""
    if not had_consultation(activity=activity, student=actor, mentor=mentor):
        raise PermissionDenied(_("Ask for a pairing after a consultation with this mentor."))
    approval = (
        MentorApproval.objects.filter(center=center, profile=mentor)
        .select_related("profile")
        .first()
    )
    if approval is None:
        raise ValidationError(_("This mentor does not take mentees now."))
    reason = _("We met at the face-to-face consultation “%(title)s” on %(day)s.") % {
        "title": activity.title,
        "day": timezone.localtime(activity.starts_at).strftime("%Y-%m-%d"),
    }
    return pairing_services.pairing_request(
        center=center, actor=actor, approvals=[approval], reason=str(reason)
    )
