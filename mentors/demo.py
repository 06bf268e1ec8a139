"""Demo mentors and friends in Hangzhou and Huangshan, their approvals, and the pairings of
the demo mentor (mentor.hangzhou@demo.example): two active ones with sessions and feedback
from both sides, and a request still waiting for the mentor's answer; and today's
face-to-face activity (`mentors/demo_face_to_face.py`).

Every step goes through the services at its moment of the demo's past (`mentorship.demo`):
each mentor writes their profile, the center's coordinator approves it, students ask, the
mentor accepts, sessions are logged and rated. Last evening, Hangzhou's coordinator drew a
batch match of the students still waiting for a mentor: it waits as a draft for review.
Running it again adds only what is missing.
"""

from datetime import timedelta

from django.utils import timezone

from mentors import batches, services
from mentors.demo_face_to_face import seed_face_to_face
from mentors.models import MatchBatch, MentorApproval, MentorProfile, Pairing
from mentorship.demo import (
    at,
    days_before,
    demo_coordinator,
    demo_member,
    demo_person,
    register_demo,
)
from mentorship.models import Membership, Role, ServiceCenter, User

DEMO_MENTOR = "mentor.hangzhou@demo.example"
PROFILE_DAY, APPROVED_DAY = 60, 58

PROFILE = {
    "offers_pairing": True,
    "offers_talks": False,
    "offers_consultations": True,
    "offers_judging": False,
    "accepting": True,
    "phone": "",
    "contact_email": "",
    "bio": "",
}

# email, name, centers, approved?, profile
MENTORS = [
    (
        DEMO_MENTOR,
        "刘强",
        ("hangzhou", "huangshan"),
        True,
        {
            "kind": MentorProfile.Kind.MENTOR,
            "title": "技术总监",
            "organization": "阿里云计算有限公司",
            "industry_tags": "互联网,云计算",
            "expertise_tags": "软件开发,Python,Java,职业规划",
            "majors": "计算机科学与技术,软件工程",
            "languages": "zh,en",
            "bio": "在互联网行业工作十五年，带过多届实习生，乐于分享求职与成长经验。",
            "offers_talks": True,
            "offers_judging": True,
            "capacity": 4,
            "phone": "13900571234",
            "contact_email": "liuqiang.mentor@demo.example",
        },
    ),
    (
        "mentor.jin@demo.example",
        "金晓",
        ("hangzhou",),
        True,
        {
            "kind": MentorProfile.Kind.FRIEND,
            "title": "资深人力资源经理",
            "organization": "网易（杭州）网络有限公司",
            "industry_tags": "互联网,游戏",
            "expertise_tags": "招聘,简历,面试",
            "majors": "市场营销,电子商务",
            "bio": "做了十年校园招聘，帮同学们看简历、练面试。",
            "capacity": 3,
        },
    ),
    (
        "mentor.xu@demo.example",
        "许文",
        ("hangzhou",),
        True,
        {
            "kind": MentorProfile.Kind.MENTOR,
            "title": "创始人",
            "organization": "杭州启明智能科技有限公司",
            "industry_tags": "人工智能,创业",
            "expertise_tags": "创业,融资,数据分析",
            "majors": "统计学,自动化",
            "bio": "连续创业者，关注大学生创业项目的早期打磨。",
            "offers_judging": True,
            "capacity": 2,
        },
    ),
    (
        "mentor.sun@demo.example",
        "孙颖",
        ("hangzhou",),
        False,
        {
            "kind": MentorProfile.Kind.FRIEND,
            "title": "客户经理",
            "organization": "杭州银行",
            "industry_tags": "金融",
            "expertise_tags": "金融,职业规划",
            "majors": "金融学,会计学",
            "capacity": 2,
        },
    ),
    (
        "mentor.wang@demo.example",
        "汪林",
        ("huangshan",),
        True,
        {
            "kind": MentorProfile.Kind.FRIEND,
            "title": "人力资源部经理",
            "organization": "黄山旅游发展股份有限公司",
            "industry_tags": "文旅,酒店",
            "expertise_tags": "导游,活动策划,英语",
            "majors": "旅游管理,酒店管理",
            "languages": "zh,en",
            "bio": "在景区和酒店管理一线工作多年，欢迎文旅方向的同学。",
            "capacity": 3,
        },
    ),
    (
        "mentor.hu@demo.example",
        "胡敏",
        ("huangshan",),
        True,
        {
            "kind": MentorProfile.Kind.MENTOR,
            "title": "副教授",
            "organization": "黄山学院",
            "industry_tags": "教育",
            "expertise_tags": "考研,职业规划",
            "majors": "英语,旅游管理",
            "capacity": 2,
        },
    ),
]

# The demo mentor's mentees: student, days ago the request was sent, accepted?, sessions
# (days ago, minutes, mode, topic, notes, next steps, student's rating, mentor's rating).
PAIRINGS = [
    (
        "student02.hangzhou@demo.example",
        40,
        [
            (
                33,
                60,
                "in_person",
                "职业方向梳理",
                "聊了后端与数据方向的区别。",
                "列出三家目标公司。",
                5,
                4,
            ),
            (19, 45, "online", "简历修改", "逐段修改项目经历。", "补充量化成果。", 5, 5),
        ],
    ),
    (
        "student03.hangzhou@demo.example",
        25,
        [
            (17, 30, "phone", "面试准备", "模拟了一轮技术面试。", "复习数据结构。", 4, 4),
        ],
    ),
]
WAITING = ("student01.hangzhou@demo.example", 1)


def seed_mentors(stdout=None, today=None) -> None:
    """Create the demo mentors and pairings that do not exist yet (inside system_scope())."""
    today = today or timezone.localdate()
    centers = {c.slug: c for c in ServiceCenter.objects.filter(slug__in=("hangzhou", "huangshan"))}
    if "hangzhou" not in centers:
        return
    for n, (email, name, slugs, approved, fields) in enumerate(MENTORS):
        _mentor(centers, today, n, email, name, slugs, approved, fields)
    hangzhou = centers["hangzhou"]
    mentor = User.objects.filter(email=DEMO_MENTOR).first()
    approval = MentorApproval.objects.filter(center=hangzhou, profile__user=mentor).first()
    if approval is None:
        return
    for student_email, asked, sessions in PAIRINGS:
        _pairing(hangzhou, today, approval, student_email, asked, sessions)
    _waiting(hangzhou, today, approval, *WAITING)
    _draft_batch(hangzhou, today)
    if stdout:
        stdout.write(f"Mentors: {len(MENTORS)} mentors and friends, {len(PAIRINGS)} pairings.")
    seed_face_to_face(stdout, today)


def _mentor(centers, today, n, email, name, slugs, approved, fields) -> None:
    user = demo_person(email, name)
    for slug in slugs:
        center = centers.get(slug)
        if center is None:
            continue
        with at(days_before(today, PROFILE_DAY + 5, 9, n)):
            demo_member(center, user, Role.MENTOR)
        if not MentorApproval.objects.filter(center=center, profile__user=user).exists():
            with at(days_before(today, PROFILE_DAY, 10, n)):
                services.mentor_profile_save(
                    center=center,
                    actor=user,
                    **{**PROFILE, "languages": "zh", **fields},
                )
        approval = MentorApproval.objects.get(center=center, profile__user=user)
        if approved and approval.status == MentorApproval.Status.PENDING:
            with at(days_before(today, APPROVED_DAY, 11, n)):
                services.mentor_approval_decide(
                    center=center, actor=demo_coordinator(center), approval=approval, approve=True
                )


def _student(center, email):
    user = User.objects.filter(email=email).first()
    if (
        user is None
        or not Membership.objects.filter(center=center, user=user, role=Role.STUDENT).exists()
    ):
        return None
    return user


def _pairing(center, today, approval, student_email, asked, sessions) -> None:
    student = _student(center, student_email)
    if student is None or Pairing.objects.filter(center=center, student=student).exists():
        return
    mentor = approval.profile.user
    with at(days_before(today, asked, 20)):
        request = services.pairing_request(
            center=center,
            actor=student,
            approvals=[approval],
            reason="希望在求职方向和简历上得到前辈的指点。",
        )
    pairing = request.pairings.get()
    with at(days_before(today, asked - 1, 9)):
        pairing = services.pairing_accept(center=center, actor=mentor, pairing=pairing)
        services.goal_add(center=center, actor=student, pairing=pairing, title="明确求职方向")
        services.goal_add(
            center=center, actor=mentor, pairing=pairing, title="完成一份有亮点的简历"
        )
    for days, minutes, mode, topic, notes, next_steps, student_rating, mentor_rating in sessions:
        held = today - timedelta(days=days)
        with at(days_before(today, days, 20)):
            session = services.session_log(
                center=center,
                actor=mentor,
                pairing=pairing,
                held_on=held,
                duration_minutes=minutes,
                mode=mode,
                topic=topic,
                notes=notes,
                next_steps=next_steps,
            )
        with at(days_before(today, days - 1, 12)):
            services.feedback_give(
                center=center,
                actor=student,
                session=session,
                rating=student_rating,
                comment="很有收获。",
                working=True,
            )
            services.feedback_give(
                center=center,
                actor=mentor,
                session=session,
                rating=mentor_rating,
                comment="准备得很认真。",
                working=True,
            )


def _waiting(center, today, approval, student_email, asked) -> None:
    student = _student(center, student_email)
    if student is None or Pairing.objects.filter(center=center, student=student).exists():
        return
    with at(days_before(today, asked, 21)):
        services.pairing_request(
            center=center,
            actor=student,
            approvals=[approval],
            reason="想了解云计算方向的实习机会，也想请教如何准备技术面试。",
        )


def _draft_batch(center, today) -> None:
    """A draft batch match of Hangzhou's waiting students, drawn after the last request."""
    if MatchBatch.objects.filter(center=center).exists():
        return
    with at(days_before(today, WAITING[1], 22)):
        batches.batch_create(center=center, actor=demo_coordinator(center))


register_demo(seed_mentors, order=50)
