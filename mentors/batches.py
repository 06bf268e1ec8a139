"""Workflows of batch matches: a coordinator draws a proposal of a mentor for every waiting
student of a cohort, reviews it (changes a row's mentor or drops it) and publishes it, which
pairs each row through the pairing services under the mentor's lock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentors import batch_selectors, matching, services
from mentors.models import MatchBatch, MatchProposal, MentorProfile
from mentorship.audit import audit
from mentorship.links import center_url
from mentorship.models import Role
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.workflow import ensure_transition, transition

B = MatchBatch.Status
BATCH_TRANSITIONS = {B.DRAFT: (B.PUBLISHING,), B.PUBLISHING: (B.PUBLISHED,)}
NOT_A_DRAFT = _("This batch is published: it can no longer be changed.")
# Why a row of a published batch was not paired, by the code of the pairing service's refusal.
OUTCOMES = {
    "mentor_full": MatchProposal.Outcome.MENTOR_FULL,
    "already_paired": MatchProposal.Outcome.ALREADY_PAIRED,
    "not_available": MatchProposal.Outcome.NOT_AVAILABLE,
    "gone": MatchProposal.Outcome.NOT_AVAILABLE,
}


def batch_url(center, batch) -> str:
    return center_url(center, "center:mentors:batch", pk=batch.pk)


def _breakdown(parts) -> list[dict]:
    return [
        {"key": p.key, "weight": p.weight, "value": p.value, "points": p.points, "detail": p.detail}
        for p in parts
    ]


def _coordinator(center, actor) -> None:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)


@transaction.atomic
def batch_create(
    *, center, actor, university=None, graduation_year=None, major: str = ""
) -> MatchBatch:
    """Draw a draft batch for the cohort: the best assignment of its students to the free
    places of the center's mentors, every row with its score's reasons."""
    _coordinator(center, actor)
    if university is not None and university.center_id != center.pk:
        raise ValidationError({"university": _("Choose one of the center's universities.")})
    users = list(
        batch_selectors.waiting_students(
            center=center, university=university, graduation_year=graduation_year, major=major
        )
    )
    if not users:
        raise ValidationError(_("No student of this cohort is waiting for a mentor."))
    students = batch_selectors.students_for_matching(center=center, users=users)
    mentors = batch_selectors.mentors_for_matching(center=center)
    weights = batch_selectors.weights_of(center)
    result = matching.solve(students, mentors, weights)
    batch = MatchBatch.objects.create(
        center=center,
        university=university,
        graduation_year=graduation_year,
        major=major.strip(),
        students=len(students),
        created_by=actor,
    )
    by_id = {m.id: m for m in mentors}
    rows = []
    for student in students:
        mentor_id = result.assigned.get(student.id)
        parts = matching.explain(student, by_id[mentor_id], weights) if mentor_id else []
        rows.append(
            MatchProposal(
                center=center,
                batch=batch,
                student_id=student.id,
                mentor_id=mentor_id,
                score=matching.score_of(parts),
                breakdown=_breakdown(parts),
                preferred=sorted(student.preferred) if student.preferred is not None else [],
                refused=sorted(student.refused),
                unmatched=result.unmatched.get(student.id, ""),
            )
        )
    MatchProposal.objects.bulk_create(rows, batch_size=500)
    audit(
        center=center,
        actor=actor,
        verb="match_batch.created",
        target=batch,
        after={
            "students": len(students),
            "proposed": len(result.assigned),
            "score": result.total,
            "university": university.pk if university else None,
            "graduation_year": graduation_year,
            "major": major.strip(),
        },
    )
    return batch


def _lock_draft(batch) -> MatchBatch:
    batch = MatchBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
    if batch.status != B.DRAFT:
        raise ValidationError(NOT_A_DRAFT, code="not_draft")
    return batch


def _student_of(proposal) -> matching.Student:
    found = batch_selectors.students_for_matching(center=proposal.center, users=[proposal.student])[
        0
    ]
    # The row keeps the preferences the batch was drawn with.
    preferred = frozenset(proposal.preferred) if proposal.preferred else None
    return matching.Student(
        id=found.id,
        user_id=found.user_id,
        major=found.major,
        interests=found.interests,
        language=found.language,
        preferred=preferred,
        refused=frozenset(proposal.refused),
    )


@transaction.atomic
def proposal_change(*, center, actor, proposal, mentor) -> MatchProposal:
    """The coordinator gives a row another mentor: one the student may have (listed by them
    if they listed any) who still has a place not given to another row of the batch."""
    _coordinator(center, actor)
    batch = _lock_draft(proposal.batch)
    proposal = MatchProposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    if mentor.pk == proposal.mentor_id:
        return proposal
    candidates = {m.id: m for m in batch_selectors.mentors_for_matching(center=center)}
    student = _student_of(proposal)
    chosen = candidates.get(mentor.pk)
    if chosen is None or not matching.feasible(student, chosen):
        raise ValidationError(
            {"mentor": _("This mentor cannot take this student.")}, code="not_feasible"
        )
    if batch_selectors.places_left(batch).get(mentor.pk, 0) <= 0:
        raise ValidationError(
            {"mentor": _("Every place of this mentor is given to another row of the batch.")},
            code="no_place",
        )
    parts = matching.explain(student, chosen, batch_selectors.weights_of(center))
    before = {"mentor": proposal.mentor_id, "score": proposal.score}
    proposal.mentor_id = mentor.pk
    proposal.score = matching.score_of(parts)
    proposal.breakdown = _breakdown(parts)
    proposal.unmatched = ""
    proposal.edited = True
    proposal.save()
    audit(
        center=center,
        actor=actor,
        verb="match_proposal.changed",
        target=batch,
        before=before,
        after={"student": proposal.student_id, "mentor": mentor.pk, "score": proposal.score},
    )
    return proposal


@transaction.atomic
def proposal_drop(*, center, actor, proposal) -> MatchProposal:
    """The coordinator leaves a student out of the batch: publishing will not pair them."""
    _coordinator(center, actor)
    batch = _lock_draft(proposal.batch)
    proposal = MatchProposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    before = {"mentor": proposal.mentor_id, "score": proposal.score}
    proposal.mentor = None
    proposal.score = 0
    proposal.breakdown = []
    proposal.unmatched = MatchProposal.Unmatched.DROPPED
    proposal.edited = True
    proposal.save()
    audit(
        center=center,
        actor=actor,
        verb="match_proposal.dropped",
        target=batch,
        before=before,
        after={"student": proposal.student_id},
    )
    return proposal


def batch_publish(*, center, actor, batch) -> MatchBatch:
    """Pair every proposed row. Each row is its own transaction through the pairing service,
    which locks the mentor's row and counts their places again: a mentor whose places
    filled up since the batch was drawn (an accept meanwhile) gets no more than they hold,
    and the row says why it was not paired. Safe to run again after an interruption: rows
    already settled are left alone."""
    with transaction.atomic():
        _coordinator(center, actor)
        batch = MatchBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if batch.status == B.DRAFT:
            transition(
                batch,
                to=B.PUBLISHING,
                allowed=BATCH_TRANSITIONS,
                center=center,
                actor=actor,
                verb="match_batch.publishing",
                changes={"published_by": actor},
            )
        else:
            ensure_transition(batch, to=B.PUBLISHED, allowed=BATCH_TRANSITIONS)
    pending = list(
        MatchProposal.objects.filter(batch=batch, mentor__isnull=False, outcome="")
        .order_by("-score", "pk")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        _publish_row(center, actor, batch, pk)
    with transaction.atomic():
        batch = MatchBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if batch.status != B.PUBLISHING:
            return batch
        outcomes = list(
            MatchProposal.objects.filter(batch=batch, mentor__isnull=False).values_list(
                "outcome", flat=True
            )
        )
        paired = outcomes.count(MatchProposal.Outcome.PAIRED)
        transition(
            batch,
            to=B.PUBLISHED,
            allowed=BATCH_TRANSITIONS,
            center=center,
            actor=actor,
            verb="match_batch.published",
            changes={"published_at": timezone.now()},
            after={"paired": paired, "not_paired": len(outcomes) - paired},
        )
    return batch


def _publish_row(center, actor, batch, pk) -> None:
    with transaction.atomic():
        proposal = (
            MatchProposal.objects.select_for_update(of=("self",))
            .select_related("student")
            .get(pk=pk)
        )
        if proposal.outcome or proposal.mentor_id is None:
            return
        mentor = MentorProfile.objects.get(pk=proposal.mentor_id)
        try:
            with transaction.atomic():
                pairing = services.pairing_from_batch(
                    center=center,
                    actor=actor,
                    student=proposal.student,
                    mentor=mentor,
                    batch_id=batch.pk,
                )
        except ValidationError as refusal:
            proposal.outcome = OUTCOMES.get(refusal.code, MatchProposal.Outcome.NOT_AVAILABLE)
        else:
            proposal.outcome = MatchProposal.Outcome.PAIRED
            proposal.pairing = pairing
        proposal.save(update_fields=["outcome", "pairing"])
