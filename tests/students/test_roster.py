"""The coordinator's roster of the center's students: finding them and verifying them."""

import pytest
from django.urls import reverse

from mentorship.models import AuditEntry
from tests.students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def test_coordinator_verifies_students_in_bulk_and_only_their_own(
    client, center, other_center, coordinator, unscoped
):
    mine = [StudentProfileFactory(center=center) for _ in range(3)]
    theirs = StudentProfileFactory(center=other_center)
    client.force_login(coordinator)
    client.post(
        reverse("center:students:verify", kwargs={"center_slug": center.slug}),
        {"profile": [p.pk for p in mine[:2]] + [theirs.pk]},
    )
    verified = {p.pk for p in type(theirs).objects.filter(verified_at__isnull=False)}
    assert verified == {mine[0].pk, mine[1].pk}
    assert AuditEntry.objects.filter(verb="student.verified").count() == 2


@pytest.mark.parametrize("junk", ["99999999999999999999999", "-1", "0", "1e3", "x" * 5000])
def test_verifying_with_junk_beside_a_real_student_verifies_the_student(
    client, center, coordinator, unscoped, junk
):
    student = StudentProfileFactory(center=center)
    client.force_login(coordinator)
    response = client.post(
        reverse("center:students:verify", kwargs={"center_slug": center.slug}),
        {"profile": [junk, student.pk]},
        follow=True,
    )
    student.refresh_from_db()
    assert student.verified_at is not None
    assert "1 students verified." in response.content.decode()


def test_verifying_only_junk_asks_to_choose_a_student(client, center, coordinator, unscoped):
    client.force_login(coordinator)
    response = client.post(
        reverse("center:students:verify", kwargs={"center_slug": center.slug}),
        {"profile": "99999999999999999999999"},
        follow=True,
    )
    assert "Choose at least one student." in response.content.decode()
    assert not AuditEntry.objects.filter(verb="student.verified").exists()


def test_student_list_has_constant_queries(
    client, center, coordinator, django_assert_max_num_queries, unscoped
):
    client.force_login(coordinator)
    url = reverse("center:students:roster", kwargs={"center_slug": center.slug})
    for _ in range(3):
        StudentProfileFactory(center=center)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(30):
        StudentProfileFactory(center=center)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 33
