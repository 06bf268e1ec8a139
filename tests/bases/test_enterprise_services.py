"""Registering and editing an enterprise: codes, licences, representatives, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bases import services
from bases.models import Enterprise
from mentorship.models import AuditEntry, Role
from mentorship.uploads import MAX_UPLOAD_BYTES
from tests.bases.factories import (
    PDF_BYTES,
    EnterpriseFactory,
    credit_code,
    pdf_file,
    png_file,
    wrong_check_digit,
)

pytestmark = pytest.mark.django_db

VALID = {
    "name_zh": "杭州云栖智能科技有限公司",
    "name_en": "Hangzhou Yunqi Intelligence Co., Ltd.",
    "industry": "软件和信息技术服务业",
    "size": Enterprise.Size.SMALL,
    "address": "杭州市西湖区云栖小镇",
    "contact_name": "李娜",
    "contact_phone": "0571-87000000",
}


def register(center, actor, **overrides):
    fields = {
        **VALID,
        "credit_code": credit_code(900),
        "business_licence": pdf_file(),
        **overrides,
    }
    return services.enterprise_register(center=center, actor=actor, **fields)


def field_error(excinfo, field):
    return excinfo.value.message_dict[field]


def test_registering_makes_the_person_a_representative_and_is_audited(in_center, rep):
    enterprise = register(in_center, rep)

    assert list(enterprise.representatives.all()) == [rep]
    assert enterprise.credit_code == credit_code(900)
    assert enterprise.business_licence.name.startswith("private/licences/")
    assert enterprise.business_licence.name.endswith(".pdf")
    entry = AuditEntry.objects.get(verb="enterprise.registered")
    assert entry.actor == rep
    assert entry.center == in_center
    assert entry.target_id == str(enterprise.pk)


def test_credit_code_is_stored_upper_case_and_trimmed(in_center, rep):
    enterprise = register(in_center, rep, credit_code=f"  {credit_code(901).lower()} ")
    assert enterprise.credit_code == credit_code(901)


def test_a_png_licence_is_accepted(in_center, rep):
    enterprise = register(in_center, rep, business_licence=png_file())
    assert enterprise.business_licence.name.endswith(".png")


def test_the_stored_licence_is_named_by_its_content(in_center, rep):
    enterprise = register(in_center, rep, business_licence=png_file(name="scan.pdf"))
    assert enterprise.business_licence.name.endswith(".png")


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(credit_code(902)[:17], id="too-short"),
        pytest.param(credit_code(902) + "1", id="too-long"),
        pytest.param("91330100MA27XL1AI" + "1", id="letter-I"),
        pytest.param("91330100MA27XL1O" + "SZ", id="letters-O-S-Z"),
        pytest.param(wrong_check_digit(902), id="wrong-check-digit"),
    ],
)
def test_bad_credit_code_is_a_field_error_and_saves_nothing(in_center, rep, code):
    with pytest.raises(ValidationError) as excinfo:
        register(in_center, rep, credit_code=code)
    assert field_error(excinfo, "credit_code")
    assert not Enterprise.objects.exists()
    assert not AuditEntry.objects.filter(verb="enterprise.registered").exists()


def test_duplicate_credit_code_says_it_is_registered(in_center, rep):
    EnterpriseFactory(credit_code=credit_code(903))
    with pytest.raises(ValidationError) as excinfo:
        register(in_center, rep, credit_code=credit_code(903))
    assert "already registered" in field_error(excinfo, "credit_code")[0]
    assert Enterprise.objects.count() == 1


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(SimpleUploadedFile("licence.pdf", b"just some text\n"), id="text-named-pdf"),
        pytest.param(
            SimpleUploadedFile("licence.pdf", PDF_BYTES + b"0" * MAX_UPLOAD_BYTES),
            id="too-large",
        ),
        pytest.param(SimpleUploadedFile("licence.pdf", b""), id="empty"),
        pytest.param(None, id="missing"),
    ],
)
def test_bad_licence_is_a_field_error_and_saves_nothing(in_center, rep, upload, settings):
    with pytest.raises(ValidationError) as excinfo:
        register(in_center, rep, business_licence=upload)
    assert field_error(excinfo, "business_licence")
    assert not Enterprise.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(media.rglob("*.*"))


@pytest.mark.parametrize("role", [Role.STUDENT, Role.MENTOR, Role.BUREAU, Role.COORDINATOR])
def test_only_enterprise_members_register(in_center, member_factory, role):
    with pytest.raises(PermissionDenied):
        register(in_center, member_factory(in_center, role))
    assert not Enterprise.objects.exists()


def test_representative_updates_details_and_the_change_is_audited(in_center, rep, enterprise):
    services.enterprise_update(
        center=in_center, actor=rep, enterprise=enterprise, address="杭州市滨江区网商路1号"
    )
    enterprise.refresh_from_db()
    assert enterprise.address == "杭州市滨江区网商路1号"
    entry = AuditEntry.objects.get(verb="enterprise.updated")
    assert entry.after == {"address": "杭州市滨江区网商路1号"}
    assert entry.before == {"address": "杭州市西湖区文三路 1 号"}


def test_replacing_the_licence_removes_the_old_file_after_commit(
    in_center, rep, enterprise, django_capture_on_commit_callbacks
):
    old = enterprise.business_licence.name
    storage = enterprise.business_licence.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.enterprise_update(
            center=in_center, actor=rep, enterprise=enterprise, business_licence=png_file()
        )
    enterprise.refresh_from_db()
    assert enterprise.business_licence.name != old
    assert storage.exists(enterprise.business_licence.name)
    assert not storage.exists(old)


def test_someone_else_cannot_update_the_enterprise(in_center, other_rep, enterprise):
    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            center=in_center, actor=other_rep, enterprise=enterprise, address="somewhere"
        )
    enterprise.refresh_from_db()
    assert enterprise.address != "somewhere"


def test_the_credit_code_cannot_be_changed(in_center, rep, enterprise):
    with pytest.raises(TypeError):
        services.enterprise_update(
            center=in_center, actor=rep, enterprise=enterprise, credit_code=credit_code(904)
        )


# Representatives


def test_representative_adds_a_colleague_of_this_center(in_center, rep, other_rep, enterprise):
    person = services.enterprise_add_representative(
        center=in_center, actor=rep, enterprise=enterprise, email=other_rep.email.upper()
    )
    assert person == other_rep
    assert set(enterprise.representatives.all()) == {rep, other_rep}
    entry = AuditEntry.objects.get(verb="enterprise.representative_added")
    assert entry.after == {"user": other_rep.pk, "email": other_rep.email}


@pytest.mark.parametrize("who", ["student-here", "enterprise-elsewhere", "nobody", "already"])
def test_only_enterprise_members_of_this_center_can_be_added(
    in_center, other_center, rep, enterprise, member_factory, who
):
    email = {
        "student-here": lambda: member_factory(in_center, Role.STUDENT).email,
        "enterprise-elsewhere": lambda: member_factory(other_center, Role.ENTERPRISE).email,
        "nobody": lambda: "nobody@example.test",
        "already": lambda: rep.email,
    }[who]()
    with pytest.raises(ValidationError) as excinfo:
        services.enterprise_add_representative(
            center=in_center, actor=rep, enterprise=enterprise, email=email
        )
    assert "email" in excinfo.value.message_dict
    assert list(enterprise.representatives.all()) == [rep]


def test_a_non_representative_cannot_add_themselves(in_center, other_rep, enterprise):
    with pytest.raises(PermissionDenied):
        services.enterprise_add_representative(
            center=in_center, actor=other_rep, enterprise=enterprise, email=other_rep.email
        )


def test_representatives_remove_each_other_but_one_always_remains(
    in_center, rep, other_rep, enterprise
):
    enterprise.representatives.add(other_rep)
    services.enterprise_remove_representative(
        center=in_center, actor=other_rep, enterprise=enterprise, person=rep
    )
    assert list(enterprise.representatives.all()) == [other_rep]
    assert AuditEntry.objects.filter(verb="enterprise.representative_removed").count() == 1
    with pytest.raises(ValidationError, match="at least one"):
        services.enterprise_remove_representative(
            center=in_center, actor=other_rep, enterprise=enterprise, person=other_rep
        )
    with pytest.raises(PermissionDenied):
        services.enterprise_remove_representative(
            center=in_center, actor=rep, enterprise=enterprise, person=other_rep
        )
