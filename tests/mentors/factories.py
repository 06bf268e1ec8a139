"""Factories of mentor profiles, approvals and pairings for the mentors app's tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from mentors.models import (
    ActivityMentor,
    ConsultationSlot,
    FaceToFaceActivity,
    MentorApproval,
    MentoringSession,
    MentorProfile,
    Pairing,
    PairingRequest,
    QueueTicket,
)
from mentorship.models import Membership, Role
from tests.factories import ServiceCenterFactory, UserFactory


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(UserFactory)
    kind = MentorProfile.Kind.MENTOR
    title = "技术总监"
    organization = factory.Sequence(lambda n: f"杭州测试科技有限公司{n}")
    industry_tags = "互联网"
    expertise_tags = "数据分析,产品设计"
    majors = "计算机科学与技术,统计学"
    languages = "zh,en"
    bio = "十五年互联网行业经验。"
    capacity = 3
    phone = "13800000000"
    contact_email = factory.LazyAttribute(lambda o: f"contact.{o.user.email}")


class MentorApprovalFactory(factory.django.DjangoModelFactory):
    """An approved mentor of a center, with the mentor's membership there."""

    class Meta:
        model = MentorApproval
        skip_postgeneration_save = True

    center = factory.SubFactory(ServiceCenterFactory)
    profile = factory.SubFactory(MentorProfileFactory)
    status = MentorApproval.Status.APPROVED

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(
                center=obj.center, user=obj.profile.user, role=Role.MENTOR
            )


class PairingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairingRequest

    center = factory.SubFactory(ServiceCenterFactory)
    student = factory.SubFactory(UserFactory)
    reason = "想了解数据分析行业的职业发展。"
    status = PairingRequest.Status.OPEN


class PairingFactory(factory.django.DjangoModelFactory):
    """A pairing asked of its mentor, waiting for the answer."""

    class Meta:
        model = Pairing

    center = factory.SubFactory(ServiceCenterFactory)
    request = factory.SubFactory(PairingRequestFactory, center=factory.SelfAttribute("..center"))
    student = factory.SelfAttribute("request.student")
    mentor = factory.SubFactory(MentorProfileFactory)
    status = Pairing.Status.REQUESTED
    respond_by = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))


class MentoringSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringSession

    center = factory.SelfAttribute("pairing.center")
    pairing = factory.SubFactory(PairingFactory, status=Pairing.Status.ACTIVE)
    held_on = factory.LazyFunction(timezone.localdate)
    duration_minutes = 60
    mode = MentoringSession.Mode.ONLINE
    topic = "简历修改"
    notes = "逐段修改了简历。"
    logged_by = factory.SelfAttribute("pairing.student")


class FaceToFaceActivityFactory(factory.django.DjangoModelFactory):
    """An activity running now (the queue is open), ending in three hours."""

    class Meta:
        model = FaceToFaceActivity

    center = factory.SubFactory(ServiceCenterFactory)
    title = "导师面对面"
    venue = "杭州市人才市场三楼"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    door_code = factory.Sequence(lambda n: f"D{n:05d}")
    minutes_per_consultation = 15


class ActivityMentorFactory(factory.django.DjangoModelFactory):
    """A mentor approved in the activity's center, on its panel."""

    class Meta:
        model = ActivityMentor

    activity = factory.SubFactory(FaceToFaceActivityFactory)
    center = factory.SelfAttribute("activity.center")
    mentor = factory.LazyAttribute(
        lambda o: MentorApprovalFactory(center=o.activity.center).profile
    )


class ConsultationSlotFactory(factory.django.DjangoModelFactory):
    """A free slot tomorrow of a mentor on the panel of an activity."""

    class Meta:
        model = ConsultationSlot

    activity = factory.SubFactory(
        FaceToFaceActivityFactory,
        starts_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
    )
    center = factory.SelfAttribute("activity.center")
    mentor = factory.LazyAttribute(lambda o: ActivityMentorFactory(activity=o.activity).mentor)
    starts_at = factory.LazyAttribute(lambda o: o.activity.starts_at + timedelta(minutes=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=20))
    notice_hours = 2


class QueueTicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QueueTicket

    seat = factory.SubFactory(ActivityMentorFactory)
    activity = factory.SelfAttribute("seat.activity")
    center = factory.SelfAttribute("seat.center")
    student = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: n + 1)
