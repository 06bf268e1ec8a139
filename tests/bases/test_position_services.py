"""Positions: only for a recognized internship base, checked fields, publish and close."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bases import services
from bases.models import Position, TrainingBase
from mentorship.models import AuditEntry
from mentorship.workflow import TransitionError
from tests.bases.factories import PositionFactory, TrainingBaseFactory

pytestmark = pytest.mark.django_db

P = Position.Status


def fields(**overrides):
    today = timezone.localdate()
    return {
        "title": "数据分析实习生（电商方向）",
        "description": "负责大促数据监控与专题分析。",
        "department": "数据决策部",
        "city": "杭州",
        "location": "余杭区文一西路969号",
        "openings": 3,
        "duration_months": 4,
        "stipend": Decimal("4000.00"),
        "majors": "统计学，数据科学与大数据技术、经济学",
        "start_date": today + timedelta(days=30),
        "deadline": today + timedelta(days=14),
        **overrides,
    }


def create(center, actor, base, **overrides):
    return services.position_create(center=center, actor=actor, base=base, **fields(**overrides))


def test_representative_posts_a_draft_position(in_center, rep, recognized):
    position = create(in_center, rep, recognized)
    assert position.status == P.DRAFT
    assert position.center == in_center
    assert position.published_at is None
    assert position.majors == "统计学,数据科学与大数据技术,经济学"
    assert "数据分析实习生" in position.search_text
    assert recognized.enterprise.name_zh.lower() in position.search_text
    entry = AuditEntry.objects.get(verb="position.created")
    assert entry.actor == rep
    assert entry.after["stipend"] == "4000.00"


@pytest.mark.parametrize(
    "base_kwargs",
    [
        pytest.param({"kind": TrainingBase.Kind.WORKPLACE, "recognized": True}, id="workplace"),
        pytest.param({"status": TrainingBase.Status.DRAFT}, id="draft"),
        pytest.param({"submitted": True}, id="submitted"),
        pytest.param({"status": TrainingBase.Status.REJECTED}, id="rejected"),
        pytest.param(
            {
                "recognized": True,
                "recognized_from": timedelta(days=-800),
                "recognized_until": timedelta(days=-1),
            },
            id="recognition-expired",
        ),
        pytest.param(
            {
                "recognized": True,
                "recognized_from": timedelta(days=10),
                "recognized_until": timedelta(days=400),
            },
            id="recognition-not-yet-valid",
        ),
    ],
)
def test_positions_only_for_a_validly_recognized_internship_base(
    in_center, rep, enterprise, base_kwargs
):
    # Dates are given as days from today, read when the test runs (on the suite's day).
    base_kwargs = {
        name: timezone.localdate() + value if isinstance(value, timedelta) else value
        for name, value in base_kwargs.items()
    }
    base = TrainingBaseFactory(center=in_center, enterprise=enterprise, **base_kwargs)
    with pytest.raises(ValidationError, match="recognition is valid today"):
        create(in_center, rep, base)
    assert not Position.objects.exists()


def test_another_enterprise_cannot_post_on_this_base(in_center, other_rep, recognized):
    with pytest.raises(PermissionDenied):
        create(in_center, other_rep, recognized)
    assert not Position.objects.exists()


@pytest.mark.parametrize("months", [2, 7, 0, 12])
def test_duration_outside_3_to_6_months_is_a_field_error(in_center, rep, recognized, months):
    with pytest.raises(ValidationError) as excinfo:
        create(in_center, rep, recognized, duration_months=months)
    assert "duration_months" in excinfo.value.message_dict
    assert not Position.objects.exists()


@pytest.mark.parametrize("months", [3, 6])
def test_3_and_6_months_are_allowed(in_center, rep, recognized, months):
    assert create(in_center, rep, recognized, duration_months=months).duration_months == months


def test_deadline_after_start_is_a_field_error(in_center, rep, recognized):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        create(
            in_center,
            rep,
            recognized,
            start_date=today + timedelta(days=10),
            deadline=today + timedelta(days=11),
        )
    assert "deadline" in excinfo.value.message_dict
    assert not Position.objects.exists()


def test_deadline_on_the_start_date_is_fine(in_center, rep, recognized):
    day = timezone.localdate() + timedelta(days=10)
    assert create(in_center, rep, recognized, start_date=day, deadline=day).deadline == day


def test_deadline_in_the_past_is_a_field_error(in_center, rep, recognized):
    with pytest.raises(ValidationError) as excinfo:
        create(in_center, rep, recognized, deadline=timezone.localdate() - timedelta(days=1))
    assert "deadline" in excinfo.value.message_dict
    assert not Position.objects.exists()


def test_negative_stipend_is_a_field_error(in_center, rep, recognized):
    with pytest.raises(ValidationError) as excinfo:
        create(in_center, rep, recognized, stipend=Decimal("-1.00"))
    assert "stipend" in excinfo.value.message_dict


def test_update_changes_fields_and_audits_the_difference(in_center, rep, recognized):
    position = PositionFactory(base=recognized, status=P.DRAFT, published_at=None)
    position = services.position_update(
        center=in_center, actor=rep, position=position, title="Data Analyst Intern", openings=5
    )
    assert position.title == "Data Analyst Intern"
    assert "data analyst intern" in position.search_text
    entry = AuditEntry.objects.get(verb="position.updated")
    assert entry.after == {"title": "Data Analyst Intern", "openings": 5}


def test_an_old_deadline_may_stay_when_other_fields_change(in_center, rep, recognized):
    position = PositionFactory(base=recognized, deadline=timezone.localdate() - timedelta(days=2))
    services.position_update(
        center=in_center,
        actor=rep,
        position=position,
        description="更新了岗位描述。",
        deadline=position.deadline,
    )
    position.refresh_from_db()
    assert position.description == "更新了岗位描述。"


def test_openings_cannot_drop_below_accepted_students(in_center, rep, recognized):
    position = PositionFactory(base=recognized, openings=3, accepted_count=2)
    with pytest.raises(ValidationError) as excinfo:
        services.position_update(center=in_center, actor=rep, position=position, openings=1)
    assert "openings" in excinfo.value.message_dict


@pytest.mark.parametrize("status", [P.CLOSED, P.FILLED])
def test_closed_and_filled_positions_cannot_be_edited(in_center, rep, recognized, status):
    position = PositionFactory(base=recognized, status=status)
    with pytest.raises(ValidationError):
        services.position_update(center=in_center, actor=rep, position=position, openings=9)


def test_another_enterprise_cannot_edit_publish_or_close(in_center, other_rep, recognized):
    draft = PositionFactory(base=recognized, status=P.DRAFT, published_at=None)
    open_position = PositionFactory(base=recognized)
    with pytest.raises(PermissionDenied):
        services.position_update(center=in_center, actor=other_rep, position=draft, openings=9)
    with pytest.raises(PermissionDenied):
        services.position_publish(center=in_center, actor=other_rep, position=draft)
    with pytest.raises(PermissionDenied):
        services.position_close(center=in_center, actor=other_rep, position=open_position)


def test_publish_opens_the_position_and_stamps_the_time(in_center, rep, recognized):
    position = PositionFactory(base=recognized, status=P.DRAFT, published_at=None)
    before = timezone.now()
    position = services.position_publish(center=in_center, actor=rep, position=position)
    assert position.status == P.OPEN
    assert position.published_at >= before
    assert AuditEntry.objects.filter(verb="position.published").count() == 1


@pytest.mark.parametrize("status", [P.OPEN, P.CLOSED, P.FILLED])
def test_publish_only_a_draft(in_center, rep, recognized, status):
    position = PositionFactory(base=recognized, status=status)
    with pytest.raises(TransitionError):
        services.position_publish(center=in_center, actor=rep, position=position)


def test_publish_refuses_a_past_deadline(in_center, rep, recognized):
    position = PositionFactory(
        base=recognized,
        status=P.DRAFT,
        published_at=None,
        deadline=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.position_publish(center=in_center, actor=rep, position=position)


def test_publish_refuses_once_the_recognition_expired(in_center, rep, recognized):
    position = PositionFactory(base=recognized, status=P.DRAFT, published_at=None)
    TrainingBase.objects.filter(pk=recognized.pk).update(
        recognized_until=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.position_publish(center=in_center, actor=rep, position=position)
    position.refresh_from_db()
    assert position.status == P.DRAFT


@pytest.mark.parametrize("status", [P.OPEN, P.FILLED])
def test_close_an_open_or_filled_position(in_center, rep, recognized, status):
    position = PositionFactory(base=recognized, status=status)
    position = services.position_close(center=in_center, actor=rep, position=position)
    assert position.status == P.CLOSED
    assert AuditEntry.objects.get(verb="position.closed").before == {"status": status}


@pytest.mark.parametrize("status", [P.DRAFT, P.CLOSED])
def test_close_refuses_drafts_and_closed_positions(in_center, rep, recognized, status):
    position = PositionFactory(base=recognized, status=status)
    with pytest.raises(TransitionError):
        services.position_close(center=in_center, actor=rep, position=position)


def test_majors_are_normalized():
    assert services.normalize_majors(" 软件工程，计算机科学与技术、软件工程;英语\n") == (
        "软件工程,计算机科学与技术,英语"
    )
