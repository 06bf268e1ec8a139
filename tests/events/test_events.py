"""Events of a center: coordinators publish them, visitors see the published ones."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event
from mentorship.models import AuditEntry, Role
from mentorship.scoping import center_scope
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def event_data(**overrides):
    starts = timezone.now() + timedelta(days=10)
    data = {
        "kind": Event.Kind.FORUM,
        "title": "导师导友论坛",
        "description": "五位导师与导友分享就业创业故事。",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "location": "浙江财经大学下沙校区",
        "capacity": 1000,
    }
    data.update(overrides)
    return data


def test_coordinator_drafts_publishes_and_cancels_an_event(center, coordinator):
    with center_scope(center):
        event = services.event_save(center=center, actor=coordinator, **event_data())
        assert event.status == Event.Status.DRAFT
        services.event_publish(center=center, actor=coordinator, event=event)
        with pytest.raises(ValidationError):
            services.event_cancel(center=center, actor=coordinator, event=event, reason=" ")
        services.event_cancel(center=center, actor=coordinator, event=event, reason="天气原因")
        event.refresh_from_db()
        assert (event.status, event.cancel_reason) == ("cancelled", "天气原因")
        with pytest.raises(ValidationError):
            services.event_save(center=center, actor=coordinator, event=event, **event_data())
    verbs = list(AuditEntry.objects.filter(center=center).values_list("verb", flat=True))
    assert sorted(verbs) == ["event.cancelled", "event.published", "event.saved"]


def test_only_coordinators_manage_events(center, member_factory):
    student = member_factory(center, Role.STUDENT)
    with center_scope(center), pytest.raises(PermissionDenied):
        services.event_save(center=center, actor=student, **event_data())


def test_an_event_must_end_after_it_starts(client, center, coordinator):
    client.force_login(coordinator)
    data = event_data()
    data["ends_at"] = data["starts_at"] - timedelta(hours=1)
    response = client.post(
        reverse("center:events:create", kwargs={"center_slug": center.slug}),
        {
            **data,
            "starts_at": data["starts_at"].strftime("%Y-%m-%dT%H:%M"),
            "ends_at": data["ends_at"].strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "ends_at" in response.context["form"].errors
    with center_scope(center):
        assert not Event.objects.exists()


def test_visitors_see_published_upcoming_events_not_drafts(client, center):
    EventFactory(center=center, title="已发布的讲座")
    draft = EventFactory(center=center, title="草稿讲座", status="draft")
    EventFactory(
        center=center,
        title="已结束的讲座",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    home = client.get(reverse("center:home", kwargs={"center_slug": center.slug})).content.decode()
    assert "已发布的讲座" in home
    assert "草稿讲座" not in home and "已结束的讲座" not in home
    detail = reverse("center:events:detail", kwargs={"center_slug": center.slug, "pk": draft.pk})
    assert client.get(detail).status_code == 404


def test_event_list_has_constant_queries(client, center, django_assert_max_num_queries):
    url = reverse("center:events:list", kwargs={"center_slug": center.slug})
    for _ in range(3):
        EventFactory(center=center)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for _ in range(30):
        EventFactory(center=center)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 25
