"""Workflows of mentors: profiles and their approval per center, pairing requests asked
one mentor after another, and the mentoring itself (goals, sessions, feedback, the end)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentors.models import (
    Goal,
    MentorApproval,
    MentoringSession,
    MentorProfile,
    MentorSettings,
    Pairing,
    PairingRequest,
    SessionFeedback,
)
from mentorship.audit import audit, field_diff
from mentorship.links import center_url
from mentorship.models import Membership, NotificationKind, Role
from mentorship.notifications import notify
from mentorship.selectors import members_with_role
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.workflow import ensure_transition, transition

P = Pairing.Status
MAX_CHOICES = 3

PROFILE_FIELDS = (
    "kind",
    "title",
    "organization",
    "industry_tags",
    "expertise_tags",
    "majors",
    "languages",
    "bio",
    "offers_pairing",
    "offers_talks",
    "offers_consultations",
    "offers_judging",
    "capacity",
    "accepting",
    "phone",
    "contact_email",
)
SETTINGS_FIELDS = (
    "response_days",
    "weight_major",
    "weight_tags",
    "weight_language",
    "weight_capacity",
    "weight_feedback",
)

APPROVAL_TRANSITIONS = {
    MentorApproval.Status.PENDING: (MentorApproval.Status.APPROVED, MentorApproval.Status.REJECTED),
    MentorApproval.Status.APPROVED: (MentorApproval.Status.REJECTED,),
    MentorApproval.Status.REJECTED: (MentorApproval.Status.APPROVED,),
}
PAIRING_TRANSITIONS = {
    P.QUEUED: (P.REQUESTED, P.SKIPPED, P.WITHDRAWN),
    P.REQUESTED: (P.ACTIVE, P.DECLINED, P.EXPIRED, P.WITHDRAWN),
    P.ACTIVE: (P.COMPLETED, P.ENDED_EARLY),
}

# A side that has not given feedback this long after a session was logged hears once that it
# is due: three days keeps the session fresh in mind and leaves room for a weekend. Sessions
# logged more than a month ago are not reminded (say, the first run after a long pause).
FEEDBACK_DUE_AFTER = timedelta(days=3)
FEEDBACK_REMINDED_WITHIN = timedelta(days=30)

MENTOR_FULL = _("This mentor has no free place for another mentee.")
NOT_A_PARTY = _("Only the student and the mentor of this pairing can do this.")
NOT_ACTIVE = _("This can only be done while the pairing is active.")


def pairing_url(center, pairing) -> str:
    return center_url(center, "center:mentors:pairing_detail", pk=pairing.pk)


def _mentor_name(pairing):
    return pairing.mentor.user.get_full_name()


# Profiles and approvals


@transaction.atomic
def mentor_profile_save(*, center, actor, **data) -> MentorProfile:
    """The mentor writes their profile; the center is asked to approve it if it has not yet."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.MENTOR)
    if data["capacity"] < 1:
        raise ValidationError({"capacity": _("Take at least one mentee.")})
    profile = MentorProfile.objects.select_for_update(of=("self",)).filter(user=actor).first()
    before = {f: getattr(profile, f) for f in PROFILE_FIELDS} if profile else {}
    if profile is None:
        profile = MentorProfile(user=actor)
    elif data["capacity"] < profile.active_mentees:
        raise ValidationError(
            {
                "capacity": _("You have %(n)s active mentees; the capacity cannot be lower.")
                % {"n": profile.active_mentees}
            }
        )
    for field in PROFILE_FIELDS:
        setattr(profile, field, data[field])
    profile.save()
    approval, created = MentorApproval.objects.get_or_create(center=center, profile=profile)
    old, new = field_diff(before, {f: getattr(profile, f) for f in PROFILE_FIELDS})
    audit(
        center=center,
        actor=actor,
        verb="mentor_profile.saved",
        target=profile,
        before=old,
        after={**new, **({"approval": approval.status} if created else {})},
    )
    return profile


@transaction.atomic
def mentor_approval_decide(*, center, actor, approval, approve: bool, note: str = ""):
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    approval = MentorApproval.objects.select_for_update(of=("self",)).get(pk=approval.pk)
    to = MentorApproval.Status.APPROVED if approve else MentorApproval.Status.REJECTED
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the profile is not approved.")})
    transition(
        approval,
        to=to,
        allowed=APPROVAL_TRANSITIONS,
        center=center,
        actor=actor,
        verb="mentor_profile.approved" if approve else "mentor_profile.rejected",
        changes={"note": note.strip(), "decided_by": actor, "decided_at": timezone.now()},
    )
    status = approval.get_status_display
    notify(
        approval.profile.user,
        NotificationKind.MENTOR_PROFILE_DECISION,
        center=center,
        title=lambda: _("Your mentor profile: %(status)s") % {"status": status()},
        body=note.strip(),
        url=center_url(center, "center:mentors:profile"),
    )
    return approval


@transaction.atomic
def mentor_settings_save(*, center, actor, **data) -> MentorSettings:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if not any(data[f] for f in SETTINGS_FIELDS if f.startswith("weight_")):
        raise ValidationError(_("Give at least one reason a weight above zero."))
    settings, _created = MentorSettings.objects.select_for_update(of=("self",)).get_or_create(
        center=center
    )
    before = {f: getattr(settings, f) for f in SETTINGS_FIELDS}
    for field in SETTINGS_FIELDS:
        setattr(settings, field, data[field])
    settings.save()
    old, new = field_diff(before, {f: getattr(settings, f) for f in SETTINGS_FIELDS})
    audit(
        center=center,
        actor=actor,
        verb="mentor_settings.saved",
        target=settings,
        before=old,
        after=new,
    )
    return settings


# Requests


def _response_days(center) -> int:
    found = MentorSettings.objects.filter(center=center).first()
    return found.response_days if found else MentorSettings().response_days


def _ask(center, actor, pairing) -> None:
    """Put the request to this choice's mentor, who has the center's days to answer."""
    respond_by = timezone.now() + timedelta(days=_response_days(center))
    transition(
        pairing,
        to=P.REQUESTED,
        allowed=PAIRING_TRANSITIONS,
        center=center,
        actor=actor,
        verb="pairing.requested",
        changes={"respond_by": respond_by},
    )
    student = pairing.student.get_full_name()
    reason = pairing.request.reason if pairing.request else ""
    notify(
        pairing.mentor.user,
        NotificationKind.PAIRING_REQUEST,
        center=center,
        title=lambda: _("%(student)s asks you to be their mentor") % {"student": student},
        body=lambda: (
            _("Please answer by %(day)s.")
            % {"day": timezone.localtime(respond_by).strftime("%Y-%m-%d %H:%M")}
            + "\n\n"
            + reason
        ),
        url=pairing_url(center, pairing),
    )


def _ask_next(center, actor, request) -> None:
    """After a choice declined or let the request expire: the next choice, or the student
    hears that nobody accepted."""
    following = (
        Pairing.objects.select_for_update(of=("self",))
        .filter(request=request, status=P.QUEUED)
        .order_by("preference")
        .first()
    )
    if following is not None:
        _ask(center, actor, following)
        return
    request = PairingRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.status != PairingRequest.Status.OPEN:
        return
    transition(
        request,
        to=PairingRequest.Status.UNANSWERED,
        allowed={PairingRequest.Status.OPEN: (PairingRequest.Status.UNANSWERED,)},
        center=center,
        actor=actor,
        verb="pairing_request.unanswered",
    )
    notify(
        request.student,
        NotificationKind.PAIRING_ANSWER,
        center=center,
        title=_("No mentor could take your request"),
        body=_("Every mentor you chose declined or did not answer in time. Ask others."),
        url=center_url(center, "center:mentors:suggestions"),
    )


def _askable(center, approval) -> bool:
    return (
        approval.center_id == center.pk
        and approval.status == MentorApproval.Status.APPROVED
        and approval.profile.offers_pairing
        and approval.profile.accepting
    )


@transaction.atomic
def pairing_request(*, center, actor, approvals: list, reason: str) -> PairingRequest:
    """A student asks up to three mentors in order of preference; the first is asked now."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what you hope a mentor helps you with.")})
    if not approvals:
        raise ValidationError({"first": _("Choose at least one mentor.")})
    if len(approvals) > MAX_CHOICES:
        raise ValidationError(_("Choose at most three mentors."))
    if len({a.profile_id for a in approvals}) != len(approvals):
        raise ValidationError(_("Choose each mentor only once."))
    if any(not _askable(center, a) for a in approvals):
        raise ValidationError(_("One of the mentors you chose does not take mentees now."))
    if any(a.profile.user_id == actor.pk for a in approvals):
        raise ValidationError(_("You cannot ask yourself."))
    # One student's requests queue here: two requests sent at once cannot both pass.
    list(
        Membership.objects.select_for_update(of=("self",)).filter(
            center=center, user=actor, role=Role.STUDENT
        )
    )
    if PairingRequest.objects.filter(
        center=center, student=actor, status=PairingRequest.Status.OPEN
    ).exists():
        raise ValidationError(_("Your earlier request is still waiting for an answer."))
    if Pairing.objects.filter(center=center, student=actor, status=P.ACTIVE).exists():
        raise ValidationError(_("You already have an active pairing."))
    request = PairingRequest.objects.create(
        center=center, student=actor, reason=reason.strip(), status=PairingRequest.Status.OPEN
    )
    pairings = [
        Pairing.objects.create(
            center=center,
            request=request,
            student=actor,
            mentor=approval.profile,
            preference=n,
            status=P.QUEUED,
        )
        for n, approval in enumerate(approvals, start=1)
    ]
    audit(
        center=center,
        actor=actor,
        verb="pairing_request.sent",
        target=request,
        after={"mentors": [a.profile_id for a in approvals]},
    )
    _ask(center, actor, pairings[0])
    return request


@transaction.atomic
def pairing_request_withdraw(*, center, actor, pairing) -> PairingRequest:
    """The student takes back their request while no mentor has accepted it."""
    ensure_center_can_act(center)
    pairing = _lock_pairing(pairing)
    if pairing.student_id != actor.pk or pairing.request_id is None:
        raise PermissionDenied(_("Only the student who asked can withdraw the request."))
    request = PairingRequest.objects.select_for_update(of=("self",)).get(pk=pairing.request_id)
    transition(
        request,
        to=PairingRequest.Status.WITHDRAWN,
        allowed={PairingRequest.Status.OPEN: (PairingRequest.Status.WITHDRAWN,)},
        center=center,
        actor=actor,
        verb="pairing_request.withdrawn",
    )
    student = actor.get_full_name()
    _withdraw_choices(
        center,
        actor,
        Pairing.objects.select_for_update(of=("self",))
        .select_related("mentor__user")
        .filter(request=request, status__in=(P.QUEUED, P.REQUESTED))
        .order_by("preference"),
        title=lambda: _("%(student)s withdrew their request") % {"student": student},
    )
    return request


def _withdraw_choices(center, actor, choices, *, title) -> None:
    """Withdraw a request's waiting choices (locked by the caller); the mentor being asked
    now hears it with `title`."""
    for pairing in choices:
        asked = pairing.status == P.REQUESTED
        transition(
            pairing,
            to=P.WITHDRAWN,
            allowed=PAIRING_TRANSITIONS,
            center=center,
            actor=actor,
            verb="pairing.withdrawn",
        )
        if asked:
            notify(
                pairing.mentor.user,
                NotificationKind.PAIRING_REQUEST,
                center=center,
                title=title,
                url=pairing_url(center, pairing),
            )


def _lock_pairing(pairing) -> Pairing:
    return (
        Pairing.objects.select_for_update(of=("self",))
        .select_related("mentor__user", "student", "request")
        .get(pk=pairing.pk)
    )


def _lock_as_mentor(center, actor, pairing) -> Pairing:
    ensure_center_can_act(center)
    pairing = _lock_pairing(pairing)
    if pairing.mentor.user_id != actor.pk:
        raise PermissionDenied(_("Only the mentor asked can answer this request."))
    return pairing


def _tell_student(center, pairing, title, body="") -> None:
    notify(
        pairing.student,
        NotificationKind.PAIRING_ANSWER,
        center=center,
        title=title,
        body=body,
        url=pairing_url(center, pairing),
    )


@transaction.atomic
def pairing_accept(*, center, actor, pairing) -> Pairing:
    """The mentor accepts: the pairing is active and takes one of the mentor's places.

    The mentor's profile row stays locked to the end of the transaction, so accepts that
    race count places one after another and never pass the capacity.
    """
    pairing = _lock_as_mentor(center, actor, pairing)
    ensure_transition(pairing, to=P.ACTIVE, allowed=PAIRING_TRANSITIONS)
    profile = MentorProfile.objects.select_for_update(of=("self",)).get(pk=pairing.mentor_id)
    if profile.active_mentees >= profile.capacity:
        raise ValidationError(MENTOR_FULL, code="mentor_full")
    profile.active_mentees += 1
    profile.save(update_fields=["active_mentees"])
    transition(
        pairing,
        to=P.ACTIVE,
        allowed=PAIRING_TRANSITIONS,
        center=center,
        actor=actor,
        verb="pairing.accepted",
        changes={"started_at": timezone.now()},
        after={"active_mentees": profile.active_mentees},
    )
    if pairing.request_id:
        request = PairingRequest.objects.select_for_update(of=("self",)).get(pk=pairing.request_id)
        request.status = PairingRequest.Status.PAIRED
        request.save(update_fields=["status", "updated_at"])
        for later in Pairing.objects.select_for_update(of=("self",)).filter(
            request=request, status=P.QUEUED
        ):
            transition(
                later,
                to=P.SKIPPED,
                allowed=PAIRING_TRANSITIONS,
                center=center,
                actor=actor,
                verb="pairing.skipped",
            )
    mentor = _mentor_name(pairing)
    _tell_student(
        center,
        pairing,
        lambda: _("%(mentor)s accepted to be your mentor") % {"mentor": mentor},
        _("Agree on your goals and log your sessions on the pairing's page."),
    )
    return pairing


@transaction.atomic
def pairing_decline(*, center, actor, pairing, note: str = "") -> Pairing:
    pairing = _lock_as_mentor(center, actor, pairing)
    transition(
        pairing,
        to=P.DECLINED,
        allowed=PAIRING_TRANSITIONS,
        center=center,
        actor=actor,
        verb="pairing.declined",
        changes={"answer_note": note.strip()[:300]},
    )
    mentor = _mentor_name(pairing)
    _tell_student(
        center,
        pairing,
        lambda: _("%(mentor)s cannot take your request") % {"mentor": mentor},
        note.strip(),
    )
    if pairing.request_id:
        _ask_next(center, actor, pairing.request)
    return pairing


def pairings_expire(*, center, now=None) -> int:
    """Requests not answered in time move on to the next choice; safe to run twice, and
    alongside a mentor's answer (the row lock decides who is first)."""
    now = now or timezone.now()
    due = list(
        Pairing.objects.filter(center=center, status=P.REQUESTED, respond_by__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    expired = 0
    for pk in due:
        with transaction.atomic():
            pairing = (
                Pairing.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("mentor__user", "student", "request")
                .filter(pk=pk, status=P.REQUESTED, respond_by__lte=now)
                .first()
            )
            if pairing is None:
                continue
            transition(
                pairing,
                to=P.EXPIRED,
                allowed=PAIRING_TRANSITIONS,
                center=center,
                actor=None,
                verb="pairing.expired",
            )
            mentor = _mentor_name(pairing)
            _tell_student(
                center,
                pairing,
                lambda mentor=mentor: _("%(mentor)s did not answer in time") % {"mentor": mentor},
                _("Your request moves on to your next choice, if you named one."),
            )
            if pairing.request_id:
                _ask_next(center, None, pairing.request)
            expired += 1
    return expired


# During a pairing


def _lock_as_party(center, actor, pairing, *, active=True) -> tuple[Pairing, str]:
    ensure_center_can_act(center)
    pairing = _lock_pairing(pairing)
    if actor.pk == pairing.student_id:
        side = SessionFeedback.Side.STUDENT
    elif actor.pk == pairing.mentor.user_id:
        side = SessionFeedback.Side.MENTOR
    else:
        raise PermissionDenied(NOT_A_PARTY)
    if active and pairing.status != P.ACTIVE:
        raise ValidationError(NOT_ACTIVE)
    return pairing, side


def _other_side(pairing, side):
    return pairing.mentor.user if side == SessionFeedback.Side.STUDENT else pairing.student


@transaction.atomic
def goal_add(*, center, actor, pairing, title: str) -> Goal:
    pairing, _side = _lock_as_party(center, actor, pairing)
    if not title.strip():
        raise ValidationError({"title": _("Write the goal.")})
    goal = Goal.objects.create(
        center=center, pairing=pairing, title=title.strip(), created_by=actor
    )
    audit(center=center, actor=actor, verb="goal.added", target=goal, after={"title": goal.title})
    return goal


@transaction.atomic
def goal_set_status(*, center, actor, goal, status: str) -> Goal:
    _pairing, _side = _lock_as_party(center, actor, goal.pairing)
    goal = Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
    if status not in Goal.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == goal.status:
        return goal
    everything = {s: tuple(x for x in Goal.Status.values if x != s) for s in Goal.Status.values}
    return transition(
        goal,
        to=status,
        allowed=everything,
        center=center,
        actor=actor,
        verb="goal.status_changed",
    )


@transaction.atomic
def session_log(*, center, actor, pairing, **data) -> MentoringSession:
    pairing, side = _lock_as_party(center, actor, pairing)
    if data["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": _("Log a session once it has taken place.")})
    if pairing.started_at and data["held_on"] < timezone.localtime(pairing.started_at).date():
        raise ValidationError({"held_on": _("The session cannot be before the pairing began.")})
    session = MentoringSession.objects.create(
        center=center, pairing=pairing, logged_by=actor, **data
    )
    audit(
        center=center,
        actor=actor,
        verb="mentoring_session.logged",
        target=session,
        after={
            "held_on": session.held_on.isoformat(),
            "duration_minutes": session.duration_minutes,
            "mode": session.mode,
        },
    )
    who, topic = actor.get_full_name(), session.topic
    notify(
        _other_side(pairing, side),
        NotificationKind.MENTORING_SESSION,
        center=center,
        title=lambda: _("%(person)s logged a mentoring session") % {"person": who},
        body=lambda: _("“%(topic)s”: tell how it went.") % {"topic": topic},
        url=pairing_url(center, pairing),
    )
    return session


@transaction.atomic
def feedback_give(
    *, center, actor, session, rating: int, comment: str = "", working: bool
) -> SessionFeedback:
    """One side's feedback on a session; a pairing said not to work alerts the coordinators."""
    pairing, side = _lock_as_party(center, actor, session.pairing, active=False)
    if pairing.status not in (P.ACTIVE, P.COMPLETED, P.ENDED_EARLY):
        raise ValidationError(NOT_ACTIVE)
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give 1 to 5 stars.")})
    if SessionFeedback.objects.filter(session=session, side=side).exists():
        raise ValidationError(_("You already gave feedback on this session."))
    feedback = SessionFeedback.objects.create(
        center=center,
        session=session,
        author=actor,
        side=side,
        rating=rating,
        comment=comment.strip(),
        working=working,
    )
    audit(
        center=center,
        actor=actor,
        verb="session_feedback.given",
        target=session,
        after={"rating": rating, "working": working},
    )
    if not working:
        student, mentor = pairing.student.get_full_name(), _mentor_name(pairing)
        for coordinator in members_with_role(center=center, role=Role.COORDINATOR):
            notify(
                coordinator,
                NotificationKind.PAIRING_ALERT,
                center=center,
                title=lambda: (
                    _("The pairing of %(student)s and %(mentor)s is not working")
                    % {"student": student, "mentor": mentor}
                ),
                body=comment.strip(),
                url=pairing_url(center, pairing),
            )
    return feedback


def feedback_remind(*, center, now=None) -> int:
    """Remind each side of a session whose feedback is overdue, once: the side's reminder
    time is set under the session's lock, so a second run, or one running alongside, sends
    nothing more. Returns the reminders sent."""
    now = now or timezone.now()
    given = SessionFeedback.objects.filter(session=OuterRef("pk"))
    due = list(
        MentoringSession.objects.filter(
            center=center,
            created_at__lte=now - FEEDBACK_DUE_AFTER,
            created_at__gt=now - FEEDBACK_REMINDED_WITHIN,
            pairing__status__in=(P.ACTIVE, P.COMPLETED, P.ENDED_EARLY),
        )
        .alias(
            student_given=Exists(given.filter(side=SessionFeedback.Side.STUDENT)),
            mentor_given=Exists(given.filter(side=SessionFeedback.Side.MENTOR)),
        )
        .filter(
            Q(student_reminded_at__isnull=True, student_given=False)
            | Q(mentor_reminded_at__isnull=True, mentor_given=False)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            session = (
                MentoringSession.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("pairing__student", "pairing__mentor__user")
                .filter(pk=pk)
                .first()
            )
            if session is None:
                continue
            sides = set(session.feedback.values_list("side", flat=True))
            for side, person in (
                (SessionFeedback.Side.STUDENT, session.pairing.student),
                (SessionFeedback.Side.MENTOR, session.pairing.mentor.user),
            ):
                field = f"{side}_reminded_at"
                if side in sides or getattr(session, field) is not None:
                    continue
                setattr(session, field, now)
                session.save(update_fields=[field])
                _remind_feedback(center, session, person)
                sent += 1
    return sent


def _remind_feedback(center, session, person) -> None:
    topic, day = session.topic, session.held_on.isoformat()
    notify(
        person,
        NotificationKind.FEEDBACK_DUE,
        center=center,
        title=lambda: _("Your feedback on “%(topic)s” is due") % {"topic": topic},
        body=lambda: (
            _("How did the session of %(day)s go? Two clicks on the pairing's page.") % {"day": day}
        ),
        url=pairing_url(center, session.pairing),
    )


@transaction.atomic
def pairing_close(*, center, actor, pairing, summary: str, completed: bool) -> Pairing:
    """Either side ends the pairing with their closing summary; the mentor's place is free."""
    pairing, side = _lock_as_party(center, actor, pairing)
    if not summary.strip():
        raise ValidationError({"summary": _("Write a few words on how the pairing went.")})
    profile = MentorProfile.objects.select_for_update(of=("self",)).get(pk=pairing.mentor_id)
    profile.active_mentees = max(profile.active_mentees - 1, 0)
    profile.save(update_fields=["active_mentees"])
    transition(
        pairing,
        to=P.COMPLETED if completed else P.ENDED_EARLY,
        allowed=PAIRING_TRANSITIONS,
        center=center,
        actor=actor,
        verb="pairing.completed" if completed else "pairing.ended_early",
        changes={"ended_at": timezone.now(), f"{side}_summary": summary.strip()},
    )
    who = actor.get_full_name()
    notify(
        _other_side(pairing, side),
        NotificationKind.PAIRING_ANSWER,
        center=center,
        title=lambda: _("%(person)s ended the pairing") % {"person": who},
        body=_("Add your own closing summary on the pairing's page."),
        url=pairing_url(center, pairing),
    )
    return pairing


@transaction.atomic
def pairing_add_summary(*, center, actor, pairing, summary: str) -> Pairing:
    pairing, side = _lock_as_party(center, actor, pairing, active=False)
    if not pairing.is_over:
        raise ValidationError(_("End the pairing first."))
    if getattr(pairing, f"{side}_summary"):
        raise ValidationError(_("Your closing summary is already written."))
    if not summary.strip():
        raise ValidationError({"summary": _("Write a few words on how the pairing went.")})
    setattr(pairing, f"{side}_summary", summary.strip())
    pairing.save(update_fields=[f"{side}_summary", "updated_at"])
    audit(center=center, actor=actor, verb="pairing.summary_added", target=pairing)
    return pairing


# Pairing by the center


def _end_for_repairing(center, actor, pairing) -> None:
    pairing = _lock_pairing(pairing)
    profile = MentorProfile.objects.select_for_update(of=("self",)).get(pk=pairing.mentor_id)
    profile.active_mentees = max(profile.active_mentees - 1, 0)
    profile.save(update_fields=["active_mentees"])
    transition(
        pairing,
        to=P.ENDED_EARLY,
        allowed=PAIRING_TRANSITIONS,
        center=center,
        actor=actor,
        verb="pairing.ended_early",
        changes={"ended_at": timezone.now()},
        after={"repaired": True},
    )
    notify(
        pairing.mentor.user,
        NotificationKind.PAIRING_ANSWER,
        center=center,
        title=_("The center paired your mentee with another mentor"),
        body=_("Add your own closing summary on the pairing's page."),
        url=pairing_url(center, pairing),
    )


@transaction.atomic
def pairing_assign(*, center, actor, student, approval, note: str = "", replaces=None) -> Pairing:
    """A coordinator pairs a student with a mentor directly; with `replaces`, the student's
    active pairing ends early in the same step (re-pairing after "not working")."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if not Membership.objects.filter(
        center=center, user=student, role=Role.STUDENT, is_active=True
    ).exists():
        raise ValidationError({"student": _("No student of this center has this address.")})
    if not _askable(center, approval):
        raise ValidationError({"mentor": _("This mentor does not take mentees now.")})
    list(
        Membership.objects.select_for_update(of=("self",)).filter(
            center=center, user=student, role=Role.STUDENT
        )
    )
    if PairingRequest.objects.filter(
        center=center, student=student, status=PairingRequest.Status.OPEN
    ).exists():
        raise ValidationError(_("The student's own request is still waiting for an answer."))
    current = Pairing.objects.filter(center=center, student=student, status=P.ACTIVE).first()
    if current is not None:
        if replaces is None or current.pk != replaces.pk:
            raise ValidationError(_("The student already has an active pairing."))
        if current.mentor_id == approval.profile_id:
            raise ValidationError({"mentor": _("Choose another mentor than the current one.")})
        _end_for_repairing(center, actor, current)
    profile = MentorProfile.objects.select_for_update(of=("self",)).get(pk=approval.profile_id)
    return _pair_by_center(center, actor, student, profile, note=note)


def _pair_by_center(center, actor, student, profile, *, note: str, after=None) -> Pairing:
    """The pairing a coordinator makes, directly or by publishing a batch: it takes one of
    the mentor's places under the mentor's row lock, which the caller holds."""
    if profile.active_mentees >= profile.capacity:
        raise ValidationError({"mentor": MENTOR_FULL}, code="mentor_full")
    profile.active_mentees += 1
    profile.save(update_fields=["active_mentees"])
    pairing = Pairing.objects.create(
        center=center,
        student=student,
        mentor=profile,
        status=P.ACTIVE,
        started_at=timezone.now(),
        answer_note=note.strip()[:300],
    )
    audit(
        center=center,
        actor=actor,
        verb="pairing.assigned",
        target=pairing,
        after={"status": P.ACTIVE, "active_mentees": profile.active_mentees, **(after or {})},
    )
    mentor, name = profile.user.get_full_name(), student.get_full_name()
    notify(
        student,
        NotificationKind.PAIRING_ANSWER,
        center=center,
        title=lambda: _("The center paired you with %(mentor)s") % {"mentor": mentor},
        body=note.strip(),
        url=pairing_url(center, pairing),
    )
    notify(
        profile.user,
        NotificationKind.PAIRING_REQUEST,
        center=center,
        title=lambda: _("The center paired you with %(student)s") % {"student": name},
        body=note.strip(),
        url=pairing_url(center, pairing),
    )
    return pairing


def _settle_request_by_center(center, actor, student) -> None:
    """The student's request still waiting when the center pairs them: its choices are
    withdrawn (the mentor asked now hears it) and the request counts as paired. The
    choices are locked before the request, in the order a mentor's accept takes them."""
    waiting = list(
        Pairing.objects.select_for_update(of=("self",))
        .select_related("mentor__user")
        .filter(
            center=center,
            student=student,
            request__status=PairingRequest.Status.OPEN,
            status__in=(P.QUEUED, P.REQUESTED),
        )
        .order_by("pk")
    )
    request = (
        PairingRequest.objects.select_for_update(of=("self",))
        .filter(center=center, student=student, status=PairingRequest.Status.OPEN)
        .first()
    )
    if request is None:
        return
    name = student.get_full_name()
    _withdraw_choices(
        center,
        actor,
        waiting,
        title=lambda: (
            _("The center paired %(student)s; their request to you is closed") % {"student": name}
        ),
    )
    transition(
        request,
        to=PairingRequest.Status.PAIRED,
        allowed={PairingRequest.Status.OPEN: (PairingRequest.Status.PAIRED,)},
        center=center,
        actor=actor,
        verb="pairing_request.paired_by_center",
    )


@transaction.atomic
def pairing_from_batch(*, center, actor, student, mentor, batch_id: int) -> Pairing:
    """One row of a published batch match: the student is paired with the mentor unless,
    since the batch was drawn, the student was paired, the mentor stopped taking mentees or
    the mentor's places filled up (ValidationError with the code saying which). A request
    of the student still waiting is settled by this pairing."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    if not list(
        Membership.objects.select_for_update(of=("self",)).filter(
            center=center, user=student, role=Role.STUDENT, is_active=True
        )
    ):
        raise ValidationError(_("This person is no longer a student of the center."), "gone")
    if Pairing.objects.filter(center=center, student=student, status=P.ACTIVE).exists():
        raise ValidationError(_("The student already has an active pairing."), "already_paired")
    approval = (
        MentorApproval.objects.filter(center=center, profile=mentor)
        .select_related("profile")
        .first()
    )
    if approval is None or not _askable(center, approval):
        raise ValidationError(_("This mentor does not take mentees now."), "not_available")
    _settle_request_by_center(center, actor, student)
    profile = MentorProfile.objects.select_for_update(of=("self",)).get(pk=mentor.pk)
    if profile.active_mentees >= profile.capacity:
        raise ValidationError(MENTOR_FULL, code="mentor_full")
    return _pair_by_center(
        center,
        actor,
        student,
        profile,
        note="",
        after={"batch": batch_id},
    )
