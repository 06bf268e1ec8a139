"""The public notice of a final list: a student who is not in the team reads the public
page, files an objection with a PDF as evidence; the coordinator reads it and dismisses it
with a written answer; the objector reads the answer. In English and in Chinese."""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from mentorship.models import Notification, Role
from projects.models import Entry, Notice, Objection, Project
from students.pdf import simple_pdf
from tests.browser_support import SCREENSHOTS
from tests.factories import PASSWORD, MembershipFactory, ServiceCenterFactory, UserFactory
from tests.projects.factories import EntryFactory, ProjectCallFactory, ProjectFactory, RoundFactory
from tests.students.factories import StudentProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unscoped")]

WORDS = {
    "en": {
        "object": "File an objection",
        "file": "File the objection",
        "filed": "Your objection is filed",
        "waiting": "Waiting for an answer",
        "dismiss": "Dismiss the objection",
        "answered": "The objection is answered and the objector is told.",
        "dismissed": "Dismissed",
        "period": "China Standard Time",
    },
    "zh": {
        "object": "提出异议",
        "file": "提交异议",
        "filed": "您的异议已提交",
        "waiting": "等待答复",
        "dismiss": "异议不成立",
        "answered": "异议已答复，并已通知异议人。",
        "dismissed": "不成立",
        "period": "北京时间",
    },
}


@pytest.fixture
def world(transactional_db, tmp_path):
    with scopes_disabled():
        center = ServiceCenterFactory(slug="hangzhou", name_zh="杭州市大学生就业创业导师制服务中心")
        call = ProjectCallFactory(center=center, title="乡村振兴专项创业项目征集")
        found = RoundFactory(
            call=call, name="专项评审", deadline=timezone.now() - timedelta(days=9)
        )
        now = timezone.now()
        notice = Notice.objects.create(
            center=center,
            call=call,
            starts_at=now - timedelta(days=2),
            ends_at=now + timedelta(days=5),
        )
        project = ProjectFactory(
            current_round=found,
            title="山区茶农电商学院",
            summary="大学生团队驻村运营茶叶网店。",
            status=Project.Status.FINALIST,
            publish_consent=True,
            notice=notice,
        )
        EntryFactory(project=project, decision=Entry.Decision.ADVANCED)
        objector = StudentProfileFactory(center=center, user__name="王小雨").user
        coordinator = UserFactory(name="周敏")
        MembershipFactory(center=center, user=coordinator, role=Role.COORDINATOR)
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(simple_pdf(["山区茶农电商学院 团队成员学籍情况"]))
    return center, call, project, objector, coordinator, evidence


@pytest.mark.parametrize("language", ["en", "zh"])
def test_objection_is_filed_answered_and_read(browser, live_server, world, language):
    center, call, project, objector, coordinator, evidence = world
    words = WORDS[language]
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US" if language == "en" else "zh-CN",
        extra_http_headers={"Accept-Language": "en" if language == "en" else "zh-CN"},
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    folder = SCREENSHOTS / f"objection_journey_{language}"
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

    # Anyone reads the public notice; a signed-in student objects, with a PDF as evidence.
    page.goto(f"{base}/notice/")
    assert "山区茶农电商学院" in page.locator("main").inner_text()
    assert words["period"] in page.locator("main").inner_text()
    shot("public-notice")
    sign_in(objector)
    page.goto(f"{base}/notice/")
    page.locator("main a", has_text=words["object"]).click()
    page.locator("textarea[name=reason]").fill("该团队负责人已毕业超过五年，不符合征集条件。")
    page.locator("input[name=evidence]").set_input_files(str(evidence))
    shot("objection-form")
    page.get_by_role("button", name=words["file"]).click()
    page.get_by_text(words["filed"]).wait_for()
    assert words["waiting"] in page.locator("main").inner_text()
    shot("objection-filed")

    # The coordinator reads it on the call's notice page and dismisses it with an answer.
    sign_in(coordinator)
    page.goto(f"{base}/calls/{call.pk}/notice/")
    assert "不符合征集条件" in page.locator("main").inner_text()
    page.locator("textarea[name=answer]").fill("经核实，负责人为2023届毕业生，符合征集条件。")
    shot("coordinator-reads-the-objection")
    page.get_by_role("button", name=words["dismiss"]).click()
    page.get_by_text(words["answered"]).wait_for()
    shot("objection-answered")

    # The objector reads the answer on the public page.
    sign_in(objector)
    page.goto(f"{base}/notice/")
    mine = page.locator("section.my-objections").inner_text()
    assert words["dismissed"] in mine and "2023届毕业生" in mine
    shot("objector-reads-the-answer")
    with scopes_disabled():
        objection = Objection.objects.get()
        assert objection.status == Objection.Status.DISMISSED and objection.evidence
        assert Notification.objects.filter(user=objector, kind="project_notice").exists()
        project.refresh_from_db()
        assert project.status == Project.Status.FINALIST
    context.close()
