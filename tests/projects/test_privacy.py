"""A student's projects and a judge's scores in their data copy; erasure blanks what the
judge wrote and keeps the scores the ranking counts."""

from mentorship.scoping import center_scope
from mentorship.services.privacy import account_erase, personal_data
from projects import services
from projects.models import Conflict, Score
from tests.factories import PASSWORD
from tests.projects.conftest import PROJECT


def test_copy_holds_the_project_and_erasure_keeps_the_scores(world):
    with center_scope(world.center):
        project = services.project_create(
            center=world.center, actor=world.students[0], call=world.call, **PROJECT
        )
        services.project_submit(center=world.center, actor=world.students[0], project=project)
        assignment = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )[0]
        services.scores_submit(
            center=world.center,
            actor=assignment.judge,
            assignment=assignment,
            values={c.pk: (7, "市场分析需要补充") for c in world.round.criteria.all()},
        )
        other = next(j for j in world.judges if j != assignment.judge)
        services.conflict_declare(
            center=world.center, actor=other, project=project, kind="other", note="亲属关系"
        )
    assert personal_data(world.students[0])["projects"][0]["project"] == PROJECT["title"]
    copy = personal_data(assignment.judge)["project_judging"]
    assert {s["comment"] for s in copy["scores"]} == {"市场分析需要补充"}
    account_erase(user=assignment.judge, password=PASSWORD)
    account_erase(user=other, password=PASSWORD)
    with center_scope(world.center):
        assert set(Score.objects.values_list("comment", flat=True)) == {""}
        assert Score.objects.filter(value=7).count() == 2
        assert Conflict.objects.get().note == ""
