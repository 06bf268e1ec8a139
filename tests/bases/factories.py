"""Factories of enterprises, base applications and positions, and files to upload."""

import io
from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from bases.models import Enterprise, Position, TrainingBase
from bases.validators import credit_code_check_char
from students.models import Application, StudentProfile
from students.pdf import simple_pdf
from tests.factories import ServiceCenterFactory, UserFactory


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


PDF_BYTES = simple_pdf(["Business licence (test)"])
PNG_BYTES = _png()


def credit_code(n: int) -> str:
    """A valid, distinct unified social credit code for each n."""
    first17 = f"91330100MA{n:07d}"
    return first17 + credit_code_check_char(first17)


def pdf_file(name="licence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_file(name="licence.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name_zh = factory.Sequence(lambda n: f"杭州测试科技有限公司{n}")
    name_en = factory.Sequence(lambda n: f"Hangzhou Test Technology Co. {n}")
    credit_code = factory.Sequence(credit_code)
    industry = "软件和信息技术服务业"
    size = Enterprise.Size.MEDIUM
    address = "杭州市西湖区文三路 1 号"
    contact_name = "王芳"
    contact_phone = "0571-86000000"

    @factory.post_generation
    def representatives(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.representatives.add(*extracted)


class TrainingBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingBase

    center = factory.SubFactory(ServiceCenterFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = TrainingBase.Kind.INTERNSHIP
    status = TrainingBase.Status.DRAFT
    introduction = factory.Sequence(lambda n: f"实习生参与真实项目开发，由工程师一对一指导。#{n}")
    yearly_capacity = 20

    class Params:
        submitted = factory.Trait(
            status=TrainingBase.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)),
        )
        under_review = factory.Trait(
            status=TrainingBase.Status.UNDER_REVIEW,
            submitted_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=5)),
        )
        recognized = factory.Trait(
            status=TrainingBase.Status.RECOGNIZED,
            submitted_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            decided_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30)),
            recognized_from=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30)),
            recognized_until=factory.LazyFunction(
                lambda: timezone.localdate() + timedelta(days=700)
            ),
        )


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    base = factory.SubFactory(TrainingBaseFactory, recognized=True)
    center = factory.LazyAttribute(lambda o: o.base.center)
    title = factory.Sequence(lambda n: f"前端开发实习生{n}")
    description = "参与电商平台前端页面开发，使用 React 与 TypeScript。"
    department = "技术部"
    city = "杭州"
    location = "杭州市余杭区文一西路"
    openings = 3
    duration_months = 4
    stipend = Decimal("3000.00")
    majors = "计算机科学与技术,软件工程"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=40))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    status = Position.Status.OPEN
    published_at = factory.LazyFunction(timezone.now)


def wrong_check_digit(n: int) -> str:
    """credit_code(n) with its last character changed: the check digit no longer matches."""
    code = credit_code(n)
    return code[:17] + ("0" if code[17] != "0" else "1")


class StudentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentProfile

    center = factory.SubFactory(ServiceCenterFactory)
    user = factory.SubFactory(UserFactory)
    major = "计算机科学与技术"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    position = factory.SubFactory(PositionFactory)
    center = factory.LazyAttribute(lambda o: o.position.center)
    student = factory.SubFactory(
        StudentProfileFactory, center=factory.SelfAttribute("..position.center")
    )
