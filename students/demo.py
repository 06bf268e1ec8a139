"""Demo students: profiles with résumés, applications in every state, and placements —
running, completed and ended early — in Hangzhou and Huangshan.

`seed_students()` runs inside `system_scope()` after the core demo (centers, universities,
accounts) and the bases demo (recognized bases, open positions). Every workflow step goes
through the services a person's click goes through, at its moment of the demo's past
(`mentorship.demo`): students join their center and are verified by its coordinator;
they apply, the enterprise decides, they answer; placements get their supervisor,
check-ins, reminders, evaluations and their end. So the audit trail and everyone's
notifications are what real use leaves. The students' accounts and their profiles' plain
fields (major, phone, résumé…) are written directly: they are what a person types in, with
no workflow. Running it again leaves what exists as it is and adds what is missing.

Applications go to the open positions the bases demo published. Placements that are
already under way need positions whose start date has passed, which an open position never
has; those few past positions come from `_cohorts()`, kept apart on purpose: their
enterprise posted them months ago and the students' applications ran their course then.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from bases import services as base_services
from bases.demo import demo_base, demo_representative
from bases.models import Position, TrainingBase
from mentorship.demo import (
    at,
    days_before,
    demo_coordinator,
    demo_member,
    moment,
    register_demo,
)
from mentorship.models import Role, ServiceCenter, University, User
from students.demo_scale import last_class
from students.models import Application, Placement, SavedSearch, StudentProfile
from students.pdf import simple_pdf
from students.services import alerts, applications, interviews, placements, student_verify
from students.services.common import add_months, first_of_month

S = Application.Status
P = Placement.Status
DEMO_PASSWORD = "demo-pass-2026"  # the same password as every other demo account
# Days before today when the students join their center, and when the coordinator
# verifies two in three of them.
JOINED, VERIFIED = 365, 30

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
    """Create the demo students and their applications and placements that do not exist
    yet (call inside system_scope())."""
    today = today or timezone.localdate()
    centers = {c.slug: c for c in ServiceCenter.objects.filter(slug__in=EXTRA_STUDENTS)}
    if not centers:
        _say(stdout, "Demo students skipped: the Hangzhou and Huangshan centers do not exist.")
        return
    password = make_password(DEMO_PASSWORD)  # hashed once, not once per student
    rng = random.Random(2026)
    totals = {"students": 0, "applications": 0, "placements": 0}
    for slug, center in centers.items():
        students = _students(center, slug, password, rng, today)
        totals["students"] += len(students)
        _verify(center, students, today)
        in_cohort = set()
        for cohort in _cohorts(center, slug, today):
            members = students[cohort.first : cohort.first + cohort.size]
            in_cohort.update(p.pk for p in members)
            if cohort.recruit:
                _recruit(center, cohort, members, today)
            totals["placements"] += len(members)
        totals["applications"] += _applications(center, students, in_cohort, rng, today)
    _say(
        stdout,
        "Demo students ready: {students} students, {applications} applications to open "
        "positions, {placements} placements under way or finished.".format(**totals),
    )


# People


def _students(center, slug, password, rng, today) -> list[StudentProfile]:
    """The named demo student first, then the extra ones; each a member of the center with
    a complete profile."""
    universities = list(University.objects.filter(center=center).order_by("pk"))
    if not universities:
        universities = [
            University.objects.create(center=center, name_zh=center.host_institution, name_en="")
        ]
    people = [f"student.{slug}@demo.example"]
    people += [f"student{n:02d}.{slug}@demo.example" for n in range(1, EXTRA_STUDENTS[slug] + 1)]
    joined = days_before(today, JOINED, 9)
    profiles = []
    for index, email in enumerate(people):
        # Drawn for every student, new or not, so that a second run draws the same picks.
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        with at(joined + timedelta(minutes=index)):
            user = User.objects.filter(email=email).first()
            if user is None:
                name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 5) % len(GIVEN)]
                user = User.objects.create(email=email, name=name, password=password)
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            demo_member(center, user, Role.STUDENT)
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
                    "phone": phone,
                    "skills": skills,
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


def _verify(center, profiles, today) -> None:
    """The coordinator verifies two students in three (the others wait on the console)."""
    due = [p.pk for index, p in enumerate(profiles) if index % 3 and p.verified_at is None]
    if due:
        with at(days_before(today, VERIFIED)):
            student_verify(center=center, actor=demo_coordinator(center), profile_ids=due)


# Applications to the open positions of the bases demo


def _applications(center, students, in_cohort, rng, today) -> int:
    """Each student applies to two or three open positions, and each application is taken
    to its state yesterday. The states cycle so that every state shows up; a few offers are
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
    morning = days_before(today, 1, 8)
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
            _apply(center, profile, position, state, morning + timedelta(minutes=2 * created))
            created += 1
    return created


def _propose_interview(*, center, actor, application) -> Application:
    """Two interview times at the workplace, two and three days on, for the student to pick."""
    day = timezone.localdate() + timedelta(days=2)
    zone = timezone.get_current_timezone()
    starts = [
        datetime.combine(day, time(10), tzinfo=zone),
        datetime.combine(day + timedelta(days=1), time(14, 30), tzinfo=zone),
    ]
    position = application.position
    interviews.interview_propose(
        center=center,
        actor=actor,
        application=application,
        mode="in_person",
        place=position.location or position.city,
        starts=starts,
        note="请携带简历和学生证，提前十分钟到前台登记。",
    )
    return Application.objects.get(pk=application.pk)


# The enterprise's steps, then the student's, that take a new application to each state.
ENTERPRISE_STEPS = {
    S.SUBMITTED: [],
    S.SHORTLISTED: [applications.application_shortlist],
    S.INTERVIEW: [applications.application_shortlist, _propose_interview],
    S.REJECTED: [applications.application_reject],
}
OFFER_STEPS = [
    applications.application_shortlist,
    applications.application_invite_to_interview,
    applications.application_offer,
]
STUDENT_STEPS = {
    S.OFFERED: [],
    S.ACCEPTED: [applications.application_accept],
    S.DECLINED: [applications.application_decline],
}


def _apply(center, profile, position, state, when) -> None:
    """Apply at `when`; the enterprise answers four hours later, the student four more."""
    with at(when):
        application = applications.application_submit(
            center=center,
            actor=profile.user,
            position=position,
            cover_letter=_cover_letter(profile, position),
        )
    if state == S.WITHDRAWN:
        with at(when + timedelta(hours=8)):
            applications.application_withdraw(
                center=center, actor=profile.user, application=application
            )
        return
    representative = demo_representative(center, position.base.enterprise)
    for n, step in enumerate(ENTERPRISE_STEPS.get(state, OFFER_STEPS)):
        with at(when + timedelta(hours=4, minutes=10 * n)):
            application = step(center=center, actor=representative, application=application)
    for step in STUDENT_STEPS.get(state, []):
        with at(when + timedelta(hours=8)):
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
    recruit: bool  # the position is new: its students are still to apply and be placed


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


def _cohorts(center, slug, today) -> list[Cohort]:
    """Positions whose placements have begun: posted months ago, now filled."""
    cohorts = []
    for c_slug, prefix, title, months, rule, first, size, finish in COHORTS:
        if c_slug != slug:
            continue
        base = _internship_base(center, prefix, today)
        position = Position.objects.filter(base=base, title=title).first()
        recruit = position is None
        if recruit:
            position = _post(center, base, title, months, size, _start(rule, today, months))
        cohorts.append(Cohort(position, first, size, finish, recruit))
    return cohorts


def _post(center, base, title, months, size, start) -> Position:
    """The enterprise posts the position six weeks before its application deadline."""
    with at(moment(start - timedelta(days=45))):
        act = {"center": center, "actor": demo_representative(center, base.enterprise)}
        position = base_services.position_create(
            **act,
            base=base,
            title=title,
            description=(
                "岗位职责：\n在导师带领下参与真实项目，按月提交实习小结。\n\n"
                "任职要求：\n在校本科生或研究生，每周实习不少于4天。"
            ),
            department="校园招聘项目",
            city=center.city,
            openings=size,
            duration_months=months,
            stipend=Decimal("4000.00"),
            majors="",
            start_date=start,
            deadline=start - timedelta(days=14),
        )
        return base_services.position_publish(**act, position=position)


# Where the students demo runs without the bases demo, it makes the bases it needs the way
# the bases demo does.
BASE_KEYS = {
    "Alibaba": "alibaba",
    "SUPCON": "supcon",
    "Hangzhou Hik": "hikvision",
    "Huangshan Tour": "huangshan_tourism",
}


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
    return base or demo_base(center, BASE_KEYS[name_prefix], today)


def _recruit(center, cohort, members, today) -> None:
    """Each member applies before the deadline and accepts the offer a little after it;
    then their placement runs its course."""
    position = cohort.position
    representative = demo_representative(center, position.base.enterprise)
    placed = []
    for n, profile in enumerate(members):
        applied = moment(position.deadline - timedelta(days=10 + n))
        with at(applied):
            application = applications.application_submit(
                center=center,
                actor=profile.user,
                position=position,
                cover_letter=_cover_letter(profile, position),
            )
        for days, step in zip((3, 6, 10), OFFER_STEPS, strict=True):
            with at(applied + timedelta(days=days, hours=4)):
                application = step(center=center, actor=representative, application=application)
        with at(applied + timedelta(days=12)):
            placed.append(
                applications.application_accept(
                    center=center, actor=profile.user, application=application
                )
            )
    for n, placement in enumerate(placed):
        if cohort.finish == "one_terminated" and n == len(placed) - 1:
            ending = P.TERMINATED
        elif cohort.finish == "completed" or placement.end_date <= today:
            ending = P.COMPLETED
        else:
            ending = P.ONGOING
        _run(center, placement, representative, ending, today)


def _run(center, placement, representative, ending, today) -> None:
    """A placement from its first day: the supervisor, the monthly check-ins of the months
    already over, the reminder two weeks before the end, and its end (if it has come)."""
    student = placement.student.user
    by_enterprise = {"center": center, "actor": representative}
    with at(moment(placement.start_date, 9)):
        placement = placements.placement_set_supervisor(
            **by_enterprise,
            placement=placement,
            name="带教导师 陈工",
            phone="0571-88886666",
        )
    if ending == P.TERMINATED:
        on = placement.start_date + timedelta(days=40)
        with at(moment(on, 16)):
            placement = placements.placement_terminate(
                **by_enterprise,
                placement=placement,
                terminated_on=on,
                reason="学生因学校课程安排调整，经双方协商提前结束实习。",
            )
    last = placement.terminated_on or placement.last_day
    months = [m for m in placements.check_in_months(placement, today) if m < first_of_month(today)]
    for number, month in enumerate(months, start=1):
        with at(moment(min(_month_end(month), last), 12)):
            placements.placement_check_in(
                center=center,
                actor=student,
                placement=placement,
                month=month,
                summary=f"第{number}个月：熟悉业务与团队，完成导师布置的任务并参加周会复盘。",
            )
    reminder = placement.end_date - placements.ENDING_WINDOW
    if ending != P.TERMINATED and reminder < today:
        with at(moment(reminder, 8)):
            placements.placement_send_ending_reminders(center=center, today=reminder)
    if ending != P.COMPLETED:
        return
    with at(moment(placement.last_day, 15)):
        placements.placement_evaluate(
            **by_enterprise,
            placement=placement,
            rating=5,
            text="学习能力强，按时完成课题，沟通主动。",
        )
    with at(moment(placement.last_day, 17)):
        placements.placement_complete(**by_enterprise, placement=placement)
    with at(moment(placement.last_day, 20)):
        placements.placement_give_feedback(
            center=center,
            actor=student,
            placement=placement,
            rating=4,
            text="导师指导细致，项目真实，收获很大；希望工位再宽敞一些。",
        )


def _month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


# Searches the demo students keep: (name, filters, alert). Their digests start from the
# next run of the beat task, so the demo's own day sends none.
SAVED_SEARCHES = {
    "hangzhou": [
        ("杭州数据分析", {"q": "数据", "city": "杭州"}, SavedSearch.Alert.DAILY),
        ("月薪四千以上", {"min_stipend": Decimal("4000")}, SavedSearch.Alert.WEEKLY),
    ],
    "huangshan": [("旅游与酒店", {"q": "旅游"}, SavedSearch.Alert.WEEKLY)],
}


def seed_saved_searches(stdout=None, today=None) -> None:
    """The main demo students' saved searches, saved through the service three weeks ago."""
    today = today or timezone.localdate()
    made = 0
    for slug, searches in SAVED_SEARCHES.items():
        center = ServiceCenter.objects.filter(slug=slug).first()
        user = User.objects.filter(email=f"student.{slug}@demo.example").first()
        if center is None or user is None:
            continue
        kept = set(
            SavedSearch.objects.filter(center=center, user=user).values_list("name", flat=True)
        )
        for name, filters, alert in searches:
            if name in kept:
                continue
            with at(days_before(today, 21, hour=21)):
                alerts.saved_search_create(
                    center=center, actor=user, name=name, filters=filters, alert=alert
                )
            made += 1
    _say(stdout, f"Demo saved searches ready: {made} added.")


# Hangzhou's graduates of the latest class, who get the destination survey (`outcomes.demo`).
GRADUATES = 6
GRADUATE_NAMES = ["沈嘉怡", "韩子轩", "邵雨萱", "曹一鸣", "潘思琪", "袁浩然"]


def seed_graduates(stdout=None, today=None) -> None:
    """Hangzhou's students of the class that graduated last (on 1 July), verified members
    since a year ago (call inside system_scope())."""
    today = today or timezone.localdate()
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    if center is None:
        return
    year = last_class(today)
    # A year before today: before their graduation day, after the center opened.
    joined = days_before(today, JOINED, 9)
    universities = list(University.objects.filter(center=center).order_by("pk"))
    password = make_password(DEMO_PASSWORD)
    made = []
    for index in range(GRADUATES):
        email = f"graduate{index + 1:02d}.hangzhou@demo.example"
        with at(joined + timedelta(minutes=index)):
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create(
                    email=email, name=GRADUATE_NAMES[index], password=password
                )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            demo_member(center, user, Role.STUDENT)
            major_zh, _major_en, skills = MAJORS[index % len(MAJORS)]
            profile, _ = StudentProfile.objects.get_or_create(
                center=center,
                user=user,
                defaults={
                    "university": universities[index % len(universities)] if universities else None,
                    "major": major_zh,
                    "degree": StudentProfile.Degree.BACHELOR,
                    "graduation_year": year,
                    "student_number": f"HG{year}{index:04d}",
                    "phone": f"1390000{index:04d}",
                    "skills": skills,
                },
            )
            _ensure_resume(profile, email)
        made.append(profile)
    due = [p.pk for p in made if p.verified_at is None]
    if due:
        with at(joined + timedelta(days=2)):
            student_verify(center=center, actor=demo_coordinator(center), profile_ids=due)
    _say(stdout, f"Graduates: {len(made)} students of Hangzhou's class of {year}.")


register_demo(seed_students, order=20)
register_demo(seed_graduates, order=22)
register_demo(seed_saved_searches, order=21)
