"""A small world for the projects tests: a center with a coordinator, a published call with
one round and its rubric, two students and three judges (approved mentors who judge)."""

from types import SimpleNamespace

import pytest

from mentorship.models import Role
from tests.mentors.factories import MentorApprovalFactory, MentorProfileFactory
from tests.projects.factories import ProjectCallFactory, RoundFactory
from tests.students.factories import StudentProfileFactory

PROJECT = {
    "title": "茶园直播助农",
    "summary": "用直播帮龙井茶农卖茶。",
    "category": "social_good",
    "stage": "prototype",
    "problem": "茶农缺少销售渠道。",
    "solution": "大学生团队代运营直播间。",
    "market": "杭州周边茶农。",
    "video_url": "",
    "advisor_name": "李老师",
    "advisor_university": "浙江农林大学",
    "publish_consent": True,
}


@pytest.fixture
def world(center, member_factory, unscoped):
    call = ProjectCallFactory(center=center)
    found = RoundFactory(call=call, reviews_per_submission=2, advance_count=1)
    students = [StudentProfileFactory(center=center) for _ in range(2)]
    judges = [
        MentorApprovalFactory(
            center=center,
            profile=MentorProfileFactory(offers_judging=True, organization=org, user__name=name),
        ).profile.user
        for name, org in [("刘强", "阿里云"), ("金晓", "网易"), ("许诺", "海康威视")]
    ]
    return SimpleNamespace(
        center=center,
        call=call,
        round=found,
        students=[p.user for p in students],
        student_profiles=students,
        judges=judges,
        coordinator=member_factory(center, Role.COORDINATOR),
    )
