"""Service centers: licensing by program staff, and the coordinator's console."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentorship import services
from mentorship.models import (
    AuditEntry,
    CenterApplication,
    Invitation,
    Membership,
    Notification,
    Role,
    ServiceCenter,
    University,
)
from mentorship.scoping import center_scope
from tests.factories import MembershipFactory, UserFactory
from tests.students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def application_fields(**overrides):
    fields = {
        "institution": "安徽大学",
        "city": "合肥",
        "contact_name": "孙老师",
        "contact_email": "sun@ahu.example",
        "contact_phone": "0551-63860000",
        "coordinator_name": "李老师",
        "coordinator_email": "li.coordinator@ahu.example",
        "plan": "依托就业指导中心，每学期组织两场导师讲座。",
    }
    fields.update(overrides)
    return fields


def test_applying_tells_program_staff():
    staff = UserFactory(is_program_staff=True)
    application = services.center_apply(applicant=UserFactory(), **application_fields())
    assert application.status == CenterApplication.Status.SUBMITTED
    assert Notification.objects.filter(user=staff, kind="center_application").exists()
    assert AuditEntry.objects.filter(verb="center_application.submitted").count() == 1


def test_licensing_creates_the_center_and_invites_its_first_coordinator(
    django_capture_on_commit_callbacks,
):
    staff = UserFactory(is_program_staff=True)
    applicant = UserFactory()
    application = services.center_apply(applicant=applicant, **application_fields())
    with django_capture_on_commit_callbacks(execute=True):
        center = services.center_application_license(
            actor=staff,
            application=application,
            slug="ahu",
            name_zh="安徽大学导师制服务中心",
            name_en="Anhui University Service Center",
        )
    assert center.status == ServiceCenter.Status.LICENSED
    assert center.license_number.startswith("MP-")
    with center_scope(center):
        assert list(University.objects.values_list("name_zh", flat=True)) == ["安徽大学"]
        invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("li.coordinator@ahu.example", Role.COORDINATOR)
    assert any("li.coordinator@ahu.example" in m.to for m in mail.outbox)
    application.refresh_from_db()
    assert application.center == center
    assert Notification.objects.filter(user=applicant, kind="center_status").exists()


def test_an_application_is_decided_once_and_only_by_program_staff():
    application = services.center_apply(applicant=UserFactory(), **application_fields())
    with pytest.raises(PermissionDenied):
        services.center_application_reject(
            actor=UserFactory(), application=application, comment="no"
        )
    staff = UserFactory(is_program_staff=True)
    with pytest.raises(ValidationError):
        services.center_application_reject(actor=staff, application=application, comment=" ")
    services.center_application_reject(actor=staff, application=application, comment="材料不全")
    with pytest.raises(ValidationError, match="already been decided"):
        services.center_application_license(
            actor=staff, application=application, slug="x", name_zh="x", name_en="x"
        )


def test_license_form_refuses_an_address_in_use(client, center):
    client.force_login(UserFactory(is_program_staff=True))
    application = services.center_apply(applicant=UserFactory(), **application_fields())
    response = client.post(
        reverse("program_application", kwargs={"pk": application.pk}),
        {"license": "1", "slug": center.slug, "name_zh": "某中心", "name_en": "Some Center"},
    )
    assert "slug" in response.context["license_form"].errors
    application.refresh_from_db()
    assert application.status == CenterApplication.Status.SUBMITTED


def test_program_application_pages_are_for_program_staff_only(client):
    application = services.center_apply(applicant=UserFactory(), **application_fields())
    client.force_login(UserFactory())
    assert client.get(reverse("program_applications")).status_code == 403
    assert (
        client.get(reverse("program_application", kwargs={"pk": application.pk})).status_code == 403
    )


def test_coordinator_changes_names_colour_and_logo(client, center, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("center:settings", kwargs={"center_slug": center.slug}),
        {
            "name_zh": "甲市服务中心",
            "name_en": "Alpha City Center",
            "city": "甲市",
            "host_institution": "甲大学",
            "contact_email": "alpha@example.test",
            "contact_phone": "0571-1234567",
            "brand_color": "#aa3300",
            "logo_upload": SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    center.refresh_from_db()
    assert (center.name_en, center.brand_color) == ("Alpha City Center", "#aa3300")
    entry = AuditEntry.objects.get(verb="center.settings_changed")
    assert entry.before["name_en"] == "Alpha Center"
    assert entry.after["brand_color"] == "#aa3300"
    home = client.get(reverse("center:home", kwargs={"center_slug": center.slug}))
    assert "--brand: #aa3300" in home.content.decode()
    logo = client.get(reverse("center:logo", kwargs={"center_slug": center.slug}))
    assert b"".join(logo.streaming_content) == PNG


@pytest.mark.parametrize(
    ("field", "value"),
    [("brand_color", "red"), ("contact_email", "not-an-email"), ("name_zh", "")],
)
def test_bad_settings_are_refused_beside_the_field(client, center, coordinator, field, value):
    client.force_login(coordinator)
    data = {
        "name_zh": "甲中心",
        "name_en": "Alpha Center",
        "city": "杭州",
        "host_institution": "测试大学",
        "brand_color": "#1d5fa8",
        field: value,
    }
    response = client.post(reverse("center:settings", kwargs={"center_slug": center.slug}), data)
    assert field in response.context["form"].errors
    center.refresh_from_db()
    assert center.name_zh == "甲中心"


def test_a_logo_that_is_not_an_image_is_refused(client, center, coordinator):
    client.force_login(coordinator)
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(
        reverse("center:settings", kwargs={"center_slug": center.slug}),
        {
            "name_zh": "甲中心",
            "name_en": "Alpha Center",
            "city": "杭州",
            "host_institution": "测试大学",
            "brand_color": "#1d5fa8",
            "logo_upload": fake,
        },
    )
    assert "logo_upload" in response.context["form"].errors
    center.refresh_from_db()
    assert not center.logo


def test_universities_are_added_and_renamed_without_duplicates(center, coordinator):
    with center_scope(center):
        university = services.university_save(
            center=center, actor=coordinator, name_zh="甲大学", name_en="Alpha University"
        )
        with pytest.raises(ValidationError):
            services.university_save(center=center, actor=coordinator, name_zh="甲大学")
        services.university_save(
            center=center, actor=coordinator, university=university, name_zh="甲理工大学"
        )
        assert University.objects.get(pk=university.pk).name_zh == "甲理工大学"


def test_the_last_coordinator_cannot_be_removed(center, coordinator):
    with center_scope(center):
        mine = Membership.objects.get(user=coordinator)
        with pytest.raises(ValidationError, match="at least one coordinator"):
            services.membership_remove(center=center, actor=coordinator, membership=mine)


def test_removing_a_member_ends_the_membership_and_tells_them(center, coordinator):
    member = MembershipFactory(center=center, role=Role.BUREAU)
    with center_scope(center):
        services.membership_remove(center=center, actor=coordinator, membership=member)
    member.refresh_from_db()
    assert member.is_active is False
    assert Notification.objects.filter(user=member.user, kind="membership_changed").exists()


def test_console_shows_the_center_at_a_glance(client, center, coordinator, unscoped):
    for _ in range(2):
        StudentProfileFactory(center=center)
    client.force_login(coordinator)
    response = client.get(reverse("center:console", kwargs={"center_slug": center.slug}))
    cards = {panel["template"]: panel["figures"] for panel in response.context["panels"]}
    assert cards["students/panels/console_students.html"]["unverified"] == 2
    assert dict(response.context["roles"])["Student"] == 2


def test_center_application_form_checks_fields_and_limits_each_address(client):
    response = client.post(reverse("center_apply"), application_fields(contact_email="nope"))
    assert "contact_email" in response.context["form"].errors
    assert not CenterApplication.objects.exists()
    for _ in range(5):
        assert client.post(reverse("center_apply"), application_fields()).status_code == 302
    response = client.post(reverse("center_apply"), application_fields())
    assert "Too many applications" in response.content.decode()
    assert CenterApplication.objects.count() == 5
    assert CenterApplication.objects.filter(applicant__isnull=True).count() == 5


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_license_form_help_shows_the_address_pattern_as_text(client, language):
    client.force_login(UserFactory(is_program_staff=True))
    application = services.center_apply(applicant=UserFactory(), **application_fields())
    page = client.get(
        reverse("program_application", kwargs={"pk": application.pk}),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    help_text = page.split('id="id_slug_helptext">')[1].split("</small>")[0]
    assert "/c/&lt;address&gt;/" in help_text
    assert "<address>" not in page
