"""Row makers of the isolation matrix for the mentors app's URLs.

The matrix's positive control signs in a new member in the first role a URL allows: pages
about a mentor or a pairing list coordinators first (they see every row of the center);
the actions on a pairing find it in the center and their service turns a stranger away.
"""

import uuid

from mentors.models import MatchBatch, MatchProposal, MentorApproval, Pairing
from tests.factories import UserFactory
from tests.isolation import Row, row_maker
from tests.mentors.factories import (
    ActivityMentorFactory,
    ConsultationSlotFactory,
    FaceToFaceActivityFactory,
    MentorApprovalFactory,
    MentoringSessionFactory,
    MentorProfileFactory,
    PairingFactory,
    QueueTicketFactory,
)


def _secret(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:12]}"


def _approval(center, status=MentorApproval.Status.APPROVED):
    title = _secret("Mentor title")
    approval = MentorApprovalFactory(
        center=center, status=status, profile=MentorProfileFactory(title=title)
    )
    return approval, title


@row_maker("center:mentors:detail")
def _detail(center):
    approval, title = _approval(center, MentorApproval.Status.PENDING)
    return Row({"pk": approval.pk}, secret=title)


@row_maker("center:mentors:approve")
@row_maker("center:mentors:reject")
def _decide(center):
    approval, _title = _approval(center, MentorApproval.Status.PENDING)
    return Row({"pk": approval.pk})


def _pairing(center, status=Pairing.Status.ACTIVE):
    approval, _title = _approval(center)
    reason = _secret("Reason")
    pairing = PairingFactory(
        center=center, mentor=approval.profile, status=status, request__reason=reason
    )
    return pairing, reason


@row_maker("center:mentors:pairing_detail")
def _pairing_detail(center):
    pairing, reason = _pairing(center)
    return Row({"pk": pairing.pk}, secret=reason)


@row_maker("center:mentors:request_withdraw")
@row_maker("center:mentors:pairing_accept")
@row_maker("center:mentors:pairing_decline")
def _pairing_answer(center):
    pairing, _reason = _pairing(center, Pairing.Status.REQUESTED)
    return Row({"pk": pairing.pk})


@row_maker("center:mentors:goal_add")
@row_maker("center:mentors:session_log")
@row_maker("center:mentors:pairing_close")
@row_maker("center:mentors:pairing_summary")
def _pairing_action(center):
    pairing, _reason = _pairing(center)
    return Row({"pk": pairing.pk})


@row_maker("center:mentors:goal_status")
def _goal_status(center):
    pairing, _reason = _pairing(center)
    goal = pairing.goals.create(center=center, title="求职目标")
    return Row({"pk": pairing.pk, "goal_pk": goal.pk})


@row_maker("center:mentors:feedback_give")
def _feedback(center):
    pairing, _reason = _pairing(center)
    session = MentoringSessionFactory(pairing=pairing)
    return Row({"pk": pairing.pk, "session_pk": session.pk})


# Face-to-face activities: the title is the row's secret wherever the page shows it.


def _activity(center):
    title = _secret("Activity")
    activity = FaceToFaceActivityFactory(center=center, title=title)
    ActivityMentorFactory(activity=activity)
    return activity, title


@row_maker("center:mentors:activity")
@row_maker("center:mentors:my_number")
def _activity_page(center):
    activity, title = _activity(center)
    return Row({"pk": activity.pk}, secret=title)


@row_maker("center:mentors:my_number_live")
@row_maker("center:mentors:ticket_leave")
@row_maker("center:mentors:consultation_pair")
@row_maker("center:mentors:slots_publish")
@row_maker("center:mentors:queue_call")
def _activity_action(center):
    activity, _title = _activity(center)
    return Row({"pk": activity.pk})


# The queue pages: a coordinator may watch any mentor's queue; a mentor only their own
# (tests/mentors/test_face_to_face_pages.py).
@row_maker("center:mentors:queue")
def _queue(center):
    activity, title = _activity(center)
    return Row({"pk": activity.pk}, secret=title, role="coordinator")


@row_maker("center:mentors:queue_live")
def _queue_live(center):
    ticket = QueueTicketFactory(
        seat__activity=FaceToFaceActivityFactory(center=center),
        student__name=_secret("Walk-in"),
    )
    return Row({"pk": ticket.activity_id}, secret=ticket.student.name, role="coordinator")


@row_maker("center:mentors:ticket_finish")
def _ticket_finish(center):
    ticket = QueueTicketFactory(seat__activity=FaceToFaceActivityFactory(center=center))
    return Row({"pk": ticket.activity_id, "ticket_pk": ticket.pk})


@row_maker("center:mentors:slot_book")
@row_maker("center:mentors:slot_cancel")
def _slot(center):
    slot = ConsultationSlotFactory(activity__center=center)
    return Row({"pk": slot.pk})


@row_maker("center:mentors:walk_in_take")
def _walk_in_take(center):
    activity, title = _activity(center)
    return Row({"code": activity.door_code}, secret=title)


# Batch matches: the student's name is the row's secret on the review page.


def _batch(center):
    batch = MatchBatch.objects.create(center=center)
    student = UserFactory(name=_secret("Batch student"))
    proposal = MatchProposal.objects.create(center=center, batch=batch, student=student)
    return batch, proposal


@row_maker("center:mentors:batch")
def _batch_page(center):
    batch, proposal = _batch(center)
    return Row({"pk": batch.pk}, secret=proposal.student.name)


@row_maker("center:mentors:batch_publish")
def _batch_publish(center):
    batch, _proposal = _batch(center)
    return Row({"pk": batch.pk})


@row_maker("center:mentors:proposal_change")
@row_maker("center:mentors:proposal_drop")
def _proposal(center):
    batch, proposal = _batch(center)
    return Row({"pk": batch.pk, "proposal_pk": proposal.pk})


@row_maker("center:mentors:slot_outcome")
def _slot_outcome(center):
    slot = ConsultationSlotFactory(activity__center=center)
    return Row({"pk": slot.pk})
