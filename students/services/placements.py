"""Placements: the 3–6 month practical training after an accepted offer — supervisor,
monthly check-ins, ending (completed or terminated early), evaluations both ways, and the
reminders before a placement ends."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.selectors import is_representative, representatives
from bases.services import ensure_representative
from mentorship.audit import audit
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.workflow import ensure_transition
from students.models import CheckIn, Placement
from students.services.common import (
    center_url,
    ensure_student,
    first_of_month,
)

P = Placement.Status

# How long before the end date reminders go out and evaluations open.
ENDING_WINDOW = timedelta(days=14)

END_TRANSITIONS = {P.ONGOING: (P.COMPLETED, P.TERMINATED)}


def _lock(placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("student__user", "base__enterprise", "position")
        .get(pk=placement.pk)
    )


def _ensure_own(actor, center, placement) -> None:
    ensure_student(actor, center)
    if placement.student.user_id != actor.pk:
        raise PermissionDenied(_("This is not your placement."))


def evaluation_open(placement, today=None) -> bool:
    """Evaluations open two weeks before the end, and stay open once it has ended."""
    today = today or timezone.localdate()
    return placement.status != P.ONGOING or today >= placement.end_date - ENDING_WINDOW


@transaction.atomic
def placement_set_supervisor(*, center, actor, placement, name: str, phone: str) -> Placement:
    placement = _lock(placement)
    ensure_representative(actor, center, placement.base.enterprise_id)
    if placement.status != P.ONGOING:
        raise ValidationError(_("The placement has ended; its supervisor can no longer change."))
    before = {"supervisor_name": placement.supervisor_name, "phone": placement.supervisor_phone}
    placement.supervisor_name = name.strip()
    placement.supervisor_phone = phone.strip()
    placement.save(update_fields=["supervisor_name", "supervisor_phone"])
    audit(
        center=center,
        actor=actor,
        verb="placement.supervisor_set",
        target=placement,
        before=before,
        after={"supervisor_name": placement.supervisor_name, "phone": placement.supervisor_phone},
    )
    return placement


def check_in_months(placement, today=None) -> list:
    """The months a student may report on: within the placement and not in the future."""
    today = today or timezone.localdate()
    last_day = placement.last_day
    if placement.status == P.TERMINATED and placement.terminated_on:
        last_day = min(last_day, placement.terminated_on)
    last = first_of_month(min(last_day, today))
    months, month = [], first_of_month(placement.start_date)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


@transaction.atomic
def placement_check_in(*, center, actor, placement, month, summary: str) -> CheckIn:
    """The student's report on one month of the placement; one per month."""
    placement = _lock(placement)
    _ensure_own(actor, center, placement)
    month = first_of_month(month)
    if month not in check_in_months(placement):
        raise ValidationError(
            {
                "month": ValidationError(
                    _("Choose a month of your placement that has already begun."),
                    code="month_outside_placement",
                )
            }
        )
    already = ValidationError(
        {
            "month": ValidationError(
                _("You have already checked in for this month."), code="duplicate_month"
            )
        }
    )
    if CheckIn.objects.filter(placement=placement, month=month).exists():
        raise already
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                center=center, placement=placement, month=month, summary=summary.strip()
            )
    except IntegrityError as error:
        raise already from error
    audit(
        center=center,
        actor=actor,
        verb="placement.checked_in",
        target=placement,
        after={"month": month.isoformat()},
    )
    return check_in


def _ensure_enterprise_or_coordinator(actor, center, placement) -> None:
    ensure_center_can_act(center)
    if is_representative(user=actor, enterprise_id=placement.base.enterprise_id):
        ensure_role(actor, center, Role.ENTERPRISE, Role.COORDINATOR)
    else:
        ensure_role(actor, center, Role.COORDINATOR)


@transaction.atomic
def placement_complete(*, center, actor, placement) -> Placement:
    """The enterprise (or the center's coordinator) records that the placement ran its
    course; possible from two weeks before the end date."""
    placement = _lock(placement)
    _ensure_enterprise_or_coordinator(actor, center, placement)
    ensure_transition(placement, to=P.COMPLETED, allowed=END_TRANSITIONS)
    if not evaluation_open(placement):
        raise ValidationError(
            _("A placement can be completed from two weeks before its last day (%(end)s).")
            % {"end": placement.last_day},
            code="too_early",
        )
    placement.status = P.COMPLETED
    placement.save(update_fields=["status"])
    audit(
        center=center,
        actor=actor,
        verb="placement.completed",
        target=placement,
        before={"status": P.ONGOING},
        after={"status": P.COMPLETED},
    )
    _tell_parties(
        center,
        placement,
        actor,
        title=lambda: _("Placement completed: %(position)s") % {"position": placement.position},
        body=lambda: _("Please give your evaluation of the placement."),
    )
    return placement


@transaction.atomic
def placement_terminate(*, center, actor, placement, terminated_on, reason: str) -> Placement:
    """End a placement early, with the date and the reason."""
    placement = _lock(placement)
    _ensure_enterprise_or_coordinator(actor, center, placement)
    ensure_transition(placement, to=P.TERMINATED, allowed=END_TRANSITIONS)
    on = terminated_on
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the placement ends early.")
    if on < placement.start_date or on > placement.last_day:
        errors["terminated_on"] = _("Choose a date from %(start)s to %(last)s.") % {
            "start": placement.start_date,
            "last": placement.last_day,
        }
    elif on > timezone.localdate():
        errors["terminated_on"] = _("A placement cannot be ended on a future date.")
    if errors:
        raise ValidationError(errors)
    placement.status = P.TERMINATED
    placement.terminated_on = on
    placement.termination_reason = reason
    placement.save(update_fields=["status", "terminated_on", "termination_reason"])
    audit(
        center=center,
        actor=actor,
        verb="placement.terminated",
        target=placement,
        before={"status": P.ONGOING},
        after={"status": P.TERMINATED, "on": on.isoformat(), "reason": reason},
    )
    _tell_parties(
        center,
        placement,
        actor,
        title=lambda: _("Placement ended early: %(position)s") % {"position": placement.position},
        body=lambda: _("Ended on %(date)s. Reason: %(reason)s") % {"date": on, "reason": reason},
    )
    return placement


def _rating_errors(rating, text) -> dict:
    errors = {}
    if rating is None or not 1 <= int(rating) <= 5:
        errors["rating"] = _("Give a rating from 1 to 5.")
    if not (text or "").strip():
        errors["text"] = _("Write a few words.")
    return errors


@transaction.atomic
def placement_evaluate(*, center, actor, placement, rating: int, text: str) -> Placement:
    """The enterprise's evaluation of the student (may be revised; each version audited)."""
    placement = _lock(placement)
    ensure_representative(actor, center, placement.base.enterprise_id)
    if not evaluation_open(placement):
        raise ValidationError(_("Evaluations open two weeks before the placement ends."))
    errors = _rating_errors(rating, text)
    if errors:
        raise ValidationError(errors)
    before = {"rating": placement.enterprise_rating, "text": placement.enterprise_evaluation}
    placement.enterprise_rating = int(rating)
    placement.enterprise_evaluation = text.strip()
    placement.save(update_fields=["enterprise_rating", "enterprise_evaluation"])
    audit(
        center=center,
        actor=actor,
        verb="placement.evaluated",
        target=placement,
        before=before,
        after={"rating": placement.enterprise_rating, "text": placement.enterprise_evaluation},
    )
    return placement


@transaction.atomic
def placement_give_feedback(*, center, actor, placement, rating: int, text: str) -> Placement:
    """The student's feedback on the base (may be revised; each version audited)."""
    placement = _lock(placement)
    _ensure_own(actor, center, placement)
    if not evaluation_open(placement):
        raise ValidationError(_("Feedback opens two weeks before the placement ends."))
    errors = _rating_errors(rating, text)
    if errors:
        raise ValidationError(errors)
    before = {"rating": placement.student_rating, "text": placement.student_feedback}
    placement.student_rating = int(rating)
    placement.student_feedback = text.strip()
    placement.save(update_fields=["student_rating", "student_feedback"])
    audit(
        center=center,
        actor=actor,
        verb="placement.feedback_given",
        target=placement,
        before=before,
        after={"rating": placement.student_rating, "text": placement.student_feedback},
    )
    return placement


def _tell_parties(center, placement, actor, *, title, body, kind=NotificationKind.PLACEMENT_ENDING):
    """The student and the enterprise's representatives, except whoever acted."""
    people = [
        placement.student.user,
        *representatives(center=center, enterprise_id=placement.base.enterprise_id),
    ]
    url = center_url(center, "placement_detail", pk=placement.pk)
    for user in people:
        if actor is not None and user.pk == actor.pk:
            continue
        notify(user, kind, center=center, title=title, body=body, url=url)


def placement_send_ending_reminders(*, center, today=None) -> int:
    """Remind the student and the enterprise of placements ending within two weeks, and
    ask the enterprise for its evaluation: once per placement, however often this runs.

    Each placement is handled in its own transaction under a row lock, so a rerun or a
    second worker skips the ones already reminded.
    """
    today = today or timezone.localdate()
    due = list(
        Placement.objects.filter(
            center=center,
            status=P.ONGOING,
            ending_reminder_sent_at__isnull=True,
            end_date__gte=today,
            end_date__lte=today + ENDING_WINDOW,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            placement = (
                Placement.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("student__user", "base__enterprise", "position")
                .filter(pk=pk, ending_reminder_sent_at__isnull=True, status=P.ONGOING)
                .first()
            )
            if placement is None:
                continue
            placement.ending_reminder_sent_at = timezone.now()
            placement.save(update_fields=["ending_reminder_sent_at"])
            audit(center=center, actor=None, verb="placement.ending_reminded", target=placement)
            _remind(center, placement)
            sent += 1
    return sent


def _remind(center, placement) -> None:
    position = placement.position
    end = placement.last_day
    url = center_url(center, "placement_detail", pk=placement.pk)
    student = placement.student.user
    notify(
        student,
        NotificationKind.PLACEMENT_ENDING,
        center=center,
        title=lambda: _("Your placement ends on %(date)s") % {"date": end},
        body=lambda: (
            _(
                "Your placement “%(position)s” ends on %(date)s. "
                "Please give your feedback on the base."
            )
            % {"position": position.title, "date": end}
        ),
        url=url,
    )
    student_name = student.get_full_name()
    for user in representatives(center=center, enterprise_id=placement.base.enterprise_id):
        notify(
            user,
            NotificationKind.PLACEMENT_ENDING,
            center=center,
            title=lambda: (
                _("%(student)s's placement ends on %(date)s")
                % {"student": student_name, "date": end}
            ),
            body=lambda: (
                _("The placement “%(position)s” of %(student)s ends on %(date)s.")
                % {"position": position.title, "student": student_name, "date": end}
            ),
            url=url,
        )
        notify(
            user,
            NotificationKind.EVALUATION_REQUESTED,
            center=center,
            title=lambda: _("Please evaluate %(student)s") % {"student": student_name},
            body=lambda: (
                _(
                    "Please give your evaluation of %(student)s for “%(position)s”; "
                    "the placement ends on %(date)s."
                )
                % {"student": student_name, "position": position.title, "date": end}
            ),
            url=url,
        )
