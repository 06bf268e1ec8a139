"""An event's programme: mentors of the center speak with a talk title; universities
co-organize."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bases.models import TrainingBase
from events import services
from events.models import Event, Speaker
from mentorship.models import AuditEntry, Role
from mentorship.scoping import center_scope
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UniversityFactory
from tests.students.factories import TrainingBaseFactory, representative_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(center, unscoped):
    return EventFactory(center=center, kind=Event.Kind.FORUM, title="导师与朋友论坛")


def add(center, actor, event, user, title="从实习到就业"):
    with center_scope(center):
        return services.speaker_add(
            center=center, actor=actor, event=event, user=user, talk_title=title
        )


def test_a_mentor_of_the_center_speaks_once_per_event(
    center, coordinator, forum, member_factory, unscoped
):
    mentor = member_factory(center, Role.MENTOR)
    first = add(center, coordinator, forum, mentor, "  职业规划  三步走 ")
    assert (first.talk_title, first.order) == ("职业规划 三步走", 1)
    with pytest.raises(ValidationError) as twice:
        add(center, coordinator, forum, mentor)
    assert "user" in twice.value.message_dict
    second = add(center, coordinator, forum, member_factory(center, Role.MENTOR))
    assert second.order == 2
    assert AuditEntry.objects.filter(verb="event.speaker_added").count() == 2


def test_only_a_mentor_of_this_center_speaks(
    center, other_center, coordinator, forum, member_factory, unscoped
):
    for stranger in (
        member_factory(center, Role.STUDENT),
        member_factory(other_center, Role.MENTOR),
    ):
        with pytest.raises(ValidationError) as refused:
            add(center, coordinator, forum, stranger)
        assert "user" in refused.value.message_dict
    with pytest.raises(ValidationError) as untitled:
        add(center, coordinator, forum, member_factory(center, Role.MENTOR), " ")
    assert "talk_title" in untitled.value.message_dict


def test_only_coordinators_set_the_programme(center, forum, member_factory, unscoped):
    mentor = member_factory(center, Role.MENTOR)
    with pytest.raises(PermissionDenied):
        add(center, mentor, forum, mentor)


def test_the_programme_page_adds_removes_and_shows_speakers(
    client, center, coordinator, forum, member_factory, unscoped
):
    mentor = member_factory(center, Role.MENTOR)
    university = UniversityFactory(center=center, name_zh="浙江大学")
    client.force_login(coordinator)
    url = reverse("center:events:programme", kwargs={"center_slug": center.slug, "pk": forum.pk})
    response = client.post(url, {"user": mentor.pk, "talk_title": ""})
    assert response.status_code == 200 and "talk_title" in response.context["speaker_form"].errors
    client.post(url, {"user": mentor.pk, "talk_title": "AI 时代的求职"})
    client.post(url, {"universities_form": "1", "universities": [university.pk]})
    detail = reverse("center:events:detail", kwargs={"center_slug": center.slug, "pk": forum.pk})
    body = client.get(detail).content.decode()
    assert "AI 时代的求职" in body and str(university) in body
    speaker = Speaker.objects.get()
    client.post(url, {"remove": speaker.pk})
    assert not Speaker.objects.exists()


@pytest.fixture
def visit(center, unscoped):
    return EventFactory(center=center, kind=Event.Kind.VISIT, title="阿里巴巴西溪园区职场体验")


@pytest.fixture
def workplace(center, unscoped):
    return TrainingBaseFactory(center=center, kind=TrainingBase.Kind.WORKPLACE)


def host(center, actor, event, base):
    with center_scope(center):
        return services.host_set(center=center, actor=actor, event=event, base=base)


def test_the_host_s_representatives_keep_the_door_of_the_visit(
    client, center, coordinator, visit, workplace, member_factory, unscoped
):
    rep = representative_of(workplace.enterprise, center)
    other_rep = representative_of(TrainingBaseFactory(center=center).enterprise, center)
    door = reverse("center:events:door", kwargs={"center_slug": center.slug, "pk": visit.pk})
    client.force_login(rep)
    assert client.get(door).status_code == 403
    host(center, coordinator, visit, workplace)
    ticket = RegistrationFactory(event=visit)
    response = client.post(door, {"code": ticket.ticket_code})
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.checked_in_by == rep
    client.force_login(other_rep)
    assert client.get(door).status_code == 403


def test_only_a_recognized_workplace_base_hosts_a_visit(
    center, other_center, coordinator, visit, workplace, forum, unscoped
):
    for wrong in (
        TrainingBaseFactory(center=center),
        TrainingBaseFactory(center=other_center, kind=TrainingBase.Kind.WORKPLACE),
        TrainingBaseFactory(
            center=center, kind=TrainingBase.Kind.WORKPLACE, status=TrainingBase.Status.SUBMITTED
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            host(center, coordinator, visit, wrong)
        assert "base" in refused.value.message_dict
    with pytest.raises(ValidationError, match="Only a workplace-experience visit"):
        host(center, coordinator, forum, workplace)
    assert host(center, coordinator, visit, workplace).host_base == workplace
