"""The projects' workflows through their services: teams and submissions, revisions and
the deadline, judging with conflicts, scores and their visibility, and decisions."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentorship.models import AuditEntry, Notification
from mentorship.scoping import center_scope
from projects import notices, selectors, services
from projects.models import Assignment, Conflict, Entry, Project, TeamMember
from tests.projects.conftest import PROJECT
from tests.projects.factories import RoundFactory


def start(world, student=None):
    return services.project_create(
        center=world.center, actor=student or world.students[0], call=world.call, **PROJECT
    )


def submitted(world):
    project = start(world)
    return services.project_submit(center=world.center, actor=world.students[0], project=project)


def assign_judges(world):
    return services.judges_assign(center=world.center, actor=world.coordinator, round=world.round)


def through_notice(world):
    """The final list on a day's public notice, then the hour after it ends."""
    notice = notices.notice_publish(
        center=world.center, actor=world.coordinator, call=world.call, days=1
    )
    with time_machine.travel(notice.ends_at + timedelta(minutes=1), tick=False):
        notices.notices_settle(center=world.center)
    return notice


def score_all(world, assignment, value):
    values = {c.pk: (value, "清楚") for c in world.round.criteria.all()}
    return services.scores_submit(
        center=world.center, actor=assignment.judge, assignment=assignment, values=values
    )


def test_teammate_joins_by_accepting_the_invitation(world):
    with center_scope(world.center):
        project = start(world)
        member = services.member_invite(
            center=world.center,
            actor=world.students[0],
            project=project,
            email=world.students[1].email.upper(),
        )
        assert Notification.objects.filter(user=world.students[1], kind="project_team").exists()
        with pytest.raises(ValidationError):
            services.project_submit(center=world.center, actor=world.students[0], project=project)
        services.member_answer(
            center=world.center, actor=world.students[1], member=member, accept=True
        )
        assert selectors.is_team_member(project, world.students[1])
        services.project_submit(center=world.center, actor=world.students[0], project=project)
        project.refresh_from_db()
        assert project.status == Project.Status.SUBMITTED
        assert project.revisions.get().content["team"] == selectors.team_names(project)


def test_only_students_of_the_center_can_be_invited(world, other_center, member_factory):
    stranger = member_factory(other_center)
    with center_scope(world.center):
        project = start(world)
        with pytest.raises(ValidationError) as refused:
            services.member_invite(
                center=world.center, actor=world.students[0], project=project, email=stranger.email
            )
        assert "email" in refused.value.error_dict
        assert not TeamMember.objects.filter(email=stranger.email).exists()


def test_someone_outside_the_team_cannot_submit(world):
    with center_scope(world.center):
        project = start(world)
        with pytest.raises(PermissionDenied):
            services.project_submit(center=world.center, actor=world.students[1], project=project)


def test_revision_while_open_is_kept_and_after_the_deadline_refused(world):
    with center_scope(world.center):
        project = submitted(world)
        changed = PROJECT | {"title": "茶园直播助农 2.0"}
        services.project_update(
            center=world.center, actor=world.students[0], project=project, **changed
        )
        assert list(project.revisions.values_list("number", flat=True)) == [2, 1]
        late = world.round.deadline + timedelta(minutes=1)
        with time_machine.travel(late), pytest.raises(ValidationError, match="deadline"):
            services.project_update(
                center=world.center, actor=world.students[0], project=project, **PROJECT
            )
        assert project.revisions.count() == 2
        assert project.revisions.first().content["title"] == "茶园直播助农 2.0"


def test_submission_after_the_deadline_is_refused(world):
    with center_scope(world.center):
        project = start(world)
        late = world.round.deadline + timedelta(seconds=1)
        with time_machine.travel(late), pytest.raises(ValidationError):
            services.project_submit(center=world.center, actor=world.students[0], project=project)
        project.refresh_from_db()
        assert project.status == Project.Status.DRAFT


def test_assignment_skips_declared_and_detected_conflicts(world):
    liu, jin, xu = world.judges
    with center_scope(world.center):
        project = submitted(world)
        services.conflict_declare(
            center=world.center, actor=liu, project=project, kind=Conflict.Kind.INVESTOR
        )
        # 许诺 works where the team's advisor teaches: an obvious conflict.
        xu.mentor_profile.organization = "浙江农林大学"
        xu.mentor_profile.save()
        made = assign_judges(world)
        assert [a.judge for a in made] == [jin]
        assert Notification.objects.filter(user=jin, kind="project_judging").exists()


def test_conflict_with_the_team_members_university_blocks(world):
    liu = world.judges[0]
    with center_scope(world.center):
        university = world.student_profiles[0].university
        liu.mentor_profile.organization = university.name_zh
        liu.mentor_profile.save()
        submitted(world)
        made = assign_judges(world)
        assert liu not in {a.judge for a in made}
        assert len(made) == 2


def test_declaring_a_conflict_after_assignment_recuses_and_blocks_scoring(world):
    with center_scope(world.center):
        project = submitted(world)
        made = assign_judges(world)
        judge = made[0].judge
        services.conflict_declare(
            center=world.center, actor=judge, project=project, kind=Conflict.Kind.UNIVERSITY
        )
        made[0].refresh_from_db()
        assert made[0].status == Assignment.Status.RECUSED
        with pytest.raises((PermissionDenied, ValidationError)):
            score_all(world, made[0], 8)
        assert Conflict.objects.filter(judge=judge, project=project).count() == 1


def test_judge_sees_others_scores_only_after_their_own(world):
    with center_scope(world.center):
        submitted(world)
        first, second = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )
        score_all(world, first, 8)
        second.refresh_from_db()
        assert not selectors.may_see_others(second)
        score_all(world, second, 6)
        second.refresh_from_db()
        assert selectors.may_see_others(second)
        world.round.others_scores = "never"
        world.round.save()
        second.refresh_from_db()
        assert not selectors.may_see_others(second)


def test_score_outside_one_to_ten_is_refused(world):
    with center_scope(world.center):
        submitted(world)
        first, _second = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )
        with pytest.raises(ValidationError):
            score_all(world, first, 11)
        assert not first.scores.exists()


def test_recusal_needs_a_reason_and_is_audited(world):
    with center_scope(world.center):
        submitted(world)
        first, _second = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )
        with pytest.raises(ValidationError):
            services.assignment_recuse(
                center=world.center, actor=first.judge, assignment=first, reason=" "
            )
        services.assignment_recuse(
            center=world.center, actor=first.judge, assignment=first, reason="与团队导师是同事"
        )
        assert AuditEntry.objects.filter(verb="project.judge_recused").exists()


def test_going_against_the_ranking_needs_a_justification(world):
    with center_scope(world.center):
        first = submitted(world)
        second = start(world, world.students[1])
        services.project_submit(center=world.center, actor=world.students[1], project=second)
        assignments = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )
        for a in assignments:
            score_all(world, a, 9 if a.entry.project_id == first.pk else 4)
        low = Entry.objects.get(project=second)
        with pytest.raises(ValidationError) as refused:
            services.entry_decide(
                center=world.center, actor=world.coordinator, entry=low, advance=True
            )
        assert "justification" in refused.value.error_dict
        services.entry_decide(
            center=world.center,
            actor=world.coordinator,
            entry=low,
            advance=True,
            justification="路演表现突出，评委一致认可其社会价值。",
        )
        second.refresh_from_db()
        assert second.status == Project.Status.FINALIST
        entry = AuditEntry.objects.get(verb="project.advanced")
        assert entry.after["override"] is True
        assert Notification.objects.filter(user=world.students[1], kind="project_result").exists()


def test_advancing_moves_the_project_to_the_next_round(world):
    with center_scope(world.center):
        final = RoundFactory(
            call=world.call, name="决赛", deadline=timezone.now() + timedelta(days=30)
        )
        project = submitted(world)
        for a in services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        ):
            score_all(world, a, 7)
        services.entry_decide(
            center=world.center,
            actor=world.coordinator,
            entry=Entry.objects.get(project=project),
            advance=True,
        )
        project.refresh_from_db()
        assert project.current_round == final
        assert Entry.objects.filter(project=project, round=final).exists()


def test_a_recused_judge_is_replaced_by_the_next_assignment(world):
    with center_scope(world.center):
        project = submitted(world)
        first, second = assign_judges(world)
        services.assignment_recuse(
            center=world.center, actor=first.judge, assignment=first, reason="与团队相识"
        )
        (replacement,) = assign_judges(world)
        assert replacement.judge not in {first.judge, second.judge}
        assert replacement.entry.project == project


def test_selected_project_incubates_with_milestones_then_launches(world):
    with center_scope(world.center):
        project = submitted(world)
        for a in assign_judges(world):
            score_all(world, a, 8)
        services.entry_decide(
            center=world.center,
            actor=world.coordinator,
            entry=Entry.objects.get(project=project),
            advance=True,
        )
        through_notice(world)
        with pytest.raises(ValidationError):
            services.milestone_add(
                center=world.center,
                actor=world.coordinator,
                project=project,
                title="注册公司",
                due_on=timezone.localdate() + timedelta(days=30),
            )
        services.project_outcome(
            center=world.center, actor=world.coordinator, project=project, to="incubating"
        )
        milestone = services.milestone_add(
            center=world.center,
            actor=world.coordinator,
            project=project,
            title="注册公司",
            due_on=timezone.localdate() + timedelta(days=30),
        )
        with pytest.raises(PermissionDenied):
            services.milestone_done(
                center=world.center, actor=world.students[1], milestone=milestone
            )
        services.milestone_done(center=world.center, actor=world.students[0], milestone=milestone)
        milestone.refresh_from_db()
        assert milestone.done_at is not None
        with pytest.raises(ValidationError):
            services.project_outcome(
                center=world.center, actor=world.coordinator, project=project, to="stopped"
            )
        services.project_outcome(
            center=world.center, actor=world.coordinator, project=project, to="launched"
        )
        project.refresh_from_db()
        assert project.status == Project.Status.LAUNCHED
        assert (
            Notification.objects.filter(user=world.students[0], kind="project_result").count() == 5
        )
