"""Factories for the program core; every test builds its world from these."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from mentorship.models import Invitation, Membership, Role, ServiceCenter, University, User

PASSWORD = "test-pass-2026"


class ServiceCenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCenter

    slug = factory.Sequence(lambda n: f"center{n}")
    name_zh = factory.Sequence(lambda n: f"测试服务中心{n}")
    name_en = factory.Sequence(lambda n: f"Test Service Center {n}")
    city = "杭州"
    host_institution = "测试大学"
    status = ServiceCenter.Status.ACTIVE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class UniversityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = University

    center = factory.SubFactory(ServiceCenterFactory)
    name_zh = factory.Sequence(lambda n: f"测试大学{n}")
    name_en = factory.Sequence(lambda n: f"Test University {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    center = factory.SubFactory(ServiceCenterFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.STUDENT


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    center = factory.SubFactory(ServiceCenterFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.test")
    role = Role.BUREAU
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))
