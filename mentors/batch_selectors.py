"""Reads of batch matches: the cohort of waiting students, what the matching needs to know
of them and of the mentors, and the batches with their proposals."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from mentors import matching
from mentors.models import (
    MatchBatch,
    MatchProposal,
    MentorApproval,
    MentorProfile,
    Pairing,
    PairingRequest,
)
from mentors.selectors import askable_mentors, mentor_ratings, settings_of
from mentors.suggestions import interest_words
from mentorship.models import Membership, Role, User
from students.models import StudentProfile

P = Pairing.Status
# The matching reads every mentor the center may propose; far more than a center has.
MAX_MENTORS = 2000


def weights_of(center) -> dict:
    found = settings_of(center)
    return {key: getattr(found, weight) for key, weight, _label in matching.REASONS}


def waiting_students(*, center, university=None, graduation_year=None, major: str = ""):
    """The cohort: the center's active students without an active pairing, narrowed by
    their profile's university, graduation year and major (a part of its name)."""
    members = Membership.objects.filter(center=center, role=Role.STUDENT, is_active=True)
    paired = Pairing.objects.filter(center=center, status=P.ACTIVE).values("student_id")
    rows = User.objects.filter(memberships__in=members).exclude(pk__in=paired)
    if university is not None or graduation_year or major:
        profiles = StudentProfile.objects.filter(center=center)
        if university is not None:
            profiles = profiles.filter(university=university)
        if graduation_year:
            profiles = profiles.filter(graduation_year=graduation_year)
        if major:
            profiles = profiles.filter(major__icontains=major.strip())
        rows = rows.filter(pk__in=profiles.values("user_id"))
    return rows.distinct().order_by("pk")


def _language(user) -> str:
    return "en" if (user.language or "").startswith("en") else "zh"


def students_for_matching(*, center, users) -> list[matching.Student]:
    """Each student's major, interests, language, the mentors their waiting request lists
    and the mentors who declined them or let their request expire."""
    ids = [user.pk for user in users]
    profiles = {
        p.user_id: p
        for p in StudentProfile.objects.filter(center=center, user_id__in=ids).only(
            "user_id", "major", "skills"
        )
    }
    preferred: dict = {}
    for student_id, mentor_id in Pairing.objects.filter(
        center=center,
        student_id__in=ids,
        request__status=PairingRequest.Status.OPEN,
        status__in=(P.QUEUED, P.REQUESTED),
    ).values_list("student_id", "mentor_id"):
        preferred.setdefault(student_id, set()).add(mentor_id)
    refused: dict = {}
    for student_id, mentor_id in Pairing.objects.filter(
        center=center, student_id__in=ids, status__in=(P.DECLINED, P.EXPIRED)
    ).values_list("student_id", "mentor_id"):
        refused.setdefault(student_id, set()).add(mentor_id)
    found = []
    for user in users:
        profile = profiles.get(user.pk)
        found.append(
            matching.Student(
                id=user.pk,
                user_id=user.pk,
                major=profile.major if profile else "",
                interests=tuple(sorted(interest_words(profile.skills))) if profile else (),
                language=_language(user),
                preferred=frozenset(preferred[user.pk]) if user.pk in preferred else None,
                refused=frozenset(refused.get(user.pk, ())),
            )
        )
    return found


def mentors_for_matching(*, center) -> list[matching.Mentor]:
    """The mentors a student may ask, with their places free now and past ratings."""
    approvals = list(askable_mentors(center=center)[:MAX_MENTORS])
    ratings = mentor_ratings(center=center, profile_ids=[a.profile_id for a in approvals])
    return [
        matching.Mentor(
            id=a.profile_id,
            user_id=a.profile.user_id,
            majors=tuple(a.profile.major_list()),
            tags=tuple(a.profile.tags()),
            languages=tuple(a.profile.language_codes()),
            capacity=a.profile.capacity,
            active=a.profile.active_mentees,
            rating=float(ratings[a.profile_id]) if a.profile_id in ratings else None,
        )
        for a in approvals
    ]


def batches_of(*, center):
    return MatchBatch.objects.filter(center=center).annotate(
        proposed=Count("proposals", filter=Q(proposals__mentor__isnull=False)),
        paired=Count("proposals", filter=Q(proposals__outcome=MatchProposal.Outcome.PAIRED)),
    )


def access_batch(*, center, pk) -> MatchBatch:
    return get_object_or_404(
        MatchBatch.objects.filter(center=center).select_related("university", "created_by"),
        pk=pk,
    )


def access_proposal(*, center, batch, pk) -> MatchProposal:
    return get_object_or_404(MatchProposal.objects.filter(center=center, batch=batch), pk=pk)


def proposals_of(batch):
    """Proposed rows first, best score first; then the students without a mentor."""
    return (
        MatchProposal.objects.filter(batch=batch)
        .select_related("student", "mentor__user", "pairing")
        .order_by("-score", "pk")
    )


def places_left(batch, mentors=None) -> dict:
    """Each mentor's places not yet given to a row of this draft: free places now minus the
    rows proposing them."""
    if mentors is None:
        mentors = mentors_for_matching(center=batch.center)
    taken: dict = {}
    for mentor_id in MatchProposal.objects.filter(batch=batch, mentor__isnull=False).values_list(
        "mentor_id", flat=True
    ):
        taken[mentor_id] = taken.get(mentor_id, 0) + 1
    return {m.id: m.free - taken.get(m.id, 0) for m in mentors}


def row_options(proposal, mentors, left, names) -> list:
    """The mentors a row may change to: those the student may have with a place left in
    the batch; the row's own mentor is not listed."""
    student = matching.Student(
        id=proposal.student_id,
        user_id=proposal.student_id,
        preferred=frozenset(proposal.preferred) if proposal.preferred else None,
        refused=frozenset(proposal.refused),
    )
    return [
        names[m.id]
        for m in mentors
        if m.id != proposal.mentor_id
        and left.get(m.id, 0) > 0
        and matching.feasible(student, m)
        and m.id in names
    ]


def mentor_names(mentors) -> dict:
    ids = [m.id for m in mentors]
    return {p.pk: p for p in MentorProfile.objects.filter(pk__in=ids).select_related("user")}


def mentor_of_center(*, center, pk) -> MentorProfile | None:
    """A mentor the center approved, by their profile's id (None for anyone else)."""
    return (
        MentorProfile.objects.filter(
            pk=pk, approvals__center=center, approvals__status=MentorApproval.Status.APPROVED
        )
        .select_related("user")
        .first()
    )
