"""The demo students: complete profiles with real PDF résumés, every application state,
Alibaba's placements covering the previous quarter, and safe to run twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bases.models import Position
from mentorship.models import Membership, Role, User
from mentorship.scoping import system_scope
from mentorship.uploads import clean_upload, upload_kind
from students.demo import quarter_start, seed_students
from students.models import Application, Interview, Placement, StudentProfile
from students.services.common import add_months


def seed(request, with_bases=True):
    if with_bases:
        # The whole demo: centers and accounts, then bases and positions, then students.
        request.getfixturevalue("demo")
        return
    # Only the centers (and their universities): students bring what they need.
    from tests.factories import ServiceCenterFactory, UniversityFactory

    for slug, city in (("hangzhou", "杭州"), ("huangshan", "黄山")):
        UniversityFactory(center=ServiceCenterFactory(slug=slug, city=city))
    with system_scope():
        seed_students()


def snapshot():
    with system_scope():
        return (
            StudentProfile.objects.count(),
            Application.objects.count(),
            Placement.objects.count(),
            sorted(Application.objects.values_list("pk", "status")),
            sorted(Position.objects.values_list("pk", "accepted_count", "status")),
        )


@pytest.mark.parametrize("with_bases", [True, False], ids=["after-bases-demo", "alone"])
def test_demo_students(request, _demo_snapshots, db, with_bases):
    seed(request, with_bases)
    with system_scope():
        for slug in ("hangzhou", "huangshan"):
            profile = StudentProfile.objects.get(
                user__email=f"student.{slug}@demo.example", center__slug=slug
            )
            assert profile.is_complete
            with profile.resume.open("rb") as handle:
                upload = SimpleUploadedFile("r.pdf", handle.read())
            assert upload_kind(clean_upload(upload)) == "pdf"
            states = set(
                Application.objects.filter(center__slug=slug).values_list("status", flat=True)
            )
            assert states == set(Application.Status.values), slug
            assert Placement.objects.filter(
                center__slug=slug,
                status=Placement.Status.ONGOING,
                start_date__lte=timezone.localdate(),
            ).exists()
        extra = Membership.objects.filter(
            role=Role.STUDENT, user__email__regex=r"^student\d\d\."
        ).count()
        assert extra >= 30
        student = User.objects.get(email="student01.hangzhou@demo.example")
        assert student.check_password("demo-pass-2026")

        previous_quarter = quarter_start(timezone.localdate(), 1)
        alibaba = Placement.objects.filter(
            center__slug="hangzhou",
            base__enterprise__name_en__startswith="Alibaba",
            start_date__lte=previous_quarter,
            end_date__gte=add_months(previous_quarter, 3),
        )
        assert alibaba.count() == 4
        for placement in Placement.objects.all():
            assert placement.end_date == add_months(
                placement.position.start_date, placement.position.duration_months
            )
            assert placement.application.status == Application.Status.ACCEPTED
        for position in Position.objects.all():
            accepted = position.applications.filter(status=Application.Status.ACCEPTED).count()
            assert position.accepted_count == accepted <= position.openings

    before = snapshot()
    with system_scope():
        seed_students()
    assert snapshot() == before


def test_demo_interviews_wait_for_the_students_choice(request):
    seed(request)
    with system_scope():
        waiting = Interview.objects.filter(status=Interview.Status.PROPOSED)
        assert waiting.exists()
        assert all(i.application.status == Application.Status.INTERVIEW for i in waiting)
        assert all(slot.starts_at > timezone.now() for i in waiting for slot in i.slots.all())
        named = User.objects.get(email="student.hangzhou@demo.example")
        assert waiting.filter(application__student__user=named).exists()
