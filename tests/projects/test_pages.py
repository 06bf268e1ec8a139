"""The projects' pages: who sees which project, what a judge sees before scoring, blind
judging, the flow through the forms, and constant queries as lists grow."""

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship.scoping import center_scope
from projects import services
from projects.models import Assignment, Project
from tests.projects.conftest import PROJECT
from tests.projects.factories import (
    AssignmentFactory,
    EntryFactory,
    ProjectCallFactory,
    ProjectFactory,
)


def u(center, name, **kwargs):
    return reverse(f"center:projects:{name}", kwargs={"center_slug": center.slug, **kwargs})


def count_queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def submitted_with_judges(world):
    with center_scope(world.center):
        project = services.project_create(
            center=world.center, actor=world.students[0], call=world.call, **PROJECT
        )
        services.project_submit(center=world.center, actor=world.students[0], project=project)
        made = services.judges_assign(
            center=world.center, actor=world.coordinator, round=world.round
        )
    return project, made


def test_student_creates_a_project_through_the_form(client, world, unscoped):
    client.force_login(world.students[0])
    response = client.post(u(world.center, "project_create", pk=world.call.pk), PROJECT)
    project = Project.objects.get(owner=world.students[0])
    assert response.url == u(world.center, "project", pk=project.pk)
    page = client.get(response.url).content.decode()
    assert PROJECT["problem"] in page


def test_a_pitch_deck_that_is_not_a_pdf_is_refused_beside_the_field(client, world, unscoped):
    client.force_login(world.students[0])
    fake = SimpleUploadedFile("deck.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        u(world.center, "project_create", pk=world.call.pk), PROJECT | {"pitch_deck": fake}
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not Project.objects.exists()


def test_students_see_only_their_own_team_projects(client, world, unscoped):
    mine = ProjectFactory(current_round=world.round, owner=world.students[0], title="我的项目甲")
    ProjectFactory(current_round=world.round, owner=world.students[1], title="别人的项目乙")
    client.force_login(world.students[0])
    page = client.get(u(world.center, "mine")).content.decode()
    assert "我的项目甲" in page and "别人的项目乙" not in page
    other = Project.objects.exclude(pk=mine.pk).get()
    assert client.get(u(world.center, "project", pk=other.pk)).status_code == 404


def test_judges_see_only_the_projects_assigned_to_them(client, world, unscoped):
    project, made = submitted_with_judges(world)
    assigned = {a.judge for a in made}
    left_out = next(j for j in world.judges if j not in assigned)
    client.force_login(left_out)
    assert client.get(u(world.center, "project", pk=project.pk)).status_code == 404
    assert PROJECT["title"] not in client.get(u(world.center, "judging")).content.decode()
    client.force_login(made[0].judge)
    assert PROJECT["title"] in client.get(u(world.center, "judging")).content.decode()
    assert client.get(u(world.center, "project", pk=project.pk)).status_code == 200


def test_judge_sees_other_scores_only_after_submitting_their_own(client, world, unscoped):
    _project, (first, second) = submitted_with_judges(world)
    criteria = list(world.round.criteria.all())
    client.force_login(first.judge)
    data = {f"value_{c.pk}": 3 for c in criteria} | {
        f"comment_{c.pk}": "需要打磨" for c in criteria
    }
    client.post(u(world.center, "score", pk=first.pk), data)
    client.force_login(second.judge)
    before = client.get(u(world.center, "score", pk=second.pk)).content.decode()
    assert "需要打磨" not in before
    data = {f"value_{c.pk}": 8 for c in criteria} | {
        f"comment_{c.pk}": "很有潜力" for c in criteria
    }
    client.post(u(world.center, "score", pk=second.pk), data)
    after = client.get(u(world.center, "score", pk=second.pk)).content.decode()
    assert "需要打磨" in after and "很有潜力" in after
    second.refresh_from_db()
    assert second.status == Assignment.Status.SCORED


def test_blind_round_hides_the_team_from_judges(client, world, unscoped):
    world.round.blind = True
    world.round.save()
    project, made = submitted_with_judges(world)
    client.force_login(made[0].judge)
    page = client.get(u(world.center, "project", pk=project.pk)).content.decode()
    assert world.students[0].get_full_name() not in page
    assert PROJECT["advisor_name"] not in page
    client.force_login(world.coordinator)
    page = client.get(u(world.center, "project", pk=project.pk)).content.decode()
    assert world.students[0].get_full_name() in page


def test_score_out_of_range_is_shown_beside_the_field(client, world, unscoped):
    _project, (first, _second) = submitted_with_judges(world)
    criteria = list(world.round.criteria.all())
    client.force_login(first.judge)
    data = {f"value_{c.pk}": 12 for c in criteria}
    response = client.post(u(world.center, "score", pk=first.pk), data)
    assert response.status_code == 200
    assert "field-error" in response.content.decode()


def test_ranking_page_shows_the_figures_and_the_disagreement(client, world, unscoped):
    project, (first, second) = submitted_with_judges(world)
    with center_scope(world.center):
        for assignment, value in ((first, 10), (second, 2)):
            services.scores_submit(
                center=world.center,
                actor=assignment.judge,
                assignment=assignment,
                values={c.pk: (value, "") for c in world.round.criteria.all()},
            )
    client.force_login(world.coordinator)
    page = client.get(u(world.center, "ranking", pk=world.round.pk)).content.decode()
    assert project.title in page
    assert "6.00" in page and "8.00" in page
    assert "Judges disagree" in page


def test_list_pages_do_not_grow_in_queries(client, world, unscoped):
    judge = world.judges[0]

    def add(n):
        for _ in range(n):
            ProjectCallFactory(center=world.center)
            project = ProjectFactory(
                current_round=world.round,
                owner=world.students[0],
                status="incubating",
                publish_consent=True,
            )
            AssignmentFactory(entry=EntryFactory(project=project), judge=judge)

    add(2)
    pages = [
        (world.coordinator, u(world.center, "showcase")),
        (world.coordinator, u(world.center, "calls")),
        (world.coordinator, u(world.center, "call", pk=world.call.pk)),
        (world.coordinator, u(world.center, "ranking", pk=world.round.pk)),
        (world.students[0], u(world.center, "mine")),
        (judge, u(world.center, "judging")),
    ]
    few = []
    for user, url in pages:
        client.force_login(user)
        few.append(count_queries(client, url))
    add(25)
    for (user, url), count in zip(pages, few, strict=True):
        client.force_login(user)
        assert count_queries(client, url) == count, url


def test_showcase_shows_only_selected_projects_the_team_agreed_to_publish(client, world, unscoped):
    ProjectFactory(
        current_round=world.round, title="公开展示项目", status="incubating", publish_consent=True
    )
    ProjectFactory(
        current_round=world.round, title="不愿公开项目", status="selected", publish_consent=False
    )
    ProjectFactory(
        current_round=world.round, title="仍在评审项目", status="submitted", publish_consent=True
    )
    page = client.get(u(world.center, "showcase")).content.decode()
    assert "公开展示项目" in page
    assert "不愿公开项目" not in page and "仍在评审项目" not in page
    # Only what the team agreed to publish: no names of the team or the advisor.
    assert "王老师" not in page


def test_center_home_and_console_show_the_projects_cards(client, world, unscoped):
    EntryFactory(project=ProjectFactory(current_round=world.round, status="submitted"))
    home = client.get(reverse("center:home", kwargs={"center_slug": world.center.slug}))
    assert "Open calls for projects" in home.content.decode()
    assert u(world.center, "showcase") in home.content.decode()
    client.force_login(world.coordinator)
    console = client.get(reverse("center:console", kwargs={"center_slug": world.center.slug}))
    assert "Projects waiting for a decision" in console.content.decode()
