"""A small world for the mentors tests: a center with a coordinator, a student with a
profile, and three approved mentors."""

from types import SimpleNamespace

import pytest

from mentorship.models import Role
from tests.mentors.factories import MentorApprovalFactory, MentorProfileFactory
from tests.students.factories import StudentProfileFactory


@pytest.fixture
def world(center, member_factory, unscoped):
    profile = StudentProfileFactory(
        center=center, major="计算机科学与技术", skills="数据分析, Python"
    )
    mentors = [
        MentorApprovalFactory(
            center=center,
            profile=MentorProfileFactory(
                title=title, majors=majors, expertise_tags=tags, user__name=name
            ),
        )
        for name, title, majors, tags in [
            ("刘强", "技术总监", "计算机科学与技术", "数据分析,产品设计"),
            ("王芳", "人力资源经理", "工商管理", "招聘,职业规划"),
            ("陈涛", "创业者", "市场营销", "创业,融资"),
        ]
    ]
    return SimpleNamespace(
        center=center,
        student=profile.user,
        student_profile=profile,
        coordinator=member_factory(center, Role.COORDINATOR),
        approvals=mentors,
        mentors=[a.profile.user for a in mentors],
    )
