"""Row makers of the isolation matrix for the mentors app's URLs.

The matrix's positive control signs in a new member in the first role a URL allows: pages
about a mentor or a pairing list coordinators first (they see every row of the center);
the actions on a pairing find it in the center and their service turns a stranger away.
"""

import uuid

from mentors.models import MentorApproval, Pairing
from tests.isolation import Row, row_maker
from tests.mentors.factories import (
    MentorApprovalFactory,
    MentoringSessionFactory,
    MentorProfileFactory,
    PairingFactory,
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
