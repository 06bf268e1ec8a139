"""The demo's "What's Your Idea" calls in Hangzhou. Last year's, decided: its final list
through its public notice, one project launched, one incubating with its mentor and its
milestones (one of them overdue and flagged), one that did not advance (the showcase shows
the first two). This year's: three rounds with their rubrics, twelve student projects
submitted to the first round (some with a teammate who accepted), judges assigned by the
balanced assignment, their scores, one recusal and one declared conflict, waiting for the
coordinator's decisions. This year's rural special call, decided: its final list on public
notice now, with one objection answered and one waiting for its answer.

Every step goes through the services at its moment of the demo's past (`mentorship.demo`).
Running it again adds only what is missing.
"""

from datetime import timedelta

from mentors import services as mentor_services
from mentors.models import MentorApproval
from mentorship.demo import (
    at,
    days_before,
    demo_coordinator,
    demo_member,
    demo_person,
    moment,
    register_demo,
)
from mentorship.models import Membership, Role, ServiceCenter, User
from projects import notices, selectors, services
from projects.models import Assignment, Conflict, Project, ProjectCall

PUBLISHED_DAY, SUBMITTED_DAY, ASSIGNED_DAY = 40, 30, 12
LAST_YEAR = 400

# Last year's call, decided: title, category, stage, owner index, score, what became of it
LAST_YEAR_PROJECTS = [
    ("西溪湿地研学营", "culture_tourism", "company", 18, 9, "launched"),
    ("高校实验室共享平台", "technology", "prototype", 19, 8, "incubating"),
    ("外卖包装回收计划", "social_good", "idea", 20, 5, ""),
]
MILESTONES = [
    ("完成公司注册", 300, True),
    ("签约首批三所高校实验室", 200, True),
    ("完成首轮种子用户访谈", 10, False),
    ("上线收费版本", -60, False),
]

JUDGES = [
    ("judge.chen@demo.example", "陈静", "杭州创新创业投资有限公司", "投资经理"),
    ("judge.zhou@demo.example", "周伟", "浙江省科技孵化器协会", "孵化器主任"),
    ("judge.sun@demo.example", "孙丽", "杭州文化旅游集团", "品牌总监"),
]
JUDGE_PROFILE = {
    "kind": "mentor",
    "industry_tags": "创业,投资",
    "expertise_tags": "商业计划,路演",
    "majors": "",
    "languages": "zh",
    "bio": "",
    "offers_pairing": False,
    "offers_talks": True,
    "offers_consultations": False,
    "offers_judging": True,
    "capacity": 1,
    "accepting": False,
    "phone": "",
    "contact_email": "",
}

ROUNDS = [
    ("初赛网评", 5, 6, [("创新性", 30), ("市场前景", 30), ("团队能力", 20), ("可行性", 20)]),
    ("复赛路演", 35, 3, [("路演表现", 40), ("商业模式", 40), ("团队能力", 20)]),
    ("决赛", 60, 1, [("综合评价", 100)]),
]

# title, category, stage, owner index, teammate index or None, scores around
PROJECTS = [
    ("茶园直播助农", "social_good", "prototype", 1, 13, 8),
    ("西湖文创盲盒", "culture_tourism", "company", 2, None, 7),
    ("校园二手书循环", "social_good", "idea", 3, 14, 6),
    ("AI 简历诊断助手", "technology", "prototype", 4, None, 9),
    ("运河夜游路线小程序", "culture_tourism", "idea", 5, None, 5),
    ("跨境丝绸小店", "ecommerce", "company", 6, 15, 7),
    ("社区老人助餐平台", "social_good", "prototype", 7, None, 8),
    ("智能垃圾分类箱", "technology", "prototype", 8, 16, 6),
    ("非遗竹编电商", "ecommerce", "idea", 9, None, 5),
    ("校园低碳出行积分", "technology", "idea", 10, None, 4),
    ("乡村民宿运营联盟", "culture_tourism", "company", 11, 17, 7),
    ("视障人士导航眼镜", "technology", "prototype", 12, None, 9),
]


def _student(center, n):
    user = User.objects.filter(email=f"student{n:02d}.hangzhou@demo.example").first()
    if user and Membership.objects.filter(center=center, user=user, role=Role.STUDENT).exists():
        return user
    return None


def seed_projects(stdout=None, today=None) -> None:
    """Create the demo call, projects and judging that do not exist yet."""
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    if center is None or ProjectCall.objects.filter(center=center).exists():
        return
    coordinator = demo_coordinator(center)
    judges = [_judge(center, today, n, *judge) for n, judge in enumerate(JUDGES)]
    _last_year(center, today, coordinator)
    call = _call(center, today, coordinator)
    projects = []
    for n, row in enumerate(PROJECTS):
        project = _project(center, today, call, n, *row[:5])
        if project is not None:
            projects.append((project, row[5]))
    _judging(center, today, coordinator, call, judges, projects)
    _rural_call(center, today, coordinator, judges)
    if stdout:
        stdout.write(
            f"Projects: last year's call decided, {len(projects)} projects judged this year."
        )


def _judge(center, today, n, email, name, organization, title) -> User:
    user = demo_person(email, name)
    with at(days_before(today, LAST_YEAR + 5, 9, n)):
        demo_member(center, user, Role.MENTOR)
    if not MentorApproval.objects.filter(center=center, profile__user=user).exists():
        with at(days_before(today, LAST_YEAR + 4, 10, n)):
            mentor_services.mentor_profile_save(
                center=center,
                actor=user,
                **JUDGE_PROFILE,
                title=title,
                organization=organization,
            )
    approval = MentorApproval.objects.get(center=center, profile__user=user)
    if approval.status == MentorApproval.Status.PENDING:
        with at(days_before(today, LAST_YEAR + 3, 11, n)):
            mentor_services.mentor_approval_decide(
                center=center, actor=demo_coordinator(center), approval=approval, approve=True
            )
    return user


def _call(center, today, coordinator) -> ProjectCall:
    with at(days_before(today, PUBLISHED_DAY + 2, 10)):
        call = services.call_save(
            center=center,
            actor=coordinator,
            title=f"{today.year}年“你有好点子吗”大学生创业项目征集",
            description=(
                "面向杭州高校在校生和毕业五年内的大学生，征集科技创新、文化旅游、"
                "社会公益和电子商务等方向的创业项目。入选项目可入驻孵化基地，"
                "获得导师一对一辅导和场地支持。"
            ),
            categories=["technology", "culture_tourism", "social_good", "ecommerce"],
            team_min=1,
            team_max=5,
        )
        for n, (name, days, advance, criteria) in enumerate(ROUNDS):
            found = services.round_add(
                center=center,
                actor=coordinator,
                call=call,
                name=name,
                deadline=moment(today + timedelta(days=days), 18),
                advance_count=advance,
                reviews_per_submission=3 if n == 0 else 4,
                blind=n == 0,
                others_scores="after_own",
            )
            for criterion, weight in criteria:
                services.criterion_add(
                    center=center, actor=coordinator, round=found, name=criterion, weight=weight
                )
    with at(days_before(today, PUBLISHED_DAY, 9)):
        return services.call_publish(center=center, actor=coordinator, call=call)


def _last_year(center, today, coordinator) -> None:
    """A call of the year before, decided: two projects selected, one incubating with its
    milestones, one launched, one that did not advance."""
    with at(days_before(today, LAST_YEAR + 2, 10)):
        call = services.call_save(
            center=center,
            actor=coordinator,
            title=f"{today.year - 1}年“你有好点子吗”大学生创业项目征集",
            description="上一年度的大学生创业项目征集。",
            categories=["technology", "culture_tourism", "social_good", "ecommerce"],
            team_min=1,
            team_max=5,
        )
        found = services.round_add(
            center=center,
            actor=coordinator,
            call=call,
            name="评审",
            deadline=days_before(today, LAST_YEAR - 20, 18),
            advance_count=2,
            reviews_per_submission=3,
            blind=False,
            others_scores="after_own",
        )
        services.criterion_add(
            center=center, actor=coordinator, round=found, name="综合评价", weight=100
        )
    with at(days_before(today, LAST_YEAR, 9)):
        call = services.call_publish(center=center, actor=coordinator, call=call)
    projects = []
    for n, (title, category, stage, owner_n, level, outcome) in enumerate(LAST_YEAR_PROJECTS):
        owner = _student(center, owner_n)
        if owner is None:
            continue
        with at(days_before(today, LAST_YEAR - 5, 20, n)):
            project = _submitted(
                center,
                owner,
                call,
                title=title,
                summary=f"{title}：由在校大学生团队发起的创业项目。",
                category=category,
                stage=stage,
                problem="目标用户的需求没有得到很好的满足。",
                solution="以大学生团队的专业能力提供本地化服务。",
                market="杭州及周边地区。",
            )
        projects.append((project, level, outcome))
    with at(days_before(today, LAST_YEAR - 25, 10)):
        services.judges_assign(center=center, actor=coordinator, round=found)
    criterion = found.criteria.get()
    for n, assignment in enumerate(
        Assignment.objects.filter(entry__round=found).select_related("entry").order_by("pk")
    ):
        level = next(lv for p, lv, _o in projects if p.pk == assignment.entry.project_id)
        with at(days_before(today, LAST_YEAR - 28, 20, n)):
            services.scores_submit(
                center=center,
                actor=User.objects.get(pk=assignment.judge_id),
                assignment=assignment,
                values={criterion.pk: (max(1, min(10, level + n % 2)), "")},
            )
    for n, (project, _level, outcome) in enumerate(projects):
        with at(days_before(today, LAST_YEAR - 35, 10, n)):
            services.entry_decide(
                center=center,
                actor=coordinator,
                entry=project.entries.get(),
                advance=bool(outcome),
            )
    # The final list on a week's public notice; no objection, so selected when it ends.
    with at(days_before(today, LAST_YEAR - 35, 15)):
        notices.notice_publish(center=center, actor=coordinator, call=call)
    with at(days_before(today, LAST_YEAR - 43, 15, 10)):
        notices.notices_settle(center=center)
    mentor = User.objects.filter(
        email="mentor.hangzhou@demo.example", memberships__center=center
    ).first()
    for n, (project, _level, outcome) in enumerate(projects):
        if not outcome:
            continue
        with at(days_before(today, LAST_YEAR - 50, 10, n)):
            project = services.project_outcome(
                center=center, actor=coordinator, project=project, to="incubating", mentor=mentor
            )
            for title, due, _done in MILESTONES:
                services.milestone_add(
                    center=center,
                    actor=coordinator,
                    project=project,
                    title=title,
                    due_on=today - timedelta(days=due),
                )
        for milestone in project.milestones.order_by("due_on"):
            done = next(d for t, _due, d in MILESTONES if t == milestone.title)
            if done:
                with at(moment(milestone.due_on, 16)):
                    services.milestone_done(center=center, actor=project.owner, milestone=milestone)
        if outcome == "launched":
            with at(days_before(today, 30, 10, n)):
                services.project_outcome(
                    center=center, actor=coordinator, project=project, to="launched"
                )
    # The morning after the interviews were due, the beat flags them on the incubating one.
    with at(days_before(today, 9, 8, 15)):
        notices.milestones_flag_overdue(center=center)


def _submitted(center, owner, call, **text) -> Project:
    """A one-person project, shown publicly once selected, created and submitted."""
    project = services.project_create(
        center=center,
        actor=owner,
        call=call,
        video_url="",
        advisor_name="",
        advisor_university="",
        publish_consent=True,
        **text,
    )
    return services.project_submit(center=center, actor=owner, project=project)


def _project(center, today, call, n, title, category, stage, owner_n, mate_n) -> Project | None:
    owner = _student(center, owner_n)
    if owner is None:
        return None
    day = SUBMITTED_DAY - n
    with at(days_before(today, day + 2, 20, n)):
        project = services.project_create(
            center=center,
            actor=owner,
            call=call,
            title=title,
            summary=f"{title}：由在校大学生团队发起的创业项目。",
            category=category,
            stage=stage,
            problem="目标用户的需求没有得到很好的满足，现有方案成本高、体验差。",
            solution="用轻量的产品和本地化运营，先在杭州高校周边验证，再逐步推广。",
            market="杭州及长三角地区，首年目标服务一万名用户。",
            video_url="",
            advisor_name="林老师" if n % 2 else "",
            advisor_university="浙江大学" if n % 2 else "",
            publish_consent=n % 3 != 0,
        )
    mate = _student(center, mate_n) if mate_n else None
    if mate is not None:
        with at(days_before(today, day + 1, 21, n)):
            member = services.member_invite(
                center=center, actor=owner, project=project, email=mate.email
            )
        with at(days_before(today, day + 1, 22, n)):
            services.member_answer(center=center, actor=mate, member=member, accept=True)
    with at(days_before(today, day, 21, n)):
        return services.project_submit(center=center, actor=owner, project=project)


def _judging(center, today, coordinator, call, judges, projects) -> None:
    first = call.rounds.order_by("position").first()
    demo_mentor = User.objects.filter(email="mentor.hangzhou@demo.example").first()
    everyone = [*judges, demo_mentor] if demo_mentor else judges
    # 周伟 invests in the tea project: declared before the assignment, so never assigned.
    tea = next((p for p, _s in projects if p.title == "茶园直播助农"), None)
    if tea is not None:
        with at(days_before(today, ASSIGNED_DAY + 1, 15)):
            services.conflict_declare(
                center=center,
                actor=judges[1],
                project=tea,
                kind=Conflict.Kind.INVESTOR,
                note="我所在的孵化器已与该团队洽谈投资。",
            )
    with at(days_before(today, ASSIGNED_DAY, 10)):
        services.judges_assign(center=center, actor=coordinator, round=first)
    criteria = list(first.criteria.all())
    level = {p.pk: s for p, s in projects}
    # Only the demo's own judges act; counted among themselves, so which of them recuses
    # does not hang on the ids the other mentors of the center happen to have.
    assignments = (
        Assignment.objects.filter(entry__round=first, judge__in=everyone)
        .select_related("entry")
        .order_by("pk")
    )
    for n, assignment in enumerate(assignments):
        judge = User.objects.get(pk=assignment.judge_id)
        if n == 4:
            # One judge steps back: they coached this team at a hackathon.
            with at(days_before(today, ASSIGNED_DAY - 1, 16)):
                services.assignment_recuse(
                    center=center,
                    actor=judge,
                    assignment=assignment,
                    reason="曾在校园黑客松中辅导过该团队。",
                )
            continue
        base = level[assignment.entry.project_id]
        values = {
            c.pk: (max(1, min(10, base + ((n + i) % 3) - 1)), "思路清晰，建议补充市场数据。")
            for i, c in enumerate(criteria)
        }
        with at(days_before(today, ASSIGNED_DAY - 2 - n % 8, 20, n % 60)):
            services.scores_submit(center=center, actor=judge, assignment=assignment, values=values)


# This year's rural special call: title, category, stage, owner index, score
RURAL_PROJECTS = [
    ("山区茶农电商学院", "ecommerce", "prototype", 5, 9),
    ("乡村小学科学课堂", "social_good", "idea", 6, 8),
    ("竹林康养旅居", "culture_tourism", "company", 7, 7),
    ("稻田鸭生态种养", "social_good", "prototype", 8, 4),
]
RURAL_PUBLISHED, RURAL_DEADLINE, RURAL_DECIDED, RURAL_NOTICE = 70, 30, 6, 3


def _rural_call(center, today, coordinator, judges) -> None:
    """A one-round call decided a few days ago: three projects on the final list, on public
    notice since three days ago for ten days; one objection dismissed, one still open."""
    with at(days_before(today, RURAL_PUBLISHED + 2, 10)):
        call = services.call_save(
            center=center,
            actor=coordinator,
            title=f"乡村振兴专项·{today.year}年“你有好点子吗”创业项目征集",
            description="面向服务乡村振兴的大学生创业项目：农村电商、乡村教育、乡村文旅。",
            categories=["ecommerce", "social_good", "culture_tourism"],
            team_min=1,
            team_max=5,
            notice_days=10,
        )
        found = services.round_add(
            center=center,
            actor=coordinator,
            call=call,
            name="专项评审",
            deadline=days_before(today, RURAL_DEADLINE, 18),
            advance_count=3,
            reviews_per_submission=3,
            blind=False,
            others_scores="after_own",
        )
        services.criterion_add(
            center=center, actor=coordinator, round=found, name="乡村带动作用", weight=60
        )
        services.criterion_add(
            center=center, actor=coordinator, round=found, name="可持续性", weight=40
        )
    with at(days_before(today, RURAL_PUBLISHED, 9)):
        call = services.call_publish(center=center, actor=coordinator, call=call)
    projects = []
    for n, (title, category, stage, owner_n, level) in enumerate(RURAL_PROJECTS):
        owner = _student(center, owner_n)
        if owner is None:
            continue
        with at(days_before(today, RURAL_DEADLINE + 10 - n, 20)):
            project = _submitted(
                center,
                owner,
                call,
                title=title,
                summary=f"{title}：大学生团队扎根浙西山区的乡村振兴项目。",
                category=category,
                stage=stage,
                problem="山区村庄缺少年轻人和外部资源。",
                solution="大学生团队驻村运营，连接城市市场与乡村资源。",
                market="浙西山区二十个行政村。",
            )
        projects.append((project, level))
    if not projects:
        return
    with at(days_before(today, RURAL_DEADLINE - 1, 10)):
        services.judges_assign(center=center, actor=coordinator, round=found)
    criteria = list(found.criteria.all())
    level = {p.pk: lv for p, lv in projects}
    for n, assignment in enumerate(
        Assignment.objects.filter(entry__round=found).select_related("entry").order_by("pk")
    ):
        with at(days_before(today, RURAL_DEADLINE - 5, 20, n)):
            services.scores_submit(
                center=center,
                actor=User.objects.get(pk=assignment.judge_id),
                assignment=assignment,
                values={
                    c.pk: (max(1, min(10, level[assignment.entry.project_id] + i % 2)), "")
                    for i, c in enumerate(criteria)
                },
            )
    ranked = [s.entry for s in selectors.standings_of(found)]
    for n, entry in enumerate(ranked):
        with at(days_before(today, RURAL_DECIDED, 10, n)):
            services.entry_decide(
                center=center, actor=coordinator, entry=entry, advance=n < found.advance_count
            )
    with at(days_before(today, RURAL_NOTICE, 10)):
        notice = notices.notice_publish(center=center, actor=coordinator, call=call)
    listed = list(notice.listed.order_by("pk"))
    objectors = [
        _student(center, 12),
        User.objects.filter(email="student.hangzhou@demo.example").first(),
    ]
    if len(listed) < 2 or None in objectors:
        return
    with at(days_before(today, 2, 21)):
        answered = notices.objection_file(
            center=center,
            actor=objectors[0],
            project=listed[0],
            reason="听说该团队的负责人已经毕业超过五年，不符合征集条件。",
        )
    with at(days_before(today, 1, 11)):
        notices.objection_answer(
            center=center,
            actor=coordinator,
            objection=answered,
            uphold=False,
            answer="经核实，项目负责人为浙江农林大学2023届毕业生，毕业未满五年，符合征集条件。",
        )
    with at(days_before(today, 1, 19)):
        notices.objection_file(
            center=center,
            actor=objectors[1],
            project=listed[1],
            reason="该项目的课程方案与另一支参赛团队去年发布的方案高度相似，请核实是否为原创。",
        )


register_demo(seed_projects, order=60)
