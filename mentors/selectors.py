"""Reads of mentors and pairings: who sees which mentor, pairing and session."""

from django.db.models import Avg, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from mentors.models import (
    MentorApproval,
    MentorProfile,
    MentorSettings,
    Pairing,
    PairingRequest,
    SessionFeedback,
)
from mentors.suggestions import score
from mentorship.models import Membership, Role, User
from students.selectors import student_profile_of

# A student's request is open while one of its choices waits; a pairing is live until it ends.
OPEN_STATES = (Pairing.Status.QUEUED, Pairing.Status.REQUESTED)
TAKEN_STATES = (Pairing.Status.ACTIVE,)


def settings_of(center) -> MentorSettings:
    """The center's pairing settings; the defaults until a coordinator saves their own."""
    found = MentorSettings.objects.filter(center=center).first()
    return found or MentorSettings(center=center)


def profile_of(user) -> MentorProfile | None:
    return MentorProfile.objects.filter(user=user).first()


def approval_of(*, center, user) -> MentorApproval | None:
    return (
        MentorApproval.objects.filter(center=center, profile__user=user)
        .select_related("profile")
        .first()
    )


def approved_mentors(*, center, kind: str = "", q: str = "", offer: str = ""):
    """Approved mentors of the center, newest approvals last; filters by kind, a word of
    their tags, title or organization, and what they offer."""
    rows = MentorApproval.objects.filter(
        center=center, status=MentorApproval.Status.APPROVED
    ).select_related("profile__user")
    if kind:
        rows = rows.filter(profile__kind=kind)
    if q:
        rows = rows.filter(
            Q(profile__industry_tags__icontains=q)
            | Q(profile__expertise_tags__icontains=q)
            | Q(profile__majors__icontains=q)
            | Q(profile__title__icontains=q)
            | Q(profile__organization__icontains=q)
            | Q(profile__user__name__icontains=q)
        )
    if offer in ("pairing", "talks", "consultations", "judging"):
        rows = rows.filter(**{f"profile__offers_{offer}": True})
    return rows.order_by("pk")


def approvals_to_review(*, center, status: str = ""):
    rows = MentorApproval.objects.filter(center=center).select_related("profile__user")
    if status in MentorApproval.Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("status", "-pk")


def access_mentor(*, center, roles, pk) -> MentorApproval:
    """A mentor's page: coordinators see every profile that asked for their center, the
    others only approved ones."""
    rows = MentorApproval.objects.filter(center=center).select_related("profile__user")
    if Role.COORDINATOR not in roles:
        rows = rows.filter(status=MentorApproval.Status.APPROVED)
    return get_object_or_404(rows, pk=pk)


def access_approval(*, center, pk) -> MentorApproval:
    return get_object_or_404(
        MentorApproval.objects.filter(center=center).select_related("profile__user"), pk=pk
    )


def has_active_pairing(*, center, student, mentor) -> bool:
    return Pairing.objects.filter(
        center=center, student=student, mentor=mentor, status=Pairing.Status.ACTIVE
    ).exists()


def open_request_of(*, center, student) -> PairingRequest | None:
    return PairingRequest.objects.filter(
        center=center, student=student, status=PairingRequest.Status.OPEN
    ).first()


def active_pairing_of(*, center, student) -> Pairing | None:
    return Pairing.objects.filter(
        center=center, student=student, status=Pairing.Status.ACTIVE
    ).first()


def pairings_for(*, center, user, roles, status: str = ""):
    """Pairings the visitor may read: coordinators all of the center, a mentor theirs
    (from the moment they are asked), a student their own."""
    rows = Pairing.objects.filter(center=center).select_related("student", "mentor__user")
    if Role.COORDINATOR not in roles:
        mine = Q(student=user) if Role.STUDENT in roles else Q(pk__in=[])
        if Role.MENTOR in roles:
            mine |= Q(mentor__user=user) & ~Q(status=Pairing.Status.QUEUED)
        rows = rows.filter(mine)
    if status in Pairing.Status.values:
        rows = rows.filter(status=status)
    reported = SessionFeedback.objects.filter(session__pairing=OuterRef("pk"), working=False)
    return rows.annotate(not_working=Exists(reported)).order_by("-pk")


def access_pairing(*, center, user, roles, pk) -> Pairing:
    rows = pairings_for(center=center, user=user, roles=roles).select_related("request")
    return get_object_or_404(rows, pk=pk)


def access_pairing_in_center(*, center, pk) -> Pairing:
    return get_object_or_404(
        Pairing.objects.filter(center=center).select_related("student", "mentor__user"), pk=pk
    )


def student_by_email(*, center, email: str) -> User | None:
    """The center's student with this address (None for anyone else)."""
    members = Membership.objects.filter(center=center, role=Role.STUDENT, is_active=True)
    return User.objects.filter(email__iexact=email.strip(), memberships__in=members).first()


def mentors_with_places(*, center) -> list:
    """Approved mentors who pair and still have a place: whom a coordinator may assign."""
    return [a for a in askable_mentors(center=center)[:200] if a.profile.free_places > 0]


def side_of(pairing, user) -> str:
    if pairing.student_id == user.pk:
        return "student"
    if pairing.mentor.user_id == user.pk:
        return "mentor"
    return ""


def sessions_with_feedback(pairing):
    return pairing.sessions.select_related("logged_by").prefetch_related("feedback")


def mentor_ratings(*, center, profile_ids) -> dict:
    """Each mentor's average rating by students over their sessions in the center."""
    rows = (
        SessionFeedback.objects.filter(
            center=center,
            side=SessionFeedback.Side.STUDENT,
            session__pairing__mentor_id__in=profile_ids,
        )
        .values("session__pairing__mentor_id")
        .annotate(average=Avg("rating"))
    )
    return {row["session__pairing__mentor_id"]: row["average"] for row in rows}


def _student_language(user) -> str:
    return "en" if (user.language or "").startswith("en") else "zh"


def suggestions_for(*, center, user, limit: int = 10) -> list:
    """Approved mentors with free places who pair, best first, each with its reasons."""
    profile = student_profile_of(center=center, user=user)
    settings = settings_of(center)
    candidates = list(
        approved_mentors(center=center, offer="pairing").filter(profile__accepting=True)[:200]
    )
    candidates = [a for a in candidates if a.profile.free_places > 0]
    ratings = mentor_ratings(center=center, profile_ids=[a.profile_id for a in candidates])
    found = [
        score(
            approval=approval,
            settings=settings,
            student_major=profile.major if profile else "",
            interests=profile.skills if profile else "",
            language=_student_language(user),
            ratings=ratings.get(approval.profile_id),
        )
        for approval in candidates
    ]
    found.sort(key=lambda s: (-s.score, s.approval.pk))
    return found[:limit]


def askable_mentors(*, center):
    """Mentors a student may ask: approved, pairing, accepting."""
    return approved_mentors(center=center, offer="pairing").filter(profile__accepting=True)
