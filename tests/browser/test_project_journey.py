"""A student team enters "What's Your Idea": the student starts a project, a teammate
accepts the invitation, the team submits; the coordinator assigns judges, one of them
declares a conflict and is replaced, two judges score, and the coordinator advances the
project from the ranking. In English and in Chinese."""

import shutil

import pytest
from django_scopes import scopes_disabled

from mentorship.models import Notification, Role
from projects.models import Assignment, Entry, Project
from tests.browser_support import SCREENSHOTS
from tests.factories import PASSWORD, MembershipFactory, ServiceCenterFactory, UserFactory
from tests.mentors.factories import MentorApprovalFactory, MentorProfileFactory
from tests.projects.factories import ProjectCallFactory, RoundFactory
from tests.students.factories import StudentProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unscoped")]

WORDS = {
    "en": {
        "start": "Start a project",
        "save": "Save",
        "saved": "Your project is saved as a draft",
        "invite": "Invite",
        "sent": "The invitation is sent.",
        "join": "Join the team",
        "welcome": "Welcome to the team.",
        "submit": "Submit the project",
        "submitted": "The project is submitted.",
        "assign": "Assign judges automatically",
        "made": "assignments made.",
        "declare": "Declare",
        "declared": "Your conflict of interest is recorded",
        "score": "Submit my scores",
        "scored": "Your scores are in.",
        "others": "The other judges' scores",
        "advance": "Advance",
        "advanced": "The decision is recorded and the team is told.",
    },
    "zh": {
        "start": "创建项目",
        "save": "保存",
        "saved": "项目已保存为草稿",
        "invite": "邀请",
        "sent": "邀请已发送。",
        "join": "加入团队",
        "welcome": "欢迎加入团队。",
        "submit": "提交项目",
        "submitted": "项目已提交。",
        "assign": "自动分配评委",
        "made": "项评审分配。",
        "declare": "申报",
        "declared": "您申报的利益冲突已记录",
        "score": "提交我的评分",
        "scored": "您的评分已提交。",
        "others": "其他评委的评分",
        "advance": "晋级",
        "advanced": "决定已记录，并已通知项目团队。",
    },
}


@pytest.fixture
def world(transactional_db):
    with scopes_disabled():
        center = ServiceCenterFactory(slug="hangzhou", name_zh="杭州市大学生就业创业导师制服务中心")
        call = ProjectCallFactory(center=center, title="2026年“你有好点子吗”创业项目征集")
        RoundFactory(call=call, name="初赛网评", reviews_per_submission=2, advance_count=1)
        students = [StudentProfileFactory(center=center).user for _ in range(2)]
        judges = [
            MentorApprovalFactory(
                center=center,
                profile=MentorProfileFactory(offers_judging=True, user__name=name),
            ).profile.user
            for name in ("刘强", "金晓", "许诺")
        ]
        coordinator = UserFactory(name="周敏")
        MembershipFactory(center=center, user=coordinator, role=Role.COORDINATOR)
    return center, call, students, judges, coordinator


@pytest.mark.parametrize("language", ["en", "zh"])
def test_team_submits_judges_score_and_coordinator_advances(browser, live_server, world, language):
    center, call, (owner, mate), judges, coordinator = world
    words = WORDS[language]
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US" if language == "en" else "zh-CN",
        extra_http_headers={"Accept-Language": "en" if language == "en" else "zh-CN"},
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    folder = SCREENSHOTS / f"project_journey_{language}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    step = iter(range(1, 100))

    def shot(name):
        page.screenshot(path=str(folder / f"{next(step):02d}-{name}.png"), full_page=True)

    def sign_in(user):
        context.clear_cookies()
        page.goto("/accounts/login/")
        page.locator("input[name=login]").fill(user.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()

    base = f"/c/{center.slug}/projects"

    # The student reads the call and starts a project.
    sign_in(owner)
    page.goto(f"{base}/calls/{call.pk}/")
    shot("call")
    page.locator("main a", has_text=words["start"]).click()
    page.locator("input[name=title]").fill("茶园直播助农")
    page.locator("textarea[name=summary]").fill("用直播帮龙井茶农卖茶。")
    page.locator("select[name=category]").select_option("social_good")
    page.locator("select[name=stage]").select_option("prototype")
    page.locator("textarea[name=problem]").fill("茶农缺少销售渠道。")
    page.locator("textarea[name=solution]").fill("大学生团队代运营直播间。")
    page.locator("textarea[name=market]").fill("杭州周边茶农。")
    page.locator("input[name=advisor_name]").fill("李老师")
    page.locator("input[name=advisor_university]").fill("浙江农林大学")
    shot("project-form")
    page.locator("main form button[type=submit]").click()
    page.get_by_text(words["saved"]).wait_for()
    project = Project.objects.get(owner=owner)

    # The student invites a teammate by email.
    page.locator("input[name=email]").fill(mate.email)
    page.get_by_role("button", name=words["invite"], exact=True).click()
    page.get_by_text(words["sent"]).wait_for()
    shot("teammate-invited")

    # The teammate follows the notification and joins.
    with scopes_disabled():
        note = Notification.objects.get(user=mate, kind="project_team")
    sign_in(mate)
    page.goto(note.url)
    shot("invitation")
    page.get_by_role("button", name=words["join"]).click()
    page.get_by_text(words["welcome"]).wait_for()

    # The owner submits.
    sign_in(owner)
    page.goto(f"{base}/{project.pk}/")
    page.get_by_role("button", name=words["submit"]).click()
    page.get_by_text(words["submitted"]).wait_for()
    shot("submitted")
    assert mate.get_full_name() in page.locator("main").inner_text()

    # The coordinator assigns two judges.
    with scopes_disabled():
        entry = Entry.objects.get(project=project)
    sign_in(coordinator)
    page.goto(f"{base}/rounds/{entry.round_id}/")
    page.get_by_role("button", name=words["assign"]).click()
    page.get_by_text(words["made"]).wait_for()
    with scopes_disabled():
        first_two = list(Assignment.objects.filter(entry=entry).order_by("pk"))
    assert len(first_two) == 2

    # One judge declares a conflict: taken off, and a new assignment replaces them.
    conflicted = first_two[0]
    judge = next(j for j in judges if j.pk == conflicted.judge_id)
    sign_in(judge)
    page.goto(f"{base}/judging/{conflicted.pk}/")
    page.locator("select[name=kind]").select_option("investor")
    page.locator("input[name=note]").fill("我所在机构已与该团队洽谈投资。")
    shot("conflict-declared-by-a-judge")
    page.get_by_role("button", name=words["declare"], exact=True).click()
    page.get_by_text(words["declared"]).wait_for()
    assert page.get_by_text("茶园直播助农").count() >= 1
    sign_in(coordinator)
    page.goto(f"{base}/rounds/{entry.round_id}/")
    page.get_by_role("button", name=words["assign"]).click()
    page.get_by_text(words["made"]).wait_for()
    with scopes_disabled():
        scoring = list(
            Assignment.objects.filter(entry=entry, status=Assignment.Status.ASSIGNED).order_by("pk")
        )
    assert len(scoring) == 2 and judge.pk not in {a.judge_id for a in scoring}

    # Two judges score; the second sees the first's scores only after submitting.
    for n, assignment in enumerate(scoring):
        sign_in(next(j for j in judges if j.pk == assignment.judge_id))
        page.goto(f"{base}/judging/{assignment.pk}/")
        assert words["others"] not in page.locator("main").inner_text()
        for field in page.locator("input[name^=value_]").all():
            field.fill(str(8 + n))
        page.locator("textarea[name^=comment_]").first.fill("商业模式清晰。")
        shot(f"scoring-judge-{n + 1}")
        page.get_by_role("button", name=words["score"]).click()
        page.get_by_text(words["scored"]).wait_for()
        if n == 1:
            assert words["others"] in page.locator("main").inner_text()
            shot("scores-after-submitting")

    # The coordinator advances the project from the ranking.
    sign_in(coordinator)
    page.goto(f"{base}/rounds/{entry.round_id}/")
    assert "8.50" in page.locator("table.ranking").inner_text()
    shot("ranking")
    page.get_by_role("button", name=words["advance"], exact=True).click()
    page.get_by_text(words["advanced"]).wait_for()
    shot("advanced")
    project.refresh_from_db()
    assert project.status == Project.Status.FINALIST
    with scopes_disabled():
        assert Notification.objects.filter(user=mate, kind="project_result").exists()
    context.close()
