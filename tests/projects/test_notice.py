"""The public notice (公示) of a call's final list: publishing it, objections filed and
answered, the projects selected when the notice ends (and the one an open objection holds
back), who reads objections; and overdue incubation milestones flagged once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentorship.models import AuditEntry, Notification, Role
from mentorship.scoping import center_scope
from projects import notices, selectors, services, tasks
from projects.models import Entry, Milestone, Objection, Project
from students.pdf import simple_pdf
from tests.factories import UserFactory
from tests.projects.factories import EntryFactory, ProjectFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI)
PDF = simple_pdf(["茶园直播助农 团队成员名单"])


def finalist(world, title, consent=True):
    """A project the last (and only) round advanced: on the final list."""
    project = ProjectFactory(
        current_round=world.round,
        title=title,
        status=Project.Status.FINALIST,
        publish_consent=consent,
    )
    EntryFactory(project=project, decision=Entry.Decision.ADVANCED)
    return project


@pytest.fixture
def listed(world, unscoped):
    """Three projects on a 7-day notice published on Monday 10:00 in Shanghai; the third
    team chose not to be shown publicly."""
    with time_machine.travel(MONDAY, tick=False):
        projects = [
            finalist(world, "茶园直播助农"),
            finalist(world, "西湖文创盲盒"),
            finalist(world, "不公开的项目", consent=False),
        ]
        with center_scope(world.center):
            notice = notices.notice_publish(
                center=world.center, actor=world.coordinator, call=world.call, days=7
            )
    return notice, projects


def u(center, name, **kwargs):
    return reverse(f"center:projects:{name}", kwargs={"center_slug": center.slug, **kwargs})


def file(world, project, person, reason="团队成员并非在校生。", evidence=None):
    with center_scope(world.center):
        return notices.objection_file(
            center=world.center, actor=person, project=project, reason=reason, evidence=evidence
        )


def answer(world, objection, uphold, text="经核实，团队成员均为在校生。"):
    with center_scope(world.center):
        return notices.objection_answer(
            center=world.center,
            actor=world.coordinator,
            objection=objection,
            uphold=uphold,
            answer=text,
        )


def settle(world):
    with center_scope(world.center):
        return notices.notices_settle(center=world.center)


def status(project):
    project.refresh_from_db()
    return project.status


def test_the_notice_runs_the_days_of_the_call_from_its_publication(world, listed):
    notice, projects = listed
    assert notice.ends_at == MONDAY + timedelta(days=7)
    assert {p.notice_id for p in Project.objects.filter(pk__in=[p.pk for p in projects])} == {
        notice.pk
    }
    assert AuditEntry.objects.get(verb="project_notice.published").after["projects"] == 3
    note = Notification.objects.filter(user=projects[0].owner, kind="project_result").get()
    assert "2026-06-08 10:00" in note.translations["zh-hans"][0]


def test_a_second_notice_of_the_same_call_is_refused(world, listed):
    with center_scope(world.center), pytest.raises(ValidationError):
        notices.notice_publish(center=world.center, actor=world.coordinator, call=world.call)


def test_a_pending_entry_of_the_last_round_keeps_the_list_from_notice(world, unscoped):
    finalist(world, "已入围项目")
    EntryFactory(project=ProjectFactory(current_round=world.round, status="submitted"))
    with center_scope(world.center), pytest.raises(ValidationError):
        notices.notice_publish(center=world.center, actor=world.coordinator, call=world.call)


def test_projects_are_selected_when_the_notice_ends_and_only_then(world, listed):
    notice, projects = listed
    with time_machine.travel(notice.ends_at - timedelta(minutes=1), tick=False):
        assert settle(world) == 0
    assert status(projects[0]) == Project.Status.FINALIST
    with time_machine.travel(notice.ends_at + timedelta(minutes=1), tick=False):
        assert settle(world) == 3
        assert settle(world) == 0
    assert {status(p) for p in projects} == {Project.Status.SELECTED}
    notice.refresh_from_db()
    assert notice.closed_at is not None
    assert AuditEntry.objects.filter(verb="project.selected").count() == 3


def test_an_open_objection_holds_its_project_until_it_is_answered(world, listed):
    notice, (tea, box, _hidden) = listed
    objector = UserFactory()
    with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
        objection = file(world, tea, objector)
    assert Notification.objects.filter(user=world.coordinator, kind="project_notice").exists()
    with time_machine.travel(notice.ends_at + timedelta(hours=1), tick=False):
        settle(world)
        assert (status(tea), status(box)) == (Project.Status.FINALIST, Project.Status.SELECTED)
        notice.refresh_from_db()
        assert notice.closed_at is None
        answer(world, objection, uphold=False)
    assert status(tea) == Project.Status.SELECTED
    notice.refresh_from_db()
    assert notice.closed_at is not None
    told = Notification.objects.get(user=objector, kind="project_notice")
    assert "经核实" in told.body


def test_an_upheld_objection_takes_the_project_off_the_list(world, listed):
    notice, (tea, box, _hidden) = listed
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        objection = file(world, box, UserFactory())
        answer(world, objection, uphold=True, text="该项目与他人作品雷同，取消入选资格。")
    assert status(box) == Project.Status.NOT_ADVANCED
    entry = Entry.objects.get(project=box)
    assert entry.decision == Entry.Decision.REJECTED
    assert "雷同" in entry.justification
    assert AuditEntry.objects.filter(verb="project.removed_from_list").exists()
    with time_machine.travel(notice.ends_at, tick=False):
        settle(world)
    assert (status(tea), status(box)) == (Project.Status.SELECTED, Project.Status.NOT_ADVANCED)


def test_no_objection_after_the_notice_nor_from_the_team_nor_without_a_reason(world, listed):
    notice, (tea, _box, _hidden) = listed
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        with pytest.raises(ValidationError):
            file(world, tea, tea.owner)
        with pytest.raises(ValidationError):
            file(world, tea, UserFactory(), reason="  ")
        someone = UserFactory()
        file(world, tea, someone)
        with pytest.raises(ValidationError):
            file(world, tea, someone)
    with time_machine.travel(notice.ends_at, tick=False), pytest.raises(ValidationError):
        file(world, tea, UserFactory())


def test_an_answer_is_given_once_and_written(world, listed):
    _notice, (tea, _box, _hidden) = listed
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        objection = file(world, tea, UserFactory())
        with pytest.raises(ValidationError):
            answer(world, objection, uphold=False, text=" ")
        answer(world, objection, uphold=False)
        with pytest.raises(ValidationError):
            answer(world, objection, uphold=True)
    objection.refresh_from_db()
    assert objection.status == Objection.Status.DISMISSED


def test_the_public_page_lists_what_the_teams_agreed_to_show(client, world, listed):
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        body = client.get(u(world.center, "notice_board")).content.decode()
        assert "茶园直播助农" in body and "西湖文创盲盒" in body
        assert "不公开的项目" not in body
        assert "2026-06-08 10:00" in body
    with time_machine.travel(MONDAY + timedelta(days=8), tick=False):
        assert "茶园直播助农" not in client.get(u(world.center, "notice_board")).content.decode()


def test_a_signed_in_person_files_an_objection_with_evidence(client, world, listed):
    _notice, (tea, _box, hidden) = listed
    person = UserFactory()
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        path = u(world.center, "objection_file", pk=tea.pk)
        assert client.get(path).status_code == 302
        client.force_login(person)
        assert client.get(u(world.center, "objection_file", pk=hidden.pk)).status_code == 404
        bad = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", "application/pdf")
        response = client.post(path, {"reason": "材料造假。", "evidence": bad})
        assert response.status_code == 200 and not Objection.objects.exists()
        good = SimpleUploadedFile("proof.pdf", PDF, "application/pdf")
        response = client.post(path, {"reason": "材料造假。", "evidence": good})
        assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.objector == person and objection.evidence
    client.force_login(world.coordinator)
    evidence = client.get(u(world.center, "objection_evidence", pk=objection.pk))
    assert evidence.status_code == 200
    assert b"".join(evidence.streaming_content).startswith(b"%PDF")


def test_objections_are_read_only_by_the_objector_and_the_center_staff(
    client, world, listed, member_factory, other_center
):
    notice, (tea, _box, _hidden) = listed
    objector, stranger = UserFactory(), UserFactory()
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        file(world, tea, objector, reason="秘密的异议理由")
        board = u(world.center, "notice_board")
        client.force_login(objector)
        assert "秘密的异议理由" not in client.get(board).content.decode()
        assert "Waiting for an answer" in client.get(board).content.decode()
        for visitor in (
            stranger,
            tea.owner,
            member_factory(world.center, Role.MENTOR, Role.STUDENT),
            member_factory(other_center, Role.COORDINATOR),
        ):
            client.force_login(visitor)
            assert "Waiting for an answer" not in client.get(board).content.decode()
            page = client.get(u(world.center, "notice", pk=world.call.pk))
            assert page.status_code in (403, 404)
            assert "秘密的异议理由" not in page.content.decode()
        client.force_login(world.coordinator)
        staff = client.get(u(world.center, "notice", pk=world.call.pk)).content.decode()
        assert "秘密的异议理由" in staff
        assert notice.ends_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") in staff


def test_the_coordinator_answers_through_the_page(client, world, listed):
    _notice, (tea, _box, _hidden) = listed
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        objection = file(world, tea, UserFactory())
        client.force_login(world.coordinator)
        path = u(world.center, "objection_answer", pk=objection.pk)
        client.post(path, {"answer": "经核实属实。", "uphold": "1"})
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    assert status(tea) == Project.Status.NOT_ADVANCED


def test_the_notice_settles_from_the_beat(world, listed, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    notice, projects = listed
    with time_machine.travel(notice.ends_at + timedelta(minutes=5), tick=False):
        assert tasks.notices_settle_task() == 1
        assert tasks.notices_settle_task() == 0
    assert {status(p) for p in projects} == {Project.Status.SELECTED}


def test_notice_pages_do_not_grow_in_queries(client, world, listed, django_assert_max_num_queries):
    notice, (tea, _box, _hidden) = listed
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        for n in range(12):
            added = finalist(world, f"后加项目 {n}")
            Project.objects.filter(pk=added.pk).update(notice=notice)
            file(world, tea, UserFactory())
        client.force_login(world.coordinator)
        with django_assert_max_num_queries(25):
            assert client.get(u(world.center, "notice_board")).status_code == 200
        with django_assert_max_num_queries(25):
            assert client.get(u(world.center, "notice", pk=world.call.pk)).status_code == 200


# Overdue milestones


@pytest.fixture
def incubating(world, member_factory, unscoped):
    mentor = member_factory(world.center, Role.MENTOR)
    project = ProjectFactory(
        current_round=world.round, status=Project.Status.INCUBATING, mentor=mentor
    )
    with time_machine.travel(MONDAY, tick=False):
        due = Milestone.objects.create(
            center=world.center, project=project, title="完成产品原型", due_on=MONDAY.date()
        )
        done = Milestone.objects.create(
            center=world.center,
            project=project,
            title="完成公司注册",
            due_on=MONDAY.date(),
            done_at=MONDAY,
        )
    return project, mentor, due, done


def flag(world):
    with center_scope(world.center):
        return notices.milestones_flag_overdue(center=world.center)


def test_a_milestone_is_flagged_overdue_once_the_day_after(world, incubating):
    project, mentor, due, done = incubating
    with time_machine.travel(MONDAY.replace(hour=23, minute=59), tick=False):
        assert flag(world) == 0
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        assert flag(world) == 1
        assert flag(world) == 0
    with time_machine.travel(MONDAY + timedelta(days=9), tick=False):
        assert flag(world) == 0
    due.refresh_from_db()
    done.refresh_from_db()
    assert due.overdue_at is not None and done.overdue_at is None
    for person in (project.owner, mentor):
        assert Notification.objects.filter(user=person, kind="project_milestone").count() == 1
    assert AuditEntry.objects.filter(verb="project.milestone_overdue").count() == 1


def test_the_beat_flags_each_milestone_once_however_often_it_runs(world, incubating, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    project, _mentor, _due, _done = incubating
    with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
        assert tasks.milestones_overdue_task() == 1
        assert tasks.milestones_overdue_task() == 0
    assert Notification.objects.filter(user=project.owner, kind="project_milestone").count() == 1


def test_the_incubation_list_shows_the_flag(client, world, incubating):
    project, mentor, _due, _done = incubating
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        flag(world)
    client.force_login(world.coordinator)
    body = client.get(u(world.center, "incubation")).content.decode()
    assert project.title in body and "milestone-overdue" in body
    assert mentor.get_full_name() in body


def test_the_incubation_mentor_is_a_mentor_of_the_center_and_reads_the_project(
    world, member_factory, unscoped
):
    project = ProjectFactory(current_round=world.round, status=Project.Status.SELECTED)
    mentor = member_factory(world.center, Role.MENTOR)
    with center_scope(world.center):
        with pytest.raises(ValidationError):
            services.project_outcome(
                center=world.center,
                actor=world.coordinator,
                project=project,
                to="incubating",
                mentor=UserFactory(),
            )
        services.project_outcome(
            center=world.center,
            actor=world.coordinator,
            project=project,
            to="incubating",
            mentor=mentor,
        )
        assert (
            selectors.projects_for(center=world.center, user=mentor, roles={Role.MENTOR})
            .filter(pk=project.pk)
            .exists()
        )
