"""The demo mentors: the demo mentor has an approved profile in both centers, two active
pairings with sessions rated by both sides and a request waiting, Hangzhou a draft batch
match; safe to run twice."""

from mentors import face_to_face_selectors as f2f_selectors
from mentors import selectors
from mentors.demo import seed_mentors
from mentors.models import (
    FaceToFaceActivity,
    MatchBatch,
    MentorApproval,
    MentoringSession,
    Pairing,
    QueueTicket,
    SessionFeedback,
)
from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope, system_scope


def snapshot():
    with system_scope():
        return (
            sorted(MentorApproval.objects.values_list("pk", "status")),
            sorted(Pairing.objects.values_list("pk", "status")),
            MentoringSession.objects.count(),
            SessionFeedback.objects.count(),
            MatchBatch.objects.count(),
        )


def test_demo_mentors(demo):
    mentor = User.objects.get(email="mentor.hangzhou@demo.example")
    with system_scope():
        approvals = MentorApproval.objects.filter(profile__user=mentor)
        assert {a.center.slug: a.status for a in approvals} == {
            "hangzhou": "approved",
            "huangshan": "approved",
        }
        pairings = Pairing.objects.filter(mentor__user=mentor)
        assert sorted(p.status for p in pairings) == ["active", "active", "requested"]
        assert mentor.mentor_profile.active_mentees == 2
        for pairing in pairings.filter(status="active"):
            sessions = pairing.sessions.all()
            assert sessions
            for session in sessions:
                assert set(session.feedback.values_list("side", flat=True)) == {
                    "student",
                    "mentor",
                }
        in_huangshan = MentorApproval.objects.filter(center__slug="huangshan", status="approved")
        assert in_huangshan.count() == 3
        assert MentorApproval.objects.filter(center__slug="hangzhou", status="pending").exists()
    hangzhou = ServiceCenter.objects.get(slug="hangzhou")
    student = User.objects.get(email="student.hangzhou@demo.example")
    with center_scope(hangzhou):
        found = selectors.suggestions_for(center=hangzhou, user=student)
        assert found[0].approval.profile.user == mentor
        assert selectors.open_request_of(center=hangzhou, student=student) is None
        # The coordinator's draft batch: the waiting student who asked the demo mentor is
        # proposed him or told that his places went to others; nobody is paired before the
        # batch is published.
        batch = MatchBatch.objects.get(center=hangzhou)
        assert batch.status == MatchBatch.Status.DRAFT
        waiting = batch.proposals.get(student__email="student01.hangzhou@demo.example")
        assert waiting.preferred == [mentor.mentor_profile.pk]
        assert waiting.mentor == mentor.mentor_profile or waiting.unmatched == "taken"
        assert batch.proposals.filter(mentor__isnull=False).count() >= 3
        assert not batch.proposals.filter(student=student, outcome="paired").exists()

    before = snapshot()
    with system_scope():
        seed_mentors()
    assert snapshot() == before


def test_demo_face_to_face_activity(demo):
    hangzhou = ServiceCenter.objects.get(slug="hangzhou")
    mentor = User.objects.get(email="mentor.hangzhou@demo.example")
    student = User.objects.get(email="student.hangzhou@demo.example")
    with center_scope(hangzhou):
        activity = FaceToFaceActivity.objects.get(center=hangzhou)
        slots = list(activity.slots.filter(mentor__user=mentor))
        assert len(slots) == 4
        assert [s.student for s in slots if s.student_id] == [student]
        seat = activity.panel.get(mentor__user=mentor)
        statuses = list(seat.tickets.order_by("number").values_list("status", flat=True))
        assert statuses == ["done", "called", "waiting", "waiting"]
        mine = f2f_selectors.my_tickets(activity=activity, user=student)[0]
        assert mine.standing.is_next
        assert f2f_selectors.reach_of_activity(activity)["students"] >= 1
    with system_scope():
        before = FaceToFaceActivity.objects.count(), QueueTicket.objects.count()
        seed_mentors()
        assert (FaceToFaceActivity.objects.count(), QueueTicket.objects.count()) == before
