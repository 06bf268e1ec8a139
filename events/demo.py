"""Demo events: the launch ceremony, the Mentors and Friends Forum, lectures, a fair.

Each event is drafted and published by the center's coordinator through the services, ten
days before today (`mentorship.demo`), so the audit trail shows who announced it.
Running it again leaves the events that exist as they are.
"""

from datetime import timedelta

from django.utils import timezone

from bases.demo import demo_representative
from bases.models import TrainingBase
from events.models import Event, Speaker
from events.services import (
    booth_apply,
    booth_decide,
    booth_visit,
    boothable_positions,
    co_organizers_set,
    door_check_in,
    event_publish,
    event_save,
    fair_apply,
    host_set,
    registration_create,
    review_leave,
    session_save,
    speaker_add,
)
from mentorship.demo import at, days_before, demo_coordinator, moment, register_demo
from mentorship.models import Membership, Role, ServiceCenter, University, User
from students.models import Application, StudentProfile
from students.services import position_takes_applications

K = Event.Kind

# center slug, days from today, start hour, hours long, kind, title, place, places, text
EVENTS = [
    (
        "hangzhou",
        5,
        14,
        3,
        K.CEREMONY,
        "第七届大学生就业创业导师制启动仪式暨首届职业生涯共创节",
        "浙江财经大学下沙校区",
        1000,
        "杭州市人力资源和社会保障局主办，杭州市就业服务中心、浙江财经大学承办。",
    ),
    (
        "hangzhou",
        5,
        17,
        2,
        K.FORUM,
        "导师导友论坛",
        "浙江财经大学下沙校区大礼堂",
        1000,
        "五位优秀“导师”“导友”以TED演讲形式分享就业创业主题。",
    ),
    (
        "hangzhou",
        9,
        19,
        2,
        K.LECTURE,
        "如何写好第一份简历",
        "浙江大学紫金港校区东1A-201",
        200,
        "资深HR逐段点评简历，现场答疑。",
    ),
    (
        "hangzhou",
        12,
        9,
        6,
        K.FAIR,
        "杭州市大学生综合招聘会（冬季）",
        "杭州国际博览中心",
        5000,
        "200余家企业提供实习与就业岗位，联合高校共同举办。",
    ),
    (
        "hangzhou",
        15,
        14,
        3,
        K.TUTOR,
        "“面对面”导师咨询日",
        "杭州电子科技大学大学生活动中心",
        150,
        "导师一对一职业咨询，每人20分钟，请提前预约。",
    ),
    (
        "hangzhou",
        20,
        14,
        2,
        K.VISIT,
        "走进阿里巴巴：职场体验日",
        "阿里巴巴西溪园区",
        60,
        "参观园区，与技术团队交流，了解实习生成长路径。",
    ),
    (
        "huangshan",
        8,
        15,
        2,
        K.LECTURE,
        "文旅行业的就业机会",
        "黄山学院图书馆报告厅",
        300,
        "黄山旅游发展股份有限公司人力资源部分享。",
    ),
    (
        "huangshan",
        18,
        9,
        5,
        K.ROADSHOW,
        "“你的点子”创业项目路演",
        "黄山学院创新创业中心",
        120,
        "学生团队路演，导师现场评审。",
    ),
]


def seed_events(stdout=None, today=None) -> None:
    """Create the demo events that do not exist yet (call inside system_scope())."""
    centers = {c.slug: c for c in ServiceCenter.objects.filter(slug__in={e[0] for e in EVENTS})}
    today = today or timezone.localdate()
    announced = days_before(today, 10, 9)
    for n, (slug, days, hour, hours, kind, title, place, places, text) in enumerate(EVENTS):
        center = centers.get(slug)
        if center is None or Event.objects.filter(center=center, title=title).exists():
            continue
        starts = moment(today + timedelta(days=days), hour)
        with at(announced + timedelta(minutes=20 * n)):
            act = {"center": center, "actor": demo_coordinator(center)}
            event = event_save(
                **act,
                kind=kind,
                title=title,
                description=text,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                location=place,
                capacity=places,
            )
            event_publish(**act, event=event)
    if stdout:
        stdout.write(f"Events: {len(EVENTS)} published.")


register_demo(seed_events, order=40)


# Seats of the demo: an upcoming workshop that is full with people waiting (the Hangzhou
# demo student among them), and a past lecture with its registrations, check-ins at the
# door and reviews. The students are the students app's demo students of Hangzhou.
WORKSHOP = ("面试技巧工作坊", "浙江工业大学屏峰校区学生活动中心 302", 6)
PAST_LECTURE = ("职业生涯规划讲座：从校园到职场", "杭州电子科技大学下沙校区第一报告厅", 30)
REVIEWS = [
    (5, "讲得很实在，对我找实习帮助很大。"),
    (4, "案例丰富，希望下次多留一点提问时间。"),
    (5, ""),
    (4, "PPT 能分享就更好了。"),
    (3, "内容偏基础。"),
    (5, "导师很耐心，收获很多。"),
]


def _hangzhou_students(center) -> list:
    emails = [f"student{n:02d}.hangzhou@demo.example" for n in range(1, 21)]
    found = {u.email: u for u in User.objects.filter(email__in=emails)}
    students = [found[e] for e in emails if e in found]
    return [u for u in students if Membership.objects.filter(center=center, user=u).exists()]


def _publish(center, title, place, places, starts, hours, announced) -> Event:
    with at(announced):
        act = {"center": center, "actor": demo_coordinator(center)}
        event = event_save(
            **act,
            kind=Event.Kind.LECTURE,
            title=title,
            description="杭州市就业服务中心联合高校举办，欢迎在校学生报名参加。",
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            location=place,
            capacity=places,
        )
        return event_publish(**act, event=event)


def seed_event_seats(stdout=None, today=None) -> None:
    """Registrations, a waitlist, check-ins and reviews (call inside system_scope())."""
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    if center is None:
        return
    students = _hangzhou_students(center)
    named = User.objects.filter(email="student.hangzhou@demo.example").first()
    if len(students) < 20 or named is None:
        return
    today = today or timezone.localdate()
    coordinator = demo_coordinator(center)

    title, place, places = WORKSHOP
    if not Event.objects.filter(center=center, title=title).exists():
        event = _publish(
            center,
            title,
            place,
            places,
            moment(today + timedelta(days=3), 19),
            2,
            days_before(today, 8, 9),
        )
        line = [*students[:8], named]
        for n, person in enumerate(line):
            with at(days_before(today, 7, 10, 5 * n)):
                registration_create(center=center, actor=person, event=event)

    title, place, places = PAST_LECTURE
    if not Event.objects.filter(center=center, title=title).exists():
        starts = moment(today - timedelta(days=14), 14)
        event = _publish(center, title, place, places, starts, 2, days_before(today, 30, 9))
        attendees = students[8:20]
        registrations = []
        for n, person in enumerate(attendees):
            with at(days_before(today, 25 - n // 4, 11) + timedelta(minutes=7 * n)):
                registrations.append(registration_create(center=center, actor=person, event=event))
        # Ten of twelve came; the first scan of one ticket is pressed twice at the door.
        for n, registration in enumerate(registrations[:10]):
            with at(starts - timedelta(minutes=25 - 2 * n)):
                door_check_in(
                    center=center,
                    actor=coordinator,
                    event=event,
                    code=registration.ticket_code,
                    gate="东门",
                )
        with at(starts - timedelta(minutes=24)):
            door_check_in(
                center=center,
                actor=coordinator,
                event=event,
                code=registrations[0].ticket_code,
                gate="东门",
            )
        for n, (rating, comment) in enumerate(REVIEWS):
            with at(starts + timedelta(hours=3, minutes=10 * n)):
                review_leave(
                    center=center,
                    actor=attendees[n],
                    event=event,
                    rating=rating,
                    comment=comment,
                )
    if stdout:
        stdout.write("Event seats: a full workshop with its waitlist, a past lecture attended.")


register_demo(seed_event_seats, order=45)


# A training held over three evenings: people register per session, each with its own
# places; the second evening's small lab is full with two waiting, the Hangzhou demo student
# holds seats at the first two.
TRAINING = (
    "数据分析实训营（三讲）",
    "浙江大学玉泉校区教三 201",
    60,
    "三个晚上，从数据清洗到可视化再到求职作品集；每讲单独报名，名额各自计算。",
)
TRAINING_SESSIONS = [
    (6, "第一讲：用 Python 清洗数据", 30),
    (8, "第二讲：可视化上机实验", 6),
    (10, "第三讲：把分析做成作品集", 24),
]


def seed_training(stdout=None, today=None) -> None:
    """The multi-session training and its first registrations (inside system_scope())."""
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    if center is None or Event.objects.filter(center=center, title=TRAINING[0]).exists():
        return
    students = _hangzhou_students(center)
    named = User.objects.filter(email="student.hangzhou@demo.example").first()
    if len(students) < 8 or named is None:
        return
    today = today or timezone.localdate()
    title, place, places, text = TRAINING
    act = {"center": center, "actor": demo_coordinator(center)}
    first_day, last_day = TRAINING_SESSIONS[0][0], TRAINING_SESSIONS[-1][0]
    with at(days_before(today, 6, 9)):
        event = event_save(
            **act,
            kind=K.LECTURE,
            title=title,
            description=text,
            starts_at=moment(today + timedelta(days=first_day), 19),
            ends_at=moment(today + timedelta(days=last_day), 21),
            location=place,
            capacity=places,
        )
        sessions = [
            session_save(
                **act,
                event=event,
                title=session_title,
                starts_at=moment(today + timedelta(days=day), 19),
                ends_at=moment(today + timedelta(days=day), 21),
                capacity=seats,
            )
            for day, session_title, seats in TRAINING_SESSIONS
        ]
        event = event_publish(**act, event=event)
    line = [named, *students[:7]]
    for n, person in enumerate(line):
        with at(days_before(today, 5, 10, 7 * n)):
            registration_create(center=center, actor=person, event=event, session=sessions[1])
            if n < 5:
                registration_create(center=center, actor=person, event=event, session=sessions[0])
    if stdout:
        stdout.write("Training: three sessions, the lab session full with two waiting.")


register_demo(seed_training, order=47)


# The fair season of Hangzhou: a past spring fair where recognized bases took booths,
# students came through the door, applied from the booths and reviewed the fair; the
# Alibaba workplace-experience visit hosted by its base; the forum's mentor speakers.
SPRING_FAIR = (
    "杭州市大学生春季双选会",
    "杭州国际博览中心 1 号馆",
    3000,
    "杭州市就业服务中心联合浙江大学、浙江工业大学举办，认定实习基地现场招聘实习生。",
)
BOOTH_OPENINGS = [("A1", 20), ("A2", 12), ("B1", 8), ("B2", 6)]
FAIR_REVIEWS = [(5, "展位很多，当场投了两份简历。"), (4, "人有点多，建议分时段入场。"), (5, "")]
TALKS = ["从实习生到技术负责人", "创业路上的三次转折", "写给即将毕业的你"]


def _applicable_students(center, students, positions):
    profiles = {p.user_id: p for p in StudentProfile.objects.filter(center=center)}
    ready = []
    for user in students:
        profile = profiles.get(user.pk)
        if profile is None or profile.missing_fields:
            continue
        taken = set(
            Application.objects.filter(student=profile, position__in=positions).values_list(
                "position_id", flat=True
            )
        )
        ready.append((user, taken))
    return ready


def _seed_spring_fair(center, today, students):
    title, place, places, text = SPRING_FAIR
    if Event.objects.filter(center=center, title=title).exists():
        return
    coordinator = demo_coordinator(center)
    starts = moment(today - timedelta(days=3), 9)
    with at(days_before(today, 20, 9)):
        act = {"center": center, "actor": coordinator}
        fair = event_save(
            **act,
            kind=K.FAIR,
            title=title,
            description=text,
            starts_at=starts,
            ends_at=starts + timedelta(hours=5),
            location=place,
            capacity=places,
        )
        fair = event_publish(**act, event=fair)
        universities = list(University.objects.filter(center=center).order_by("pk")[:2])
        co_organizers_set(**act, event=fair, universities=universities)
    asked_on = today - timedelta(days=10)
    bases = [
        base
        for base in TrainingBase.objects.filter(
            center=center, kind=TrainingBase.Kind.INTERNSHIP, status=TrainingBase.Status.RECOGNIZED
        )
        .select_related("enterprise")
        .order_by("pk")
        if base.recognition_valid_on(asked_on)
    ]
    # Alibaba first: it takes booth A1.
    bases.sort(key=lambda base: "阿里巴巴" not in base.enterprise.name_zh)
    booths = []
    for n, (base, (number, openings)) in enumerate(zip(bases, BOOTH_OPENINGS, strict=False)):
        representative = demo_representative(center, base.enterprise)
        with at(days_before(today, 10 - n, 10)):
            positions = list(
                boothable_positions(center=center, enterprise_ids=[base.enterprise_id]).filter(
                    published_at__lte=timezone.now()
                )[:3]
            )
            booth = booth_apply(
                center=center,
                actor=representative,
                event=fair,
                enterprise=base.enterprise,
                positions=positions,
                openings=openings,
            )
        with at(days_before(today, 6, 15, 10 * n)):
            booths.append(
                booth_decide(
                    center=center, actor=coordinator, booth=booth, approve=True, number=number
                )
            )
    attendees = students[:12]
    registrations = []
    for n, person in enumerate(attendees):
        with at(days_before(today, 9 - n // 3, 20) + timedelta(minutes=9 * n)):
            registrations.append(registration_create(center=center, actor=person, event=fair))
    for n, registration in enumerate(registrations[:9]):
        with at(starts + timedelta(minutes=3 * n)):
            door_check_in(
                center=center,
                actor=coordinator,
                event=fair,
                code=registration.ticket_code,
                gate="南门",
            )
    # Those who came walked the booths; some applied on the spot.
    came = attendees[:9]
    booth_positions = {booth.pk: list(booth.positions.all()) for booth in booths}
    every_position = [p for listed in booth_positions.values() for p in listed]
    ready = _applicable_students(center, came, every_position)
    for n, (person, taken) in enumerate(ready):
        booth = booths[n % len(booths)] if booths else None
        if booth is None:
            break
        with at(starts + timedelta(hours=1, minutes=6 * n)):
            booth_visit(center=center, user=person, booth=booth)
            free = [p for p in booth_positions[booth.pk] if p.pk not in taken]
            if free and n % 3 != 2 and position_takes_applications(free[0]):
                fair_apply(
                    center=center,
                    actor=person,
                    booth=booth,
                    position=free[0],
                    cover_letter="在春季双选会展位上与招聘负责人交流过，希望获得实习机会。",
                )
    for n, (rating, comment) in enumerate(FAIR_REVIEWS):
        with at(starts + timedelta(hours=7, minutes=15 * n)):
            review_leave(center=center, actor=came[n], event=fair, rating=rating, comment=comment)


def _seed_visit_host_and_speakers(center, today):
    coordinator = demo_coordinator(center)
    act = {"center": center, "actor": coordinator}
    visit = Event.objects.filter(center=center, kind=K.VISIT, host_base__isnull=True).first()
    host = (
        TrainingBase.objects.filter(
            center=center,
            kind=TrainingBase.Kind.WORKPLACE,
            status=TrainingBase.Status.RECOGNIZED,
            enterprise__name_zh__contains="阿里巴巴",
        )
        .order_by("pk")
        .first()
    )
    if visit is not None and host is not None:
        with at(days_before(today, 9, 10)):
            host_set(**act, event=visit, base=host)
    forum = Event.objects.filter(center=center, kind=K.FORUM).order_by("pk").first()
    if forum is None or Speaker.objects.filter(event=forum).exists():
        return
    mentors = User.objects.filter(
        memberships__center=center, memberships__role=Role.MENTOR, memberships__is_active=True
    ).order_by("pk")[: len(TALKS)]
    for n, (mentor, talk) in enumerate(zip(mentors, TALKS, strict=False)):
        with at(days_before(today, 9, 11, 5 * n)):
            speaker_add(**act, event=forum, user=mentor, talk_title=talk)


def seed_fairs(stdout=None, today=None) -> None:
    """The spring fair, the visit's host and the forum's speakers (inside system_scope())."""
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    if center is None:
        return
    today = today or timezone.localdate()
    students = _hangzhou_students(center)
    if len(students) >= 12:
        _seed_spring_fair(center, today, students[8:20])
    _seed_visit_host_and_speakers(center, today)
    if stdout:
        stdout.write("Fairs: a past spring fair with booths, a hosted visit, forum speakers.")


register_demo(seed_fairs, order=55)
