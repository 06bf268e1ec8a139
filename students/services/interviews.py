"""Interviews on an application: the enterprise proposes times (in person or online), the
student picks one or asks for others, the enterprise cancels or proposes again.

Each step is written on the application's audit trail (so its timeline shows it) and both
sides hear of it after commit, with a link to the interview's .ics file.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.selectors import representatives
from bases.services import ensure_representative
from mentorship.audit import audit
from mentorship.models import NotificationKind
from mentorship.notifications import notify
from mentorship.workflow import transition
from students.models import Application, Interview, InterviewSlot
from students.services.applications import ENTERPRISE_TRANSITIONS, NOT_YOUR_APPLICATION
from students.services.common import ensure_student, students_url

S = Application.Status
I = Interview.Status  # noqa: E741

MAX_SLOTS = 5
MAX_DAYS_AHEAD = 180
# The states in which an application can have an interview arranged.
INTERVIEWABLE = (S.SHORTLISTED, S.INTERVIEW)

NO_TIMES = _("Propose at least one time.")
PAST_TIME = _("Propose times in the future.")
NEEDS_PLACE = _("Give the place of an interview in person.")
NEEDS_LINK = _("Give the link of an online interview.")
NOT_INTERVIEWABLE = _("Interviews are arranged for shortlisted applicants only.")
NOT_PROPOSED = _("This interview has no times waiting for an answer.")
NOT_A_SLOT = _("Choose one of the proposed times.")


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _lock_application(application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("position__base__enterprise", "student__user")
        .get(pk=application.pk)
    )


def _lock_interview(interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__position__base__enterprise", "application__student__user")
        .get(pk=interview.pk)
    )


def _check_details(*, mode, place, link, starts) -> list:
    starts = sorted(set(starts))
    errors = {}
    if not starts:
        errors["times"] = NO_TIMES
    elif starts[0] <= timezone.now():
        errors["times"] = PAST_TIME
    elif starts[-1] > timezone.now() + timedelta(days=MAX_DAYS_AHEAD):
        errors["times"] = _("Propose times within the next %(days)d days.") % {
            "days": MAX_DAYS_AHEAD
        }
    elif len(starts) > MAX_SLOTS:
        errors["times"] = _("Propose at most %(count)d times.") % {"count": MAX_SLOTS}
    if mode == Interview.Mode.IN_PERSON and not place.strip():
        errors["place"] = NEEDS_PLACE
    if mode == Interview.Mode.ONLINE and not link.strip():
        errors["link"] = NEEDS_LINK
    if errors:
        raise ValidationError(errors)
    return starts


def current_interview(application) -> Interview | None:
    """The application's latest interview that is not cancelled."""
    return (
        Interview.objects.filter(center_id=application.center_id, application=application)
        .exclude(status=I.CANCELLED)
        .prefetch_related("slots")
        .first()
    )


@transaction.atomic
def interview_propose(
    *,
    center,
    actor,
    application,
    mode: str,
    starts: list,
    place: str = "",
    link: str = "",
    duration_minutes: int = 45,
    note: str = "",
) -> Interview:
    """The enterprise proposes times; a shortlisted applicant moves to the interview state.
    Proposing again while an interview is open replaces its times (a reschedule)."""
    application = _lock_application(application)
    ensure_representative(actor, center, application.position.base.enterprise_id)
    if application.status not in INTERVIEWABLE:
        raise ValidationError(NOT_INTERVIEWABLE, code="not_interviewable")
    starts = _check_details(mode=mode, place=place, link=link, starts=starts)
    if application.status == S.SHORTLISTED:
        transition(
            application,
            to=S.INTERVIEW,
            allowed=ENTERPRISE_TRANSITIONS,
            center=center,
            actor=actor,
            verb="application.interview",
        )
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .filter(application=application)
        .exclude(status=I.CANCELLED)
        .first()
    )
    rescheduled = interview is not None
    if interview is None:
        interview = Interview(center=center, application=application, created_by=actor)
    else:
        interview.sequence += 1
        interview.slots.all().delete()
    interview.mode = mode
    interview.place = place.strip() if mode == Interview.Mode.IN_PERSON else ""
    interview.link = link.strip() if mode == Interview.Mode.ONLINE else ""
    interview.duration_minutes = duration_minutes
    interview.note = note.strip()
    interview.status = I.PROPOSED
    interview.starts_at = None
    interview.student_message = ""
    interview.save()
    InterviewSlot.objects.bulk_create(
        [InterviewSlot(center=center, interview=interview, starts_at=when) for when in starts]
    )
    audit(
        center=center,
        actor=actor,
        verb="application.interview_rescheduled"
        if rescheduled
        else "application.interview_proposed",
        target=application,
        after={
            "times": [_when(when) for when in starts],
            "mode": mode,
            "where": interview.place or interview.link,
            "note": interview.note,
        },
    )
    position = application.position
    times = ", ".join(_when(when) for when in starts)
    notify(
        application.student.user,
        NotificationKind.APPLICATION_STATUS,
        center=center,
        title=lambda: (
            (
                _("New interview times for “%(position)s”")
                if rescheduled
                else _("Interview invitation for “%(position)s”")
            )
            % {"position": position.title}
        ),
        body=lambda: (
            _("%(enterprise)s proposes: %(times)s. Choose the time that suits you.")
            % {"enterprise": position.base.enterprise, "times": times}
        ),
        url=students_url(center, "position_detail", pk=position.pk),
    )
    return interview


def _ensure_own(center, actor, interview) -> None:
    ensure_student(actor, center)
    if interview.application.student.user_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_APPLICATION)


def _tell_representatives(center, interview, title, body) -> None:
    application = interview.application
    for user in representatives(
        center=center, enterprise_id=application.position.base.enterprise_id
    ):
        notify(
            user,
            NotificationKind.OFFER_RESPONSE,
            center=center,
            title=title,
            body=body,
            url=students_url(center, "applicant_detail", pk=application.pk),
        )


@transaction.atomic
def interview_choose(*, center, actor, interview, slot_id: int) -> Interview:
    """The student takes one of the proposed times; both sides get the calendar entry."""
    interview = _lock_interview(interview)
    _ensure_own(center, actor, interview)
    if interview.status != I.PROPOSED:
        raise ValidationError(NOT_PROPOSED, code="not_proposed")
    slot = interview.slots.filter(pk=slot_id).first()
    if slot is None:
        raise ValidationError({"slot": NOT_A_SLOT})
    if slot.starts_at <= timezone.now():
        raise ValidationError({"slot": PAST_TIME})
    interview.status = I.SCHEDULED
    interview.starts_at = slot.starts_at
    interview.sequence += 1
    interview.save(update_fields=["status", "starts_at", "sequence", "updated_at"])
    application = interview.application
    audit(
        center=center,
        actor=actor,
        verb="application.interview_scheduled",
        target=application,
        after={"time": _when(slot.starts_at), "where": interview.place or interview.link},
    )
    position = application.position
    when = _when(slot.starts_at)
    student_name = actor.get_full_name()
    ics = students_url(center, "interview_ics", pk=position.pk)
    notify(
        actor,
        NotificationKind.APPLICATION_STATUS,
        center=center,
        title=lambda: (
            _("Interview for “%(position)s” on %(time)s")
            % {"position": position.title, "time": when}
        ),
        body=lambda: _("Add it to your calendar with the .ics file on the position's page."),
        url=ics,
    )
    _tell_representatives(
        center,
        interview,
        title=lambda: (
            _("%(student)s will come to the interview for “%(position)s” on %(time)s")
            % {"student": student_name, "position": position.title, "time": when}
        ),
        body=lambda: _("Add it to your calendar with the .ics file on the applicant's page."),
    )
    return interview


@transaction.atomic
def interview_ask_other_times(*, center, actor, interview, message: str) -> Interview:
    """None of the times suits the student: they say why, the enterprise proposes again."""
    interview = _lock_interview(interview)
    _ensure_own(center, actor, interview)
    if interview.status != I.PROPOSED:
        raise ValidationError(NOT_PROPOSED, code="not_proposed")
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Say which times would suit you.")})
    interview.status = I.OTHER_TIMES
    interview.student_message = message
    interview.save(update_fields=["status", "student_message", "updated_at"])
    application = interview.application
    audit(
        center=center,
        actor=actor,
        verb="application.interview_other_times",
        target=application,
        after={"note": message},
    )
    position = application.position
    student_name = actor.get_full_name()
    _tell_representatives(
        center,
        interview,
        title=lambda: (
            _("%(student)s asks for other interview times for “%(position)s”")
            % {"student": student_name, "position": position.title}
        ),
        body=message,
    )
    return interview


@transaction.atomic
def interview_cancel(*, center, actor, interview, reason: str = "") -> Interview:
    """The enterprise calls the interview off; the student's calendar entry is cancelled."""
    interview = _lock_interview(interview)
    application = interview.application
    ensure_representative(actor, center, application.position.base.enterprise_id)
    if interview.status == I.CANCELLED:
        raise ValidationError(_("This interview is already cancelled."), code="cancelled")
    was_scheduled = interview.status == I.SCHEDULED
    interview.status = I.CANCELLED
    interview.sequence += 1
    interview.save(update_fields=["status", "sequence", "updated_at"])
    reason = reason.strip()
    audit(
        center=center,
        actor=actor,
        verb="application.interview_cancelled",
        target=application,
        after={"note": reason},
    )
    position = application.position
    notify(
        application.student.user,
        NotificationKind.APPLICATION_STATUS,
        center=center,
        title=lambda: _("Interview for “%(position)s” cancelled") % {"position": position.title},
        body=reason,
        url=(
            students_url(center, "interview_ics", pk=position.pk)
            if was_scheduled
            else students_url(center, "position_detail", pk=position.pk)
        ),
    )
    return interview
