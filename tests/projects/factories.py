"""Factories of calls, rounds, projects and judging for the projects app's tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from mentorship.models import Membership, Role
from projects.models import (
    Assignment,
    Category,
    Criterion,
    Entry,
    Project,
    ProjectCall,
    Round,
    TeamMember,
)
from tests.factories import ServiceCenterFactory, UserFactory


class ProjectCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectCall

    center = factory.SubFactory(ServiceCenterFactory)
    title = factory.Sequence(lambda n: f"“你有好点子吗”大学生创业项目征集 {n}")
    description = "面向在校大学生的创业项目征集。"
    categories = factory.LazyFunction(lambda: [Category.TECHNOLOGY, Category.SOCIAL_GOOD])
    status = ProjectCall.Status.PUBLISHED


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        skip_postgeneration_save = True

    call = factory.SubFactory(ProjectCallFactory)
    center = factory.SelfAttribute("call.center")
    position = factory.Sequence(lambda n: n + 1)
    name = "初赛网评"
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    advance_count = 2
    reviews_per_submission = 2

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            for name, weight in extracted or [("创新性", 40), ("可行性", 60)]:
                Criterion.objects.create(center=obj.center, round=obj, name=name, weight=weight)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft project whose owner is a student of the center and in the team."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    current_round = factory.SubFactory(RoundFactory)
    call = factory.SelfAttribute("current_round.call")
    center = factory.SelfAttribute("call.center")
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"校园旧物循环平台 {n}")
    summary = "让毕业生的旧物在校园里流转。"
    category = Category.SOCIAL_GOOD
    stage = Project.Stage.IDEA
    problem = "毕业季大量旧物被丢弃。"
    solution = "线上登记、线下集中交换。"
    market = "杭州高校在校生。"
    advisor_name = "王老师"
    advisor_university = "浙江工业大学"

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(center=obj.center, user=obj.owner, role=Role.STUDENT)
            TeamMember.objects.create(
                center=obj.center,
                project=obj,
                email=obj.owner.email,
                user=obj.owner,
                status=TeamMember.Status.ACCEPTED,
            )


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    project = factory.SubFactory(ProjectFactory, status=Project.Status.SUBMITTED)
    round = factory.SelfAttribute("project.current_round")
    center = factory.SelfAttribute("project.center")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    entry = factory.SubFactory(EntryFactory)
    center = factory.SelfAttribute("entry.center")
    judge = factory.SubFactory(UserFactory)
