"""The pages of mentors' records: the mentor's own, the coordinators' list and each
mentor's record, program staff's list across centers; who sees what, and query bounds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship.models import AuditEntry, Role
from tests.factories import UserFactory
from tests.mentors.factories import MentorApprovalFactory, MentorProfileFactory

pytestmark = pytest.mark.django_db


def u(center, name, **kwargs):
    return reverse(f"center:mentors:{name}", kwargs={"center_slug": center.slug, **kwargs})


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_mentor_sees_their_own_record_by_year_with_totals(client, world):
    client.force_login(world.wang)
    body = text(client.get(u(world.center, "record")))
    assert "My service record" in body
    assert "Hours of mentoring" in body and '<td class="number">2.5</td>' in body
    assert "<strong>4.0</strong>" in body  # hours of both years together
    assert "“从实习生到技术负责人” at 从实习生到技术负责人活动" in body
    assert "别处的分享" not in body  # a talk in another center


def test_the_year_switcher_shows_the_details_of_another_year(client, world):
    client.force_login(world.wang)
    body = text(client.get(u(world.center, "record") + "?year=2025"))
    assert "写给即将毕业的你" in body
    assert "从实习生到技术负责人活动" not in body
    assert "letter/?year=2025" in body


def test_a_year_without_a_record_falls_back_to_this_year(client, world):
    client.force_login(world.wang)
    body = text(client.get(u(world.center, "record") + "?year=1999"))
    assert "In 2026" in body


def test_another_mentor_gets_404_for_a_mentors_record_and_letter(client, world):
    client.force_login(world.li)
    assert client.get(u(world.center, "record_of", pk=world.wang.pk)).status_code == 404
    assert client.get(u(world.center, "letter_of", pk=world.wang.pk)).status_code == 404
    assert client.get(u(world.center, "record_of", pk=world.li.pk)).status_code == 200


def test_a_coordinator_of_another_center_gets_404(client, world, member_factory):
    client.force_login(member_factory(world.other_center, Role.COORDINATOR))
    assert client.get(u(world.center, "record_of", pk=world.wang.pk)).status_code == 404
    assert client.get(u(world.center, "records")).status_code == 404
    # Through their own center, the mentor's record there only.
    body = text(client.get(u(world.other_center, "record_of", pk=world.wang.pk)))
    assert "别处的分享" in body and "从实习生到技术负责人" not in body


def test_the_coordinator_lists_the_mentors_with_their_year(client, world):
    client.force_login(world.coordinator)
    body = text(client.get(u(world.center, "records") + "?year=2026"))
    assert "王导师" in body and "李导师" in body
    assert u(world.center, "record_of", pk=world.wang.pk) in body
    assert '<td data-label="Hours of mentoring" class="number">10.0</td>' in body
    body = text(client.get(u(world.center, "records") + "?year=all"))
    assert '<td data-label="Students reached" class="number">3</td>' in body


def test_the_coordinator_opens_a_mentors_record(client, world):
    client.force_login(world.coordinator)
    body = text(client.get(u(world.center, "record_of", pk=world.wang.pk)))
    assert "Service record of 王导师" in body
    assert u(world.center, "letter_of", pk=world.wang.pk) in body


def _more_mentors(center, count):
    for n in range(count):
        MentorApprovalFactory(
            center=center, profile=MentorProfileFactory(user=UserFactory(name=f"导师{n:02d}"))
        )


def test_the_list_costs_the_same_queries_for_many_mentors(
    client, world, unscoped, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(u(world.center, "records"))
    _more_mentors(world.center, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(u(world.center, "records"))
    assert response.status_code == 200
    assert 'rel="next"' in response.content.decode()


def test_program_staff_see_every_center_and_the_reading_is_audited(client, world):
    staff = UserFactory(is_program_staff=True)
    client.force_login(staff)
    body = text(client.get(reverse("program_mentor_records") + "?year=2026"))
    assert "Alpha Center" in body and "Beta Center" in body
    assert AuditEntry.objects.filter(actor=staff, verb="program.cross_center_read").exists()
    body = text(client.get(reverse("program_mentor_record", kwargs={"pk": world.wang.pk})))
    assert "Alpha Center" in body and "Beta Center" in body and "2.5" in body


def test_program_pages_refuse_everyone_else(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("program_mentor_records")).status_code == 403
    assert (
        client.get(reverse("program_mentor_record", kwargs={"pk": world.wang.pk})).status_code
        == 403
    )


def test_a_program_record_of_someone_who_is_no_mentor_is_404(client, world):
    client.force_login(UserFactory(is_program_staff=True))
    response = client.get(reverse("program_mentor_record", kwargs={"pk": world.coordinator.pk}))
    assert response.status_code == 404


def test_program_staffs_list_costs_the_same_queries_for_many_mentors(
    client, world, other_center, unscoped, django_assert_max_num_queries
):
    client.force_login(UserFactory(is_program_staff=True))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("program_mentor_records"))
    _more_mentors(world.center, 15)
    _more_mentors(other_center, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("program_mentor_records"))
    assert 'rel="next"' in response.content.decode()


def test_program_staff_choose_one_center(client, world):
    client.force_login(UserFactory(is_program_staff=True))
    response = client.get(
        reverse("program_mentor_records") + f"?center={world.other_center.pk}&year=2026"
    )
    body = text(response)
    assert "王导师" in body and "李导师" not in body
