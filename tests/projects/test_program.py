"""Program staff's read-only pages of every center's calls: the overview with its counts, a
call with the ranking of each round, who is refused, the audit of each reading and the
query bounds."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship.models import AuditEntry, Role, ServiceCenter
from projects import services
from projects.models import ProgramCall, Project, ProjectCall
from tests.factories import ServiceCenterFactory, UserFactory
from tests.projects.factories import EntryFactory, ProjectCallFactory, ProjectFactory, RoundFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "program_projects"


def text(response) -> str:
    return " ".join(response.content.decode().split())


def call_url(call) -> str:
    return reverse("program_project_call", kwargs={"pk": call.pk})


@pytest.fixture
def staff(client):
    user = UserFactory(is_program_staff=True)
    client.force_login(user)
    return user


def _statuses(found, *statuses):
    for status in statuses:
        ProjectFactory(current_round=found, status=status, submitted_at=found.deadline)


def test_the_overview_lists_every_centers_calls_with_their_counts(
    client, staff, world, other_center
):
    S = Project.Status
    _statuses(world.round, S.SUBMITTED, S.FINALIST, S.SELECTED, S.SELECTED, S.INCUBATING)
    _statuses(world.round, S.LAUNCHED, S.WITHDRAWN)
    ProjectFactory(current_round=world.round)  # a draft, never submitted
    other = ProjectCallFactory(center=other_center, title="乙中心的征集")
    body = text(client.get(reverse(OVERVIEW)))
    assert world.call.title in body and "乙中心的征集" in body
    assert "Alpha Center" in body and "Beta Center" in body and "初赛网评" in body
    row = body.split(world.call.title)[1].split("</tr>")[0]
    assert '<td data-label="Submitted" class="number">6</td>' in row
    assert '<td data-label="On the final list" class="number">1</td>' in row
    assert '<td data-label="Selected" class="number">2</td>' in row
    assert '<td data-label="Incubating" class="number">1</td>' in row
    assert '<td data-label="Launched" class="number">1</td>' in row
    assert call_url(other) in body
    assert AuditEntry.objects.filter(actor=staff, verb="program.cross_center_read").count() == 1


def test_program_staff_narrow_the_overview_to_one_center(client, staff, world, other_center):
    ProjectCallFactory(center=other_center, title="乙中心的征集")
    body = text(client.get(reverse(OVERVIEW) + f"?center={other_center.pk}"))
    assert "乙中心的征集" in body and world.call.title not in body


def test_a_call_opens_read_only_with_the_ranking_of_each_round(client, staff, world):
    entry = EntryFactory(project__current_round=world.round, project__title="茶园直播助农")
    RoundFactory(call=world.call, name="决赛路演")
    body = text(client.get(call_url(world.call)))
    assert world.call.title in body and "Alpha Center" in body
    assert "初赛网评" in body and "决赛路演" in body and "茶园直播助农" in body
    assert "Ranking of 决赛路演" in body
    assert "<form" not in body.split("<main")[1]  # nothing to change
    assert (
        reverse("center:projects:decide", kwargs={"center_slug": world.center.slug, "pk": entry.pk})
        not in body
    )
    assert AuditEntry.objects.filter(
        actor=staff,
        verb="program.cross_center_read",
        after__reason=f"call for projects {world.call.pk}",
    ).exists()


def test_an_unknown_call_is_404(client, staff, world):
    assert client.get(reverse("program_project_call", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STUDENT, Role.MENTOR])
def test_members_of_a_center_are_refused(client, world, member_factory, role):
    client.force_login(member_factory(world.center, role))
    assert client.get(reverse(OVERVIEW)).status_code == 403
    assert client.get(call_url(world.call)).status_code == 403
    assert not AuditEntry.objects.filter(verb="program.cross_center_read").exists()


def test_the_console_links_to_the_overview(client, staff):
    assert reverse(OVERVIEW) in client.get(reverse("program_console")).content.decode()


def test_the_overview_costs_the_same_queries_for_many_calls(
    client, staff, world, other_center, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(OVERVIEW))
    for n in range(15):
        program_call = ProgramCall.objects.create(
            title=f"全项目征集 {n}", description="-", categories=["other"], year=2026
        )
        for center in (world.center, other_center):
            found = RoundFactory(call=ProjectCallFactory(center=center, program_call=program_call))
            _statuses(found, Project.Status.SUBMITTED, Project.Status.SELECTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(OVERVIEW))
    body = text(response)
    assert 'rel="next"' in body and "Part of the program-wide call 全项目征集 14" in body


def test_a_call_costs_the_same_queries_for_many_projects(
    client, staff, world, django_assert_max_num_queries
):
    EntryFactory(project__current_round=world.round)
    with CaptureQueriesContext(connection) as few:
        client.get(call_url(world.call))
    for _ in range(20):
        EntryFactory(project__current_round=world.round)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(call_url(world.call))
    assert response.status_code == 200


# Program-wide calls

CREATE = "program_project_call_create"


def _posted(*centers, **changes):
    return {
        "title": "2027年“你有好点子吗”全省大赛",
        "description": "全省统一征集，各中心分别评审。",
        "categories": ["technology", "agriculture"],
        "year": "2027",
        "centers": [c.pk for c in centers],
        "rounds": "初赛网评; 2027-04-01 18:00; 10\n决赛路演; 2027-05-01 18:00; 3",
        "rubric": "创新性; 40\n可行性; 60",
        **changes,
    }


@time_machine.travel("2027-03-01 10:00 +0800", tick=False)
def test_program_staff_create_a_call_in_each_chosen_center(
    client, staff, center, other_center, member_factory, unscoped
):
    client.force_login(staff)  # a session of the travelled-to day
    third = ServiceCenterFactory(slug="gamma")
    response = client.post(reverse(CREATE), _posted(center, other_center))
    assert response.status_code == 302
    program_call = ProgramCall.objects.get()
    assert program_call.year == 2027 and program_call.created_by == staff
    calls = {c.center_id: c for c in ProjectCall.objects.filter(program_call=program_call)}
    assert set(calls) == {center.pk, other_center.pk} and third.pk not in calls
    for call in calls.values():
        assert call.status == ProjectCall.Status.DRAFT
        assert call.categories == ["technology", "agriculture"]
        rounds = list(call.rounds.order_by("position"))
        assert [(r.name, r.advance_count, r.center_id) for r in rounds] == [
            ("初赛网评", 10, call.center_id),
            ("决赛路演", 3, call.center_id),
        ]
        assert rounds[0].deadline.isoformat() == "2027-04-01T10:00:00+00:00"
        for found in rounds:
            assert sorted(found.criteria.values_list("name", "weight", "center_id")) == [
                ("创新性", 40, call.center_id),
                ("可行性", 60, call.center_id),
            ]
    assert AuditEntry.objects.filter(
        center=None, actor=staff, verb="program_call.created", target_id=str(program_call.pk)
    ).exists()
    assert AuditEntry.objects.filter(
        center=other_center, verb="project_call.saved", target_id=str(calls[other_center.pk].pk)
    ).exists()
    # The center's coordinator sees where the call comes from; the overview sums the centers.
    _statuses(calls[center.pk].rounds.first(), Project.Status.SUBMITTED)
    _statuses(calls[other_center.pk].rounds.first(), Project.Status.SELECTED)
    overview = text(client.get(reverse(OVERVIEW)))
    row = overview.split("2027年“你有好点子吗”全省大赛</td>")[1].split("</tr>")[0]
    assert '<td data-label="Centers" class="number">2</td>' in row
    assert '<td data-label="Submitted" class="number">2</td>' in row
    assert '<td data-label="Selected" class="number">1</td>' in row
    client.force_login(member_factory(other_center, Role.COORDINATOR))
    page = text(
        client.get(
            reverse(
                "center:projects:call",
                kwargs={"center_slug": other_center.slug, "pk": calls[other_center.pk].pk},
            )
        )
    )
    assert "Part of the program-wide call 2027年“你有好点子吗”全省大赛 (2027)" in page


@time_machine.travel("2027-03-01 10:00 +0800", tick=False)
@pytest.mark.parametrize(
    "changes",
    [
        {"centers": []},
        {"rounds": "初赛; 明天; 10"},
        {"rounds": "决赛; 2027-05-01 18:00; 3\n初赛; 2027-04-01 18:00; 10"},
        {"rubric": "创新性; 400"},
        {"categories": []},
    ],
)
def test_a_program_call_with_a_mistake_creates_nothing(client, staff, center, changes, unscoped):
    client.force_login(staff)  # a session of the travelled-to day
    response = client.post(reverse(CREATE), _posted(center, **changes))
    assert response.status_code == 200
    assert not ProgramCall.objects.exists() and not ProjectCall.objects.exists()


def test_a_suspended_center_is_not_offered(client, staff, center, other_center):
    other_center.status = ServiceCenter.Status.SUSPENDED
    other_center.save()
    body = client.get(reverse(CREATE)).content.decode()
    assert "Alpha Center" in body and "Beta Center" not in body


def test_only_program_staff_create_program_calls(client, world, member_factory):
    client.force_login(member_factory(world.center, Role.COORDINATOR))
    assert client.post(reverse(CREATE), _posted(world.center)).status_code == 403
    assert not ProgramCall.objects.exists()
    with pytest.raises(PermissionDenied):
        services.program_call_create(
            actor=world.coordinator,
            centers=[world.center],
            rounds=[],
            rubric=[],
            title="x",
            description="x",
            categories=["other"],
            year=2027,
        )
