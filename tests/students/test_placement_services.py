"""Placement services, called directly: supervisor, monthly check-ins, completing and
ending early, evaluations both ways, and the reminders before the end."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentorship.models import AuditEntry, Notification, NotificationKind, Role, ServiceCenter
from mentorship.scoping import center_scope
from mentorship.workflow import TransitionError
from students import services
from students.models import CheckIn, Placement
from students.services.common import add_months
from students.tasks import placement_ending_reminders_task
from tests.students.factories import ApplicationFactory, PlacementFactory

P = Placement.Status


@pytest.fixture
def placement(world):
    application = ApplicationFactory(
        position=world.position, student=world.profile, status="accepted"
    )
    return PlacementFactory(application=application)


def call(world, service, **kwargs):
    with center_scope(world.center):
        return service(center=world.center, **kwargs)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2026, 3, 15), 3) == date(2026, 6, 15)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 1), 2) == date(2027, 1, 1)


def test_representative_sets_the_supervisor(world, placement):
    call(
        world,
        services.placement_set_supervisor,
        actor=world.rep,
        placement=placement,
        name=" 王工 ",
        phone="13800001111",
    )
    placement.refresh_from_db()
    assert (placement.supervisor_name, placement.supervisor_phone) == ("王工", "13800001111")
    assert AuditEntry.objects.filter(verb="placement.supervisor_set").exists()


def test_student_cannot_set_the_supervisor(world, placement):
    with pytest.raises(PermissionDenied):
        call(
            world,
            services.placement_set_supervisor,
            actor=world.student,
            placement=placement,
            name="Me",
            phone="1",
        )


def test_student_checks_in_once_per_month_within_the_placement(world, placement):
    month = placement.start_date
    call(
        world,
        services.placement_check_in,
        actor=world.student,
        placement=placement,
        month=month,
        summary="学习了数据清洗。",
    )
    check_in = CheckIn.objects.get()
    assert check_in.month == month.replace(day=1)
    assert AuditEntry.objects.filter(verb="placement.checked_in").exists()
    with pytest.raises(ValidationError) as twice:
        call(
            world,
            services.placement_check_in,
            actor=world.student,
            placement=placement,
            month=month,
            summary="again",
        )
    assert twice.value.error_dict["month"][0].code == "duplicate_month"


@pytest.mark.parametrize("offset_days", [-40, 400])
def test_check_in_outside_the_placement_or_in_the_future_is_refused(world, placement, offset_days):
    month = placement.start_date + timedelta(days=offset_days)
    with pytest.raises(ValidationError) as refused:
        call(
            world,
            services.placement_check_in,
            actor=world.student,
            placement=placement,
            month=month,
            summary="x",
        )
    assert "month" in refused.value.error_dict
    assert not CheckIn.objects.exists()


def test_check_in_months_stop_at_today():
    start = timezone.localdate() - timedelta(days=40)
    placement = Placement(start_date=start, end_date=add_months(start, 6), status=P.ONGOING)
    months = services.check_in_months(placement)
    assert months[0] == start.replace(day=1)
    assert months[-1] == timezone.localdate().replace(day=1)


def test_only_the_placements_student_checks_in(world, placement, member_factory):
    from tests.students.factories import StudentProfileFactory

    other = StudentProfileFactory(center=world.center).user
    with pytest.raises(PermissionDenied):
        call(
            world,
            services.placement_check_in,
            actor=other,
            placement=placement,
            month=placement.start_date,
            summary="x",
        )


def test_completing_waits_for_the_last_two_weeks(world, placement):
    with pytest.raises(ValidationError) as early:
        call(world, services.placement_complete, actor=world.rep, placement=placement)
    assert early.value.code == "too_early"
    Placement.objects.filter(pk=placement.pk).update(
        end_date=timezone.localdate() + timedelta(days=10)
    )
    call(world, services.placement_complete, actor=world.rep, placement=placement)
    placement.refresh_from_db()
    assert placement.status == P.COMPLETED
    assert Notification.objects.filter(user=world.student).exists()
    with pytest.raises(TransitionError):
        call(world, services.placement_complete, actor=world.rep, placement=placement)


def test_terminating_early_needs_reason_and_a_date_within(world, placement):
    with pytest.raises(ValidationError) as refused:
        call(
            world,
            services.placement_terminate,
            actor=world.rep,
            placement=placement,
            terminated_on=placement.start_date - timedelta(days=1),
            reason=" ",
        )
    assert set(refused.value.error_dict) == {"terminated_on", "reason"}
    with pytest.raises(ValidationError) as future:
        call(
            world,
            services.placement_terminate,
            actor=world.rep,
            placement=placement,
            terminated_on=timezone.localdate() + timedelta(days=1),
            reason="Moved away",
        )
    assert "terminated_on" in future.value.error_dict
    today = timezone.localdate()
    call(
        world,
        services.placement_terminate,
        actor=world.coordinator,
        placement=placement,
        terminated_on=today,
        reason="家庭原因",
    )
    placement.refresh_from_db()
    assert (placement.status, placement.terminated_on) == (P.TERMINATED, today)
    assert placement.termination_reason == "家庭原因"
    entry = AuditEntry.objects.get(verb="placement.terminated")
    assert entry.actor == world.coordinator
    kinds = set(Notification.objects.values_list("user", "kind"))
    assert (world.student.pk, NotificationKind.PLACEMENT_ENDING) in kinds
    assert (world.rep.pk, NotificationKind.PLACEMENT_ENDING) in kinds


@pytest.mark.parametrize("who", ["student", "bureau", "mentor"])
def test_others_cannot_end_a_placement(world, placement, who):
    with pytest.raises(PermissionDenied):
        call(
            world,
            services.placement_terminate,
            actor=getattr(world, who),
            placement=placement,
            terminated_on=timezone.localdate(),
            reason="x",
        )


def test_evaluations_open_two_weeks_before_the_end(world, placement):
    with pytest.raises(ValidationError):
        call(
            world,
            services.placement_evaluate,
            actor=world.rep,
            placement=placement,
            rating=4,
            text="Good",
        )
    Placement.objects.filter(pk=placement.pk).update(
        end_date=timezone.localdate() + timedelta(days=3)
    )
    call(
        world,
        services.placement_evaluate,
        actor=world.rep,
        placement=placement,
        rating=5,
        text="认真负责",
    )
    call(
        world,
        services.placement_give_feedback,
        actor=world.student,
        placement=placement,
        rating=4,
        text="学到很多",
    )
    placement.refresh_from_db()
    assert (placement.enterprise_rating, placement.enterprise_evaluation) == (5, "认真负责")
    assert (placement.student_rating, placement.student_feedback) == (4, "学到很多")
    assert AuditEntry.objects.filter(verb="placement.evaluated").exists()
    assert AuditEntry.objects.filter(verb="placement.feedback_given").exists()


def test_evaluation_rating_must_be_one_to_five_and_text_given(world, placement):
    Placement.objects.filter(pk=placement.pk).update(status=P.COMPLETED)
    with pytest.raises(ValidationError) as refused:
        call(
            world,
            services.placement_evaluate,
            actor=world.rep,
            placement=placement,
            rating=6,
            text="",
        )
    assert set(refused.value.error_dict) == {"rating", "text"}


def test_the_student_rates_the_base_not_the_enterprise_the_student(world, placement):
    Placement.objects.filter(pk=placement.pk).update(status=P.COMPLETED)
    with pytest.raises(PermissionDenied):
        call(
            world,
            services.placement_evaluate,
            actor=world.student,
            placement=placement,
            rating=5,
            text="x",
        )
    with pytest.raises(PermissionDenied):
        call(
            world,
            services.placement_give_feedback,
            actor=world.rep,
            placement=placement,
            rating=5,
            text="x",
        )


def test_ending_reminders_go_once_per_placement(world, placement, other_center):
    Placement.objects.filter(pk=placement.pk).update(
        end_date=timezone.localdate() + timedelta(days=10)
    )
    later = PlacementFactory(
        application=ApplicationFactory(position=world.position, status="accepted"),
        start_date=timezone.localdate() - timedelta(days=10),
    )
    assert later.end_date > timezone.localdate() + timedelta(days=14)

    placement_ending_reminders_task.delay()
    placement_ending_reminders_task.delay()  # a second run sends nothing more

    placement.refresh_from_db()
    assert placement.ending_reminder_sent_at is not None
    to_student = Notification.objects.filter(user=world.student)
    assert list(to_student.values_list("kind", flat=True)) == [NotificationKind.PLACEMENT_ENDING]
    to_rep = sorted(Notification.objects.filter(user=world.rep).values_list("kind", flat=True))
    assert to_rep == sorted(
        [NotificationKind.PLACEMENT_ENDING, NotificationKind.EVALUATION_REQUESTED]
    )
    assert not Notification.objects.filter(user=later.student.user).exists()
    assert AuditEntry.objects.filter(verb="placement.ending_reminded").count() == 1


def test_reminder_task_fans_out_one_task_per_center(monkeypatch, world, other_center):
    from students import tasks

    sent = []
    monkeypatch.setattr(
        tasks.placement_ending_reminders_center_task,
        "delay",
        lambda **kwargs: sent.append(kwargs["center_id"]),
    )
    tasks.placement_ending_reminders_task()
    expected = set(
        ServiceCenter.objects.exclude(status=ServiceCenter.Status.APPLIED).values_list(
            "pk", flat=True
        )
    )
    assert set(sent) == expected
    assert {world.center.pk, other_center.pk} <= set(sent)


def actions(world, user, placement, *roles):
    with center_scope(world.center):
        return services.placement_actions(user=user, roles=set(roles), placement=placement)


def test_placement_actions_follow_who_asks(world, placement):
    student = actions(world, world.student, placement, Role.STUDENT)
    assert student.check_in and student.check_in_months
    assert not (student.set_supervisor or student.evaluate or student.complete)
    assert not student.terminate
    rep = actions(world, world.rep, placement, Role.ENTERPRISE)
    assert rep.set_supervisor and rep.terminate
    assert not (rep.check_in or rep.give_feedback)
    coordinator = actions(world, world.coordinator, placement, Role.COORDINATOR)
    assert coordinator.terminate and not coordinator.set_supervisor
    # A role the visitor holds is not enough: the placement must be theirs.
    assert actions(world, world.rep, placement, Role.STUDENT) == services.PlacementActions()
    assert actions(world, world.student, placement, Role.ENTERPRISE) == services.PlacementActions()
    assert actions(world, world.bureau, placement, Role.BUREAU) == services.PlacementActions()


def test_placement_actions_open_ratings_near_the_end_and_leave_reported_months_out(
    world, placement
):
    first = CheckIn.objects.create(
        center=world.center, placement=placement, month=placement.start_date.replace(day=1)
    )
    near_end = placement.end_date - timedelta(days=3)
    with center_scope(world.center):
        rep = services.placement_actions(
            user=world.rep, roles={Role.ENTERPRISE}, placement=placement, today=near_end
        )
        student = services.placement_actions(
            user=world.student, roles={Role.STUDENT}, placement=placement, today=near_end
        )
    assert rep.evaluate and rep.complete
    assert student.give_feedback
    assert first.month not in student.check_in_months
    assert student.check_in_months[0] > first.month
