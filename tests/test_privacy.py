"""A person's copy of their data, and erasure that keeps the program's records."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from mentorship.models import AuditEntry, Membership, Notification, User
from mentorship.notifications import notify
from mentorship.personal_data import sections
from students.models import Application, Placement, StudentProfile
from tests.factories import PASSWORD
from tests.students.factories import ApplicationFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed_student(unscoped):
    """A student with an application, a running placement and a notification."""
    placement = PlacementFactory(application__cover_letter="我的求职信：热爱数据分析。")
    student = placement.student
    student.phone = "13912345678"
    student.save()
    other = ApplicationFactory(center=placement.center, cover_letter="别人的求职信")
    notify(student.user, "welcome", title="欢迎加入")
    return student, placement, other


def test_the_copy_holds_my_data_and_no_one_elses(client, placed_student):
    student, placement, _other = placed_student
    client.force_login(student.user)
    response = client.post(reverse("privacy_export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == student.user.email
    assert data["student_profiles"][0]["phone"] == "13912345678"
    assert data["applications"][0]["cover_letter"] == "我的求职信：热爱数据分析。"
    assert data["placements"][0]["position"] == placement.position.title
    assert data["notifications"][0]["title"] == "欢迎加入"
    assert "别人的求职信" not in archive.read("data.json").decode()
    assert archive.read(f"resumes/{student.pk}.pdf").startswith(b"%PDF")
    assert AuditEntry.objects.filter(verb="account.data_exported", actor=student.user).exists()


def test_erasure_needs_the_password_and_the_confirmation(client, placed_student):
    student, *_ = placed_student
    client.force_login(student.user)
    response = client.post(reverse("privacy_erase"), {"password": "wrong", "confirm": "on"})
    assert "password" in response.context["erase_form"].errors
    response = client.post(reverse("privacy_erase"), {"password": PASSWORD})
    assert "confirm" in response.context["erase_form"].errors
    assert User.objects.get(pk=student.user.pk).is_active


def test_erasure_anonymizes_the_person_and_keeps_the_records(client, placed_student):
    student, placement, other = placed_student
    user = student.user
    email = user.email
    client.force_login(user)
    response = client.post(reverse("privacy_erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.url == reverse("home")

    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert email not in user.email and user.name != ""
    profile = StudentProfile.objects.get(pk=student.pk)
    assert (profile.phone, profile.student_number, profile.resume.name) == ("", "", "")
    assert Application.objects.get(pk=placement.application_id).cover_letter == ""
    assert Placement.objects.filter(pk=placement.pk).exists()
    assert Application.objects.get(pk=other.pk).cover_letter == "别人的求职信"
    assert not Notification.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user, is_active=True).exists()
    assert AuditEntry.objects.filter(verb="account.erased", actor=user).exists()
    assert not client.login(email=email, password=PASSWORD)


def test_every_app_erases_its_part_and_a_representative_leaves_the_enterprise(
    client, placed_student
):
    student, placement, _other = placed_student
    enterprise = placement.base.enterprise
    enterprise.representatives.add(student.user)
    keys = [section.key for section in sections()]
    assert {"student_profiles", "applications", "placements", "enterprises"} <= set(keys)
    client.force_login(student.user)
    client.post(reverse("privacy_erase"), {"password": PASSWORD, "confirm": "on"})
    assert not User.objects.get(pk=student.user.pk).is_active
    assert not enterprise.representatives.filter(pk=student.user.pk).exists()
    assert Placement.objects.get(pk=placement.pk).base.enterprise == enterprise
