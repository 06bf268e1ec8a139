"""Object-level isolation the URL matrix cannot check: within one center, an enterprise
never sees another enterprise's applicants or their résumés, and a student never sees
another student's application, placement or résumé; across centers, nobody does (404)."""

import pytest
from django.urls import reverse

from mentorship.models import Role
from students.models import Application
from tests.students.factories import (
    ApplicationFactory,
    EnterpriseFactory,
    PlacementFactory,
    PositionFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
    representative_of,
)

S = Application.Status


def u(center, name, **kwargs):
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


@pytest.fixture
def rival(world):
    """Another enterprise of the same center, with its own representative and position."""
    enterprise = EnterpriseFactory(name_en="Rival Corp")
    rep = representative_of(enterprise, world.center)
    position = PositionFactory(base=TrainingBaseFactory(center=world.center, enterprise=enterprise))
    return rep, position


@pytest.fixture
def application(world):
    return ApplicationFactory(
        position=world.position, student=world.profile, cover_letter="SECRET-LETTER-A"
    )


@pytest.fixture
def placement(world):
    application = ApplicationFactory(
        position=PositionFactory(base=world.base), student=world.profile, status=S.ACCEPTED
    )
    return PlacementFactory(application=application, supervisor_name="SECRET-SUPERVISOR")


def test_enterprise_never_sees_another_enterprises_applicants(client, world, rival, application):
    rival_rep, rival_position = rival
    client.force_login(rival_rep)
    for name, pk in (
        ("position_applicants", world.position.pk),
        ("applicant_detail", application.pk),
        ("applicant_resume", application.pk),
    ):
        response = client.get(u(world.center, name, pk=pk))
        assert response.status_code == 404, name
        assert b"SECRET-LETTER-A" not in response.content
    # Moving someone else's applicant is the same 404, and changes nothing.
    response = client.post(
        u(world.center, "applicant_detail", pk=application.pk), {"to": "rejected"}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    overview = client.get(u(world.center, "applicant_positions"))
    assert [p.pk for p in overview.context["page"].object_list] == [rival_position.pk]


def test_enterprise_never_sees_another_enterprises_placements(client, world, rival, placement):
    rival_rep, _ = rival
    client.force_login(rival_rep)
    response = client.get(u(world.center, "placement_detail", pk=placement.pk))
    assert response.status_code == 404
    assert b"SECRET-SUPERVISOR" not in response.content
    assert list(client.get(u(world.center, "placement_list")).context["page"].object_list) == []


def test_student_never_sees_another_students_rows(client, world, application, placement):
    other = StudentProfileFactory(center=world.center).user
    client.force_login(other)
    # Applications are reached only through the visitor's own (none here).
    page = client.get(u(world.center, "position_detail", pk=world.position.pk)).content
    assert b"SECRET-LETTER-A" not in page
    assert client.get(u(world.center, "my_applications")).context["page"].object_list == []
    assert client.get(u(world.center, "placement_detail", pk=placement.pk)).status_code == 404
    assert list(client.get(u(world.center, "placement_list")).context["page"].object_list) == []
    # Another student's résumé: the applicant URLs are not for students at all.
    assert client.get(u(world.center, "applicant_resume", pk=application.pk)).status_code == 403
    # Their own résumé link serves their own file, never someone else's.
    own = client.get(u(world.center, "my_resume"))
    assert own.status_code == 200
    assert own.filename == "resume.pdf"
    # Acting on "my application" to the position finds none of theirs.
    client.post(u(world.center, "application_withdraw", pk=world.position.pk))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


@pytest.mark.parametrize("role", [Role.MENTOR])
def test_others_in_the_center_cannot_see_placements(client, world, placement, member_factory, role):
    client.force_login(member_factory(world.center, role))
    assert client.get(u(world.center, "placement_detail", pk=placement.pk)).status_code == 403


def test_placement_is_visible_to_its_parties_and_center_staff(client, world, placement):
    for user in (world.student, world.rep, world.coordinator, world.bureau):
        client.force_login(user)
        response = client.get(u(world.center, "placement_detail", pk=placement.pk))
        assert response.status_code == 200
        assert b"SECRET-SUPERVISOR" in response.content


def test_across_centers_everything_is_404(
    client, world, other_center, application, placement, member_factory, unscoped
):
    # The same enterprise and its representative are also at work in the other center.
    member_factory(other_center, Role.ENTERPRISE, Role.COORDINATOR, Role.BUREAU, user=world.rep)
    StudentProfileFactory(center=other_center, user=world.student)
    for user in (world.rep, world.student):
        client.force_login(user)
        for name, pk in (
            ("position_detail", world.position.pk),
            ("position_applicants", world.position.pk),
            ("applicant_detail", application.pk),
            ("applicant_resume", application.pk),
            ("placement_detail", placement.pk),
        ):
            response = client.get(u(other_center, name, pk=pk))
            assert response.status_code in (403, 404), name
            assert response.status_code == 404 or user == world.student, name
            assert b"SECRET" not in response.content
        response = client.post(u(other_center, "application_accept", pk=world.position.pk))
        assert response.status_code in (403, 404)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
