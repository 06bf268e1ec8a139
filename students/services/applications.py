"""Applications to positions: submitted → shortlisted → interview → offered → accepted /
declined; rejected by the enterprise; withdrawn by the student.

Accepting an offer is the one place where students compete for the same seats: it locks
the position row, so a position never takes more students than its openings.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.models import Position
from bases.selectors import is_representative, representatives
from bases.services import POSITION_FULL, ensure_representative, lock_position, position_take_seat
from mentorship.audit import audit
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.workflow import ensure_transition, transition
from students.models import Application, Placement, StudentProfile
from students.services.common import (
    add_months,
    ensure_student,
    students_url,
)

S = Application.Status

# What the enterprise may do, one step at a time; rejecting is possible until accepted.
ENTERPRISE_TRANSITIONS = {
    S.SUBMITTED: (S.SHORTLISTED, S.REJECTED),
    S.SHORTLISTED: (S.INTERVIEW, S.REJECTED),
    S.INTERVIEW: (S.OFFERED, S.REJECTED),
    S.OFFERED: (S.REJECTED,),
}
WITHDRAWABLE = (S.SUBMITTED, S.SHORTLISTED, S.INTERVIEW, S.OFFERED)
STUDENT_TRANSITIONS = {
    **{state: (S.WITHDRAWN,) for state in WITHDRAWABLE},
    S.OFFERED: (S.ACCEPTED, S.DECLINED, S.WITHDRAWN),
}

ALREADY_APPLIED = _("You have already applied to this position.")
POSITION_NOT_OPEN = _("This position no longer takes applications.")
OVERLAPPING_PLACEMENT = _(
    "You already have a placement during these dates; end it before accepting another offer."
)
NOT_YOUR_APPLICATION = _("This is not your application.")

_STATUS_TITLES = {
    S.SHORTLISTED: _("You are shortlisted for “%(position)s”"),
    S.INTERVIEW: _("Interview invitation for “%(position)s”"),
    S.OFFERED: _("Offer for “%(position)s”"),
    S.REJECTED: _("Your application for “%(position)s” was not successful"),
}


class ProfileIncomplete(ValidationError):
    """The student's profile lacks what an application needs; `missing` names the fields."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            _("Complete your profile before applying. Missing: %(fields)s.")
            % {"fields": ", ".join(missing)},
            code="profile_incomplete",
        )


def missing_for_applying(profile) -> list[str]:
    """What the student's profile (None: not started) still lacks for an application."""
    if profile is None:
        return [
            str(StudentProfile._meta.get_field(name).verbose_name)
            for name in StudentProfile.REQUIRED_FOR_APPLYING
        ]
    return profile.missing_fields


def may_move_applicant(*, user, roles, application) -> bool:
    """Only the enterprise's own representatives move an applicant; coordinators read along."""
    return Role.ENTERPRISE in roles and is_representative(
        user=user, enterprise_id=application.position.base.enterprise_id
    )


def position_takes_applications(position, today=None) -> bool:
    today = today or timezone.localdate()
    return position.status == Position.Status.OPEN and position.deadline >= today


@transaction.atomic
def application_submit(
    *, center, actor, position, cover_letter: str = "", source: str | None = None
) -> Application:
    """The actor applies to `position` with their complete profile; once per position."""
    ensure_student(actor, center)
    # Locking the profile queues a student's own double-clicks one after the other, so
    # the second finds the first application instead of tripping over the constraint.
    profile = (
        StudentProfile.objects.select_for_update(of=("self",))
        .filter(center=center, user=actor)
        .first()
    )
    if missing := missing_for_applying(profile):
        raise ProfileIncomplete(missing)
    position = Position.objects.select_related("base__enterprise").get(pk=position.pk)
    if not position_takes_applications(position):
        raise ValidationError(POSITION_NOT_OPEN, code="position_not_open")
    if Application.objects.filter(position=position, student=profile).exists():
        raise ValidationError(ALREADY_APPLIED, code="already_applied")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                center=center,
                position=position,
                student=profile,
                cover_letter=cover_letter.strip(),
                source=source or None,
            )
    except IntegrityError as error:
        # The unique constraint is the last word when two requests slipped past the check.
        raise ValidationError(ALREADY_APPLIED, code="already_applied") from error
    audit(
        center=center,
        actor=actor,
        verb="application.submitted",
        target=application,
        after={"position": position.pk, "status": application.status},
    )
    student_name = actor.get_full_name()
    for user in representatives(center=center, enterprise_id=position.base.enterprise_id):
        notify(
            user,
            NotificationKind.NEW_APPLICANT,
            center=center,
            title=lambda: _("New applicant for “%(position)s”") % {"position": position.title},
            body=lambda: (
                _("%(student)s applied for “%(position)s”.")
                % {"student": student_name, "position": position.title}
            ),
            url=students_url(center, "applicant_detail", pk=application.pk),
        )
    return application


def _lock(application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("position__base__enterprise", "student__user")
        .get(pk=application.pk)
    )


@transaction.atomic
def application_move(*, center, actor, application, to: str, note: str = "") -> Application:
    """The enterprise moves an applicant one step on, or rejects them; the student hears."""
    application = _lock(application)
    position = application.position
    ensure_representative(actor, center, position.base.enterprise_id)
    ensure_transition(application, to=to, allowed=ENTERPRISE_TRANSITIONS)
    if to == S.OFFERED and position.accepted_count >= position.openings:
        raise ValidationError(
            _("All openings of this position are taken; no more offers can be made."),
            code="position_full",
        )
    note = note.strip()
    transition(
        application,
        to=to,
        allowed=ENTERPRISE_TRANSITIONS,
        center=center,
        actor=actor,
        verb=f"application.{to}",
        after={"note": note},
    )
    _tell_student(center, application, note)
    return application


def _tell_student(center, application, note: str) -> None:
    position = application.position
    enterprise = position.base.enterprise

    def body():
        text = _("%(enterprise)s changed your application for “%(position)s” to “%(status)s”.") % {
            "enterprise": enterprise,
            "position": position.title,
            "status": application.get_status_display(),
        }
        return f"{text}\n\n{note}" if note else text

    notify(
        application.student.user,
        NotificationKind.APPLICATION_STATUS,
        center=center,
        title=lambda: _STATUS_TITLES[application.status] % {"position": position.title},
        body=body,
        url=students_url(center, "position_detail", pk=position.pk),
    )


def application_shortlist(*, center, actor, application, note: str = "") -> Application:
    return application_move(
        center=center, actor=actor, application=application, to=S.SHORTLISTED, note=note
    )


def application_invite_to_interview(*, center, actor, application, note="") -> Application:
    return application_move(
        center=center, actor=actor, application=application, to=S.INTERVIEW, note=note
    )


def application_offer(*, center, actor, application, note: str = "") -> Application:
    return application_move(
        center=center, actor=actor, application=application, to=S.OFFERED, note=note
    )


def application_reject(*, center, actor, application, note: str = "") -> Application:
    return application_move(
        center=center, actor=actor, application=application, to=S.REJECTED, note=note
    )


def _lock_own(center, actor, application) -> Application:
    ensure_student(actor, center)
    application = _lock(application)
    if application.student.user_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_APPLICATION)
    return application


@transaction.atomic
def application_withdraw(*, center, actor, application) -> Application:
    """The student takes the application back, at any point before accepting."""
    application = _lock_own(center, actor, application)
    was = application.status
    transition(
        application,
        to=S.WITHDRAWN,
        allowed=STUDENT_TRANSITIONS,
        center=center,
        actor=actor,
        verb="application.withdrawn",
    )
    if was == S.OFFERED:
        # An open offer that goes away matters to the enterprise like a decline.
        _tell_enterprise(center, actor, application)
    return application


@transaction.atomic
def application_decline(*, center, actor, application) -> Application:
    application = _lock_own(center, actor, application)
    transition(
        application,
        to=S.DECLINED,
        allowed=STUDENT_TRANSITIONS,
        center=center,
        actor=actor,
        verb="application.declined",
    )
    _tell_enterprise(center, actor, application)
    return application


@transaction.atomic
def application_accept(*, center, actor, application) -> Placement:
    """The student accepts an offer: one seat of the position is taken and the placement
    begins on the position's start date.

    The position row is locked for the rest of the transaction, so concurrent accepts of
    the same position count seats one after another.
    """
    application = _lock_own(center, actor, application)
    ensure_transition(application, to=S.ACCEPTED, allowed=STUDENT_TRANSITIONS)
    # One student's accepts queue here, so two offers accepted at once cannot both pass the
    # overlap check below; the database's exclusion constraint is the last word on it.
    StudentProfile.objects.select_for_update(of=("self",)).get(pk=application.student_id)
    position = lock_position(application.position)
    if position.accepted_count >= position.openings:
        raise ValidationError(POSITION_FULL, code="position_full")
    start = position.start_date
    end = add_months(start, position.duration_months)
    if Placement.objects.filter(
        student=application.student,
        status=Placement.Status.ONGOING,
        start_date__lt=end,
        end_date__gt=start,
    ).exists():
        raise ValidationError(OVERLAPPING_PLACEMENT, code="overlapping_placement")

    full = position_take_seat(position)
    accepted = position.accepted_count
    application.status = S.ACCEPTED
    application.save(update_fields=["status", "updated_at"])
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                center=center,
                application=application,
                student=application.student,
                base=position.base,
                position=position,
                start_date=start,
                end_date=end,
            )
    except IntegrityError as error:
        raise ValidationError(OVERLAPPING_PLACEMENT, code="overlapping_placement") from error
    audit(
        center=center,
        actor=actor,
        verb="application.accepted",
        target=application,
        before={"status": S.OFFERED},
        after={"status": S.ACCEPTED, "accepted_count": accepted, "position_filled": full},
    )
    audit(
        center=center,
        actor=actor,
        verb="placement.created",
        target=placement,
        after={
            "application": application.pk,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
        },
    )
    _tell_enterprise(center, actor, application, placement=placement)
    return placement


def _tell_enterprise(center, actor, application, placement=None) -> None:
    position = application.position
    student_name = actor.get_full_name()
    status = application.status
    titles = {
        S.ACCEPTED: _("%(student)s accepted your offer for “%(position)s”"),
        S.DECLINED: _("%(student)s declined your offer for “%(position)s”"),
        S.WITHDRAWN: _("%(student)s withdrew from your offer for “%(position)s”"),
    }
    url = (
        students_url(center, "placement_detail", pk=placement.pk)
        if placement
        else students_url(center, "applicant_detail", pk=application.pk)
    )
    for user in representatives(center=center, enterprise_id=position.base.enterprise_id):
        notify(
            user,
            NotificationKind.OFFER_RESPONSE,
            center=center,
            title=lambda: titles[status] % {"student": student_name, "position": position.title},
            body=lambda: (
                _("The placement runs from %(start)s to %(end)s.")
                % {"start": placement.start_date, "end": placement.last_day}
                if placement
                else ""
            ),
            url=url,
        )
