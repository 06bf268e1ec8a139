"""Factories of enterprises, bases, positions, student profiles, applications and
placements for the students app's tests."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from bases.models import Position, TrainingBase
from mentorship.models import Membership, Role
from students.models import Application, Placement, SavedSearch, StudentProfile
from students.pdf import simple_pdf
from students.services.common import add_months
from tests.bases.factories import EnterpriseFactory
from tests.factories import MembershipFactory, ServiceCenterFactory, UniversityFactory, UserFactory


class TrainingBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingBase

    center = factory.SubFactory(ServiceCenterFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = TrainingBase.Kind.INTERNSHIP
    status = TrainingBase.Status.RECOGNIZED
    recognized_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    recognized_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=700))


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    base = factory.SubFactory(TrainingBaseFactory)
    center = factory.SelfAttribute("base.center")
    title = factory.Sequence(lambda n: f"数据分析实习生 Data intern {n}")
    description = "参与数据清洗、报表和分析。Clean data, build reports."
    department = "数据部"
    city = "杭州"
    openings = 2
    duration_months = 3
    stipend = Decimal("3000.00")
    majors = "统计学, 计算机科学"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    status = Position.Status.OPEN
    published_at = factory.LazyFunction(timezone.now)


def resume_file(name="resume.pdf"):
    return ContentFile(simple_pdf(["Resume", "Test student"]), name=name)


class StudentProfileFactory(factory.django.DjangoModelFactory):
    """A complete profile (so the student may apply) of a user who is a student there."""

    class Meta:
        model = StudentProfile
        skip_postgeneration_save = True

    center = factory.SubFactory(ServiceCenterFactory)
    user = factory.SubFactory(UserFactory)
    university = factory.SubFactory(UniversityFactory, center=factory.SelfAttribute("..center"))
    major = "统计学"
    degree = StudentProfile.Degree.BACHELOR
    graduation_year = 2027
    student_number = factory.Sequence(lambda n: f"2023{n:06d}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    skills = "Python, SQL"
    resume = factory.LazyFunction(resume_file)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Membership.objects.get_or_create(center=obj.center, user=obj.user, role=Role.STUDENT)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    position = factory.SubFactory(PositionFactory)
    center = factory.SelfAttribute("position.center")
    student = factory.SubFactory(StudentProfileFactory, center=factory.SelfAttribute("..center"))
    status = Application.Status.SUBMITTED
    cover_letter = "我对这个岗位很感兴趣。"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.ACCEPTED)
    center = factory.SelfAttribute("application.center")
    student = factory.SelfAttribute("application.student")
    position = factory.SelfAttribute("application.position")
    base = factory.SelfAttribute("application.position.base")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=45))
    end_date = factory.LazyAttribute(lambda o: add_months(o.start_date, 3))


def representative_of(enterprise, center, user=None):
    """A user who represents `enterprise` and is an enterprise member of `center`."""
    user = user or UserFactory()
    MembershipFactory(center=center, user=user, role=Role.ENTERPRISE)
    enterprise.representatives.add(user)
    return user


class SavedSearchFactory(factory.django.DjangoModelFactory):
    """A student's saved search (the student is made a student of the center too)."""

    class Meta:
        model = SavedSearch
        skip_postgeneration_save = True

    center = factory.SubFactory(ServiceCenterFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"数据岗位 {n}")
    q = "数据"
    alert = SavedSearch.Alert.DAILY

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Membership.objects.get_or_create(center=obj.center, user=obj.user, role=Role.STUDENT)
