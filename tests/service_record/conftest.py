"""A hand-built world of two mentors' service in one center, around the turn of 2025 into
2026 in Beijing's calendar (the suite's clock stands at 31 March 2026), counted by hand:

王导师 in 2025: one pairing begun (late on 31 December, Beijing), one session of 90
minutes, one talk (at 23:00 on 31 December), one student reached.
王导师 in 2026: one pairing begun (00:30 on 1 January, Beijing: still 2025 in UTC), three
sessions of 150 minutes in all, two consultations (a walk-in number finished ten minutes
into the year and a booked slot in March), one talk, three entries scored in two rounds,
three different students reached.
Left out: a number not answered, a slot whose student was missing, a slot still to come, a
cancelled event, a talk still to come, a recusal, an entry not yet scored, and all of it in
another center or of another mentor.
"""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from events.models import Event, Speaker
from mentors.models import ConsultationSlot, Pairing, QueueTicket
from mentorship.models import Role
from projects.models import Assignment
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.mentors.factories import (
    ActivityMentorFactory,
    FaceToFaceActivityFactory,
    MentorApprovalFactory,
    MentoringSessionFactory,
    MentorProfileFactory,
    PairingFactory,
)
from tests.projects.factories import AssignmentFactory, EntryFactory, RoundFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def bj(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def mentor(center, name, language="zh-hans"):
    user = UserFactory(name=name, language=language)
    profile = MentorProfileFactory(user=user, title="技术总监", organization="杭州数智科技有限公司")
    MentorApprovalFactory(center=center, profile=profile)
    return profile


def pairing(center, profile, started, student=None):
    kwargs = {"request__student": student} if student else {}
    return PairingFactory(
        center=center, mentor=profile, status=Pairing.Status.ACTIVE, started_at=started, **kwargs
    )


def session(item, held_on, minutes):
    return MentoringSessionFactory(
        center=item.center, pairing=item, held_on=held_on, duration_minutes=minutes
    )


def talk(center, user, starts, title, status=Event.Status.PUBLISHED):
    event = EventFactory(
        center=center, starts_at=starts, title=f"{title}活动", status=status, kind=Event.Kind.FORUM
    )
    return Speaker.objects.create(center=center, event=event, user=user, talk_title=title)


def scored(center, judge, round_, when, status=Assignment.Status.SCORED):
    entry = EntryFactory(project__current_round=round_, center=center)
    return AssignmentFactory(
        entry=entry,
        center=center,
        judge=judge,
        status=status,
        scored_at=when if status == Assignment.Status.SCORED else None,
    )


@pytest.fixture
def world(center, other_center, member_factory, unscoped):
    wang = mentor(center, "王导师")
    li = mentor(center, "李导师", language="en")
    coordinator = member_factory(center, Role.COORDINATOR)
    s1, s2, s3 = (member_factory(center, Role.STUDENT) for _ in range(3))

    first = pairing(center, wang, bj(2025, 12, 31, 23, 30), student=s1)
    second = pairing(center, wang, bj(2026, 1, 1, 0, 30), student=s2)
    session(first, date(2025, 12, 20), 90)
    session(first, date(2026, 1, 5), 60)
    session(first, date(2026, 2, 10), 45)
    session(second, date(2026, 3, 1), 45)

    activity = FaceToFaceActivityFactory(
        center=center, title="新年导师面对面", starts_at=bj(2025, 12, 31, 20, 0)
    )
    seat = ActivityMentorFactory(activity=activity, center=center, mentor=wang)
    QueueTicket.objects.create(
        center=center,
        activity=activity,
        seat=seat,
        student=s3,
        number=1,
        status=QueueTicket.Status.DONE,
        called_at=bj(2025, 12, 31, 23, 50),
        finished_at=bj(2026, 1, 1, 0, 10),
    )
    QueueTicket.objects.create(
        center=center,
        activity=activity,
        seat=seat,
        student=s2,
        number=2,
        status=QueueTicket.Status.NOT_HERE,
        finished_at=bj(2026, 1, 1, 0, 20),
    )
    spring = FaceToFaceActivityFactory(
        center=center, title="春季导师面对面", starts_at=bj(2026, 3, 20, 9, 0)
    )
    ActivityMentorFactory(activity=spring, center=center, mentor=wang)
    for student, outcome, starts in [
        (s1, ConsultationSlot.Outcome.DONE, bj(2026, 3, 20, 9, 0)),
        (s2, ConsultationSlot.Outcome.NOT_HERE, bj(2026, 3, 20, 9, 30)),
        (s3, ConsultationSlot.Outcome.PENDING, bj(2026, 4, 2, 9, 0)),
    ]:
        ConsultationSlot.objects.create(
            center=center,
            activity=spring,
            mentor=wang,
            student=student,
            starts_at=starts,
            ends_at=starts.replace(minute=starts.minute + 20),
            outcome=outcome,
        )

    talk(center, wang.user, bj(2025, 12, 31, 23, 0), "写给即将毕业的你")
    talk(center, wang.user, bj(2026, 2, 14, 14, 0), "从实习生到技术负责人")
    talk(center, wang.user, bj(2026, 3, 1, 14, 0), "取消的分享", status=Event.Status.CANCELLED)
    talk(center, wang.user, bj(2026, 4, 20, 14, 0), "还没讲的分享")

    first_round = RoundFactory(call__center=center, name="初赛网评")
    second_round = RoundFactory(call=first_round.call, name="复赛路演")
    scored(center, wang.user, first_round, bj(2026, 1, 10, 10, 0))
    scored(center, wang.user, first_round, bj(2026, 1, 10, 11, 0))
    scored(center, wang.user, second_round, bj(2026, 3, 1, 10, 0))
    scored(center, wang.user, second_round, None, status=Assignment.Status.RECUSED)
    scored(center, wang.user, second_round, None, status=Assignment.Status.ASSIGNED)

    # Another mentor's service, and the same mentor's in another center.
    session(pairing(center, li, bj(2026, 2, 1, 9, 0)), date(2026, 2, 2), 600)
    MentorApprovalFactory(center=other_center, profile=wang)
    elsewhere = pairing(other_center, wang, bj(2026, 2, 1, 9, 0))
    session(elsewhere, date(2026, 2, 3), 300)
    talk(other_center, wang.user, bj(2026, 2, 20, 14, 0), "别处的分享")

    return SimpleNamespace(
        center=center,
        other_center=other_center,
        wang=wang.user,
        li=li.user,
        coordinator=coordinator,
        students=(s1, s2, s3),
    )
