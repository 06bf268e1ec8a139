"""Demo students: profiles with résumés, applications in every state, and placements —
running, completed and ended early — in Hangzhou and Huangshan.

`seed_students()` runs inside `system_scope()` after the core demo (centers, universities,
accounts) and the bases demo (recognized bases, open positions). Running it again refreshes
dates and states instead of adding rows.

Applications go to the open positions the bases demo published. Placements that are
already under way need positions whose start date has passed, which an open position never
has; those few past positions come from `_past_positions()`, kept apart on purpose.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, F, Q
from django.utils import timezone

from bases.demo import demo_representative
from bases.models import Enterprise, Position, TrainingBase
from bases.validators import credit_code_check_char
from mentorship.models import AuditEntry, Membership, Role, ServiceCenter, University, User
from students.models import Application, CheckIn, Placement, StudentProfile
from students.pdf import simple_pdf
from students.services import applications
from students.services.common import add_months, first_of_month

S = Application.Status
P = Placement.Status
DEMO_PASSWORD = "demo-pass-2026"  # the same password as every other demo account

MAJORS = [
    ("计算机科学与技术", "Computer Science", "Python, Java, SQL, Git"),
    ("软件工程", "Software Engineering", "Java, Spring Boot, MySQL, Linux"),
    ("统计学", "Statistics", "R, Python, SQL, Excel, Tableau"),
    ("电子商务", "E-commerce", "数据分析, 直播运营, Excel, Photoshop"),
    ("自动化", "Automation", "C, PLC, MATLAB, AutoCAD"),
    ("市场营销", "Marketing", "市场调研, 新媒体运营, PowerPoint"),
    ("视觉传达设计", "Visual Communication Design", "Figma, Photoshop, Illustrator"),
    ("英语", "English", "CET-6 600, 翻译, 商务英语写作"),
    ("旅游管理", "Tourism Management", "导游资格证, 活动策划, 英语口语"),
    ("酒店管理", "Hotel Management", "前厅服务, Opera PMS, 英语"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "子涵",
    "欣怡",
    "浩然",
    "雨桐",
    "宇轩",
    "梓萱",
    "思远",
    "佳琪",
    "俊杰",
    "诗雨",
    "博文",
    "可欣",
]

# How many demo students besides the two named demo accounts.
EXTRA_STUDENTS = {"hangzhou": 20, "huangshan": 10}
# Cycled over the applications to open positions: every state appears in both centers.
STATES = [S.SUBMITTED, S.SHORTLISTED, S.INTERVIEW, S.OFFERED, S.DECLINED, S.REJECTED, S.WITHDRAWN]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def seed_students(stdout=None, today=None) -> None:
    """Create or refresh the demo students (call inside system_scope())."""
    today = today or timezone.localdate()
    centers = {c.slug: c for c in ServiceCenter.objects.filter(slug__in=EXTRA_STUDENTS)}
    if not centers:
        _say(stdout, "Demo students skipped: the Hangzhou and Huangshan centers do not exist.")
        return
    password = make_password(DEMO_PASSWORD)  # hashed once, not once per student
    rng = random.Random(2026)
    totals = {"students": 0, "applications": 0, "placements": 0}
    for slug, center in centers.items():
        _ensure_open_positions(center, today)
        students = _students(center, slug, password, rng)
        totals["students"] += len(students)
        cohorts = _past_positions(center, slug, today)
        in_cohort = set()
        for cohort in cohorts:
            members = students[cohort.first : cohort.first + cohort.size]
            in_cohort.update(p.pk for p in members)
            totals["placements"] += _cohort_placements(center, cohort, members, today)
        totals["applications"] += _applications(center, students, in_cohort, rng)
        _recount(center)
    _say(
        stdout,
        "Demo students ready: {students} students, {applications} applications to open "
        "positions, {placements} placements under way or finished.".format(**totals),
    )


# People


def _students(center, slug, password, rng) -> list[StudentProfile]:
    """The named demo student first, then the extra ones; each with a complete profile."""
    universities = list(University.objects.filter(center=center).order_by("pk"))
    if not universities:
        universities = [
            University.objects.create(center=center, name_zh=center.host_institution, name_en="")
        ]
    people = [f"student.{slug}@demo.example"]
    people += [f"student{n:02d}.{slug}@demo.example" for n in range(1, EXTRA_STUDENTS[slug] + 1)]
    profiles = []
    for index, email in enumerate(people):
        user = User.objects.filter(email=email).first()
        if user is None:
            name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 5) % len(GIVEN)]
            user = User.objects.create(email=email, name=name, password=password)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.update_or_create(
            center=center, user=user, role=Role.STUDENT, defaults={"is_active": True}
        )
        major_zh, _major_en, skills = MAJORS[(index + (8 if slug == "huangshan" else 0)) % 10]
        profile, _ = StudentProfile.objects.get_or_create(
            center=center,
            user=user,
            defaults={
                "university": universities[index % len(universities)],
                "major": major_zh,
                "degree": StudentProfile.Degree.MASTER
                if index % 5 == 4
                else StudentProfile.Degree.BACHELOR,
                "graduation_year": 2027 + index % 2,
                "student_number": f"{slug[:2].upper()}2023{index:04d}",
                "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                "skills": skills,
                "verified_at": timezone.now() - timedelta(days=30) if index % 3 else None,
            },
        )
        _ensure_resume(profile, email)
        profiles.append(profile)
    return profiles


def _ensure_resume(profile, email) -> None:
    if profile.resume:
        return
    # A fixed name per student: seeding again reuses the file.
    name = f"private/resumes/demo-{email.split('@')[0]}.pdf"
    if not default_storage.exists(name):
        lines = ["Resume (demo)", email, f"Graduation: {profile.graduation_year}"]
        default_storage.save(name, ContentFile(simple_pdf(lines)))
    profile.resume.name = name
    profile.save(update_fields=["resume"])


# Applications to the open positions of the bases demo


def _applications(center, students, in_cohort, rng) -> int:
    """Each student applies to two or three open positions, and each application is taken
    to its state through the services, so the audit trail and everyone's notifications are
    what real use leaves. The states cycle so that every state shows up; a few offers are
    accepted (their placements start with the position).
    """
    positions = list(
        Position.objects.filter(center=center, status=Position.Status.OPEN)
        .select_related("base__enterprise")
        .order_by("pk")
    )
    if not positions:
        return 0
    created = 0
    turn = 0
    seats = {p.pk: p.openings - p.accepted_count - 1 for p in positions}  # never fill one
    for index, profile in enumerate(students):
        picks = rng.sample(positions, k=min(len(positions), 2 + index % 2))
        if index == 0:
            # The named demo student's offer comes from Alibaba, whose demo representative
            # then hears the answer.
            alibaba = [p for p in positions if p.base.enterprise.name_en.startswith("Alibaba")]
            if alibaba:
                picks = [alibaba[0], *[p for p in picks if p.pk != alibaba[0].pk]][:3]
        busy = Placement.objects.filter(student=profile, status=P.ONGOING).exists()
        for pick_no, position in enumerate(picks):
            if index == 0:
                # The named demo student: an offer to answer (when free to take it) first.
                first = S.SHORTLISTED if busy else S.OFFERED
                state = [first, S.INTERVIEW, S.SUBMITTED][pick_no]
            else:
                state = STATES[turn % len(STATES)]
                turn += 1
                if (
                    pick_no == 0
                    and index % 6 == 5
                    and profile.pk not in in_cohort
                    and seats[position.pk] > 0
                ):
                    state = S.ACCEPTED
            if Application.objects.filter(position=position, student=profile).exists():
                continue
            if state == S.ACCEPTED:
                seats[position.pk] -= 1
            _apply(center, profile, position, state)
            created += 1
    return created


# The enterprise's steps, then the student's, that take a new application to each state.
ENTERPRISE_STEPS = {
    S.SUBMITTED: [],
    S.SHORTLISTED: [applications.application_shortlist],
    S.INTERVIEW: [applications.application_shortlist, applications.application_invite_to_interview],
    S.REJECTED: [applications.application_reject],
}
OFFER_STEPS = [*ENTERPRISE_STEPS[S.INTERVIEW], applications.application_offer]
STUDENT_STEPS = {
    S.OFFERED: [],
    S.ACCEPTED: [applications.application_accept],
    S.DECLINED: [applications.application_decline],
}


def _apply(center, profile, position, state) -> None:
    application = applications.application_submit(
        center=center,
        actor=profile.user,
        position=position,
        cover_letter=_cover_letter(profile, position),
    )
    if state == S.WITHDRAWN:
        applications.application_withdraw(
            center=center, actor=profile.user, application=application
        )
        return
    representative = demo_representative(center, position.base.enterprise)
    for step in ENTERPRISE_STEPS.get(state, OFFER_STEPS):
        application = step(center=center, actor=representative, application=application)
    for step in STUDENT_STEPS.get(state, []):
        step(center=center, actor=profile.user, application=application)


def _cover_letter(profile, position) -> str:
    return (
        f"您好！我是{profile.university}{profile.major}专业的学生，"
        f"对贵公司的“{position.title}”岗位很感兴趣。我掌握 {profile.skills}，"
        "希望能在实习中把所学用到真实项目里。期待您的回复！"
    )


# Placements under way or finished: a few past positions, filled by a cohort of students


@dataclass
class Cohort:
    position: Position
    first: int  # index of the first student in the center's list
    size: int
    finish: str  # "running", "completed" or "one_terminated"


# (center slug, enterprise name_en prefix, title, months, start rule, first, size, finish)
# The start rules are fixed to calendar quarters where the subsidy demo claims those
# quarters, and to today where a placement must be under way or ending soon: whatever the
# day, every state the demo shows exists.
COHORTS = [
    # Fills the quarter before last: Alibaba's approved claim.
    ("hangzhou", "Alibaba", "技术实习生（第一期）", 3, "quarter-2", 9, 2, "completed"),
    # Runs through the whole previous quarter (left for Alibaba to claim: four interns for
    # three months) and on to the end of this one.
    ("hangzhou", "Alibaba", "技术实习生（第二期）", 6, "quarter-1", 1, 4, "running"),
    # Two months in each of the last two quarters: Hikvision's paid and second-approval claims.
    ("hangzhou", "Hangzhou Hik", "研究实习生（第一期）", 4, "quarter-2+1", 5, 3, "completed"),
    ("hangzhou", "Hangzhou Hik", "制造实习生（往期批次）", 3, "quarter-1", 0, 1, "completed"),
    # Ends in ten days (one intern left early): SUPCON's submitted claim of the last quarter.
    ("hangzhou", "SUPCON", "实施实习生（第三期）", 4, "ends_in_10_days", 11, 3, "one_terminated"),
    ("huangshan", "Huangshan Tour", "服务实习生（本期）", 3, "6_weeks_ago", 0, 4, "running"),
]


def quarter_start(today: date, quarters_ago: int = 0) -> date:
    """The first day of the calendar quarter `quarters_ago` quarters before today's."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return add_months(this_quarter, -3 * quarters_ago)


def _start(rule: str, today: date, months: int) -> date:
    if rule.startswith("quarter-"):
        quarters, _, extra_months = rule.removeprefix("quarter-").partition("+")
        return add_months(quarter_start(today, int(quarters)), int(extra_months or 0))
    if rule == "ends_in_10_days":
        return add_months(today + timedelta(days=10), -months)
    return today - timedelta(days=42)  # six weeks ago


def _past_positions(center, slug, today) -> list[Cohort]:
    """Positions whose placements have begun: recruited earlier, now filled."""
    cohorts = []
    for c_slug, prefix, title, months, rule, first, size, finish in COHORTS:
        if c_slug != slug:
            continue
        base = _internship_base(center, prefix, today)
        start = _start(rule, today, months)
        position, _ = Position.objects.update_or_create(
            center=center,
            base=base,
            title=title,
            defaults={
                "description": (
                    "岗位职责：\n在导师带领下参与真实项目，按月提交实习小结。\n\n"
                    "任职要求：\n在校本科生或研究生，每周实习不少于4天。"
                ),
                "department": "校园招聘项目",
                "city": center.city,
                "openings": size,
                "duration_months": months,
                "stipend": Decimal("4000.00"),
                "majors": "",
                "start_date": start,
                "deadline": start - timedelta(days=14),
                "status": Position.Status.FILLED,
                "published_at": timezone.now() - timedelta(days=(today - start).days + 45),
            },
        )
        cohorts.append(Cohort(position=position, first=first, size=size, finish=finish))
    return cohorts


def _internship_base(center, name_prefix, today) -> TrainingBase:
    base = (
        TrainingBase.objects.filter(
            center=center,
            kind=TrainingBase.Kind.INTERNSHIP,
            status=TrainingBase.Status.RECOGNIZED,
            enterprise__name_en__startswith=name_prefix,
        )
        .order_by("pk")
        .first()
    )
    return base or _fallback_base(center, name_prefix, today)


def _cohort_placements(center, cohort, members, today) -> int:
    position = cohort.position
    for n, profile in enumerate(members):
        application, was_created = Application.objects.get_or_create(
            position=position,
            student=profile,
            defaults={"center": center, "status": S.ACCEPTED, "cover_letter": ""},
        )
        # Applied before the deadline, accepted a little after it: dated as it happened.
        applied = timezone.make_aware(
            datetime.combine(position.deadline - timedelta(days=10 + n), time(10))
        )
        Application.objects.filter(pk=application.pk).update(
            status=S.ACCEPTED, created_at=applied, updated_at=applied + timedelta(days=12)
        )
        end = add_months(position.start_date, position.duration_months)
        if cohort.finish == "completed" or (cohort.finish == "running" and end <= today):
            status = P.COMPLETED
        elif cohort.finish == "one_terminated" and n == len(members) - 1:
            status = P.TERMINATED
        else:
            status = P.ONGOING
        placement = _placement(
            center,
            application,
            start=position.start_date,
            months=position.duration_months,
            status=status,
        )
        _check_ins(center, placement, today)
        if was_created:
            _audit(center, profile.user, "placement.created", placement)
    return len(members)


def _placement(center, application, *, start, months, status) -> Placement:
    position = application.position
    end = add_months(start, months)
    values = {
        "center": center,
        "student": application.student,
        "base": position.base,
        "position": position,
        "start_date": start,
        "end_date": end,
        "status": status,
        # Every demo cohort has begun, so each has its workplace supervisor.
        "supervisor_name": "带教导师 陈工",
        "supervisor_phone": "0571-88886666",
        "terminated_on": None,
        "termination_reason": "",
    }
    if status == P.TERMINATED:
        values.update(
            terminated_on=start + timedelta(days=40),
            termination_reason="学生因学校课程安排调整，经双方协商提前结束实习。",
        )
    if status == P.COMPLETED:
        values.update(
            enterprise_rating=5,
            enterprise_evaluation="学习能力强，按时完成课题，沟通主动。",
            student_rating=4,
            student_feedback="导师指导细致，项目真实，收获很大；希望工位再宽敞一些。",
        )
    placement, _ = Placement.objects.update_or_create(application=application, defaults=values)
    return placement


def _check_ins(center, placement, today) -> None:
    """Monthly check-ins for the months already over."""
    last = placement.end_date - timedelta(days=1)
    if placement.terminated_on:
        last = min(last, placement.terminated_on)
    months = []
    month = first_of_month(placement.start_date)
    while month <= first_of_month(min(last, today)) and month < first_of_month(today):
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    placement.check_ins.exclude(month__in=months).delete()
    for number, month in enumerate(months, start=1):
        CheckIn.objects.get_or_create(
            center=center,
            placement=placement,
            month=month,
            defaults={
                "summary": f"第{number}个月：熟悉业务与团队，完成导师布置的任务并参加周会复盘。"
            },
        )


def _recount(center) -> None:
    """Each position's accepted count is its accepted applications, however often this runs."""
    counts = (
        Position.objects.filter(center=center)
        .annotate(n=Count("applications", filter=Q(applications__status=S.ACCEPTED)))
        .exclude(accepted_count=F("n"))
    )
    for position in counts:
        Position.objects.filter(pk=position.pk).update(
            accepted_count=min(position.n, position.openings)
        )


def _audit(center, actor, verb, target) -> None:
    AuditEntry.objects.create(
        center=center,
        actor=actor,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        after={"demo": True},
    )


# Fallbacks, only for running this without the bases demo (it normally provides both)


FALLBACK_ENTERPRISES = {
    "Alibaba": ("91330100MA27XL1A1", "阿里巴巴（中国）有限公司", "Alibaba (China) Co., Ltd."),
    "SUPCON": ("91330100MA27XL1A2", "浙江中控技术股份有限公司", "SUPCON Technology Co., Ltd."),
    "Hangzhou Hik": (
        "91330100MA27XL1A3",
        "杭州海康威视数字技术股份有限公司",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
    ),
    "Huangshan Tour": (
        "91341000MA2N00001",
        "黄山旅游发展股份有限公司",
        "Huangshan Tourism Development Co., Ltd.",
    ),
}


def _fallback_base(center, name_prefix, today) -> TrainingBase:
    code17, name_zh, name_en = FALLBACK_ENTERPRISES[name_prefix]
    enterprise, _ = Enterprise.objects.get_or_create(
        credit_code=code17 + credit_code_check_char(code17),
        defaults={
            "name_zh": name_zh,
            "name_en": name_en,
            "industry": "综合",
            "size": Enterprise.Size.LARGE,
            "address": center.city,
            "contact_name": "人力资源部",
            "contact_phone": "0571-88888888",
        },
    )
    base, _ = TrainingBase.objects.get_or_create(
        center=center,
        enterprise=enterprise,
        kind=TrainingBase.Kind.INTERNSHIP,
        defaults={
            "status": TrainingBase.Status.RECOGNIZED,
            "introduction": "实习生由业务导师带教，参与真实项目。",
            "recognized_from": today - timedelta(days=365),
            "recognized_until": today + timedelta(days=730),
            "decided_at": timezone.now() - timedelta(days=365),
        },
    )
    return base


def _ensure_open_positions(center, today) -> None:
    """Without the bases demo there is nothing to apply to: publish a few positions."""
    if Position.objects.filter(center=center, status=Position.Status.OPEN).exists():
        return
    prefix = "Huangshan Tour" if center.slug == "huangshan" else "Alibaba"
    base = _internship_base(center, prefix, today)
    for n, (title, majors) in enumerate(
        [
            ("数据分析实习生", "统计学,计算机科学与技术"),
            ("运营实习生", ""),
            ("Java 开发实习生", "软件工程"),
        ]
    ):
        start = today + timedelta(days=40 + 7 * n)
        Position.objects.get_or_create(
            center=center,
            base=base,
            title=title,
            defaults={
                "description": "在导师带领下参与真实项目。",
                "city": center.city,
                "openings": 3,
                "duration_months": 3 + n,
                "stipend": Decimal("3500.00"),
                "majors": majors,
                "start_date": start,
                "deadline": start - timedelta(days=10),
                "status": Position.Status.OPEN,
                "published_at": timezone.now() - timedelta(days=2 + n),
            },
        )
