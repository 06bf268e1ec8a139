"""Application services, called directly: each transition allowed or refused, the actor's
right, the audit entry, the notifications, and the placement created on accept."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bases.models import Position
from mentorship.models import AuditEntry, Notification, NotificationKind, OutgoingEmail
from mentorship.scoping import center_scope
from mentorship.workflow import TransitionError
from students import services
from students.models import Application, Placement
from tests.students.factories import (
    ApplicationFactory,
    PositionFactory,
    StudentProfileFactory,
    representative_of,
)

S = Application.Status


def _apply(world, **kwargs):
    with center_scope(world.center):
        return services.application_submit(
            center=world.center, actor=world.student, position=world.position, **kwargs
        )


def _move(world, application, to, actor=None, note=""):
    with center_scope(world.center):
        return services.application_move(
            center=world.center, actor=actor or world.rep, application=application, to=to, note=note
        )


def _offered(world, **kwargs):
    return ApplicationFactory(position=world.position, student=world.profile, status=S.OFFERED)


def test_student_applies_and_representatives_hear_of_it(world):
    application = _apply(world, cover_letter="  I like data.  ")
    assert application.status == S.SUBMITTED
    assert application.cover_letter == "I like data."
    entry = AuditEntry.objects.get(verb="application.submitted")
    assert entry.actor == world.student
    assert entry.center == world.center
    assert entry.target_id == str(application.pk)
    note = Notification.objects.get(user=world.rep)
    assert note.kind == NotificationKind.NEW_APPLICANT
    assert world.position.title in note.title
    assert f"/applicants/{application.pk}/" in note.url
    assert OutgoingEmail.objects.filter(to=world.rep.email).count() == 1


def test_representative_of_the_enterprise_elsewhere_only_hears_nothing(world, other_center):
    # The enterprise is shared; a representative who is not a member here gets no news.
    from tests.factories import UserFactory

    outsider = UserFactory()
    world.enterprise.representatives.add(outsider)
    _apply(world)
    assert not Notification.objects.filter(user=outsider).exists()


def test_second_application_to_the_same_position_is_refused_clearly(world):
    _apply(world)
    with pytest.raises(ValidationError) as refused:
        _apply(world)
    assert refused.value.code == "already_applied"
    assert Application.objects.filter(position=world.position).count() == 1


def test_incomplete_profile_cannot_apply_and_says_what_is_missing(world):
    world.profile.phone = ""
    world.profile.resume = None
    world.profile.save()
    with pytest.raises(services.ProfileIncomplete) as refused:
        _apply(world)
    assert len(refused.value.missing) == 2
    assert not Application.objects.exists()


def test_student_without_a_profile_cannot_apply(world, member_factory):
    from mentorship.models import Role

    newcomer = member_factory(world.center, Role.STUDENT)
    with center_scope(world.center), pytest.raises(services.ProfileIncomplete):
        services.application_submit(center=world.center, actor=newcomer, position=world.position)


@pytest.mark.parametrize(
    "change",
    [
        {"status": Position.Status.CLOSED},
        {"status": Position.Status.FILLED},
        {"deadline": timedelta(days=-1)},  # from today, read when the test runs
    ],
    ids=["closed", "filled", "deadline-passed"],
)
def test_position_not_taking_applications_refuses(world, change):
    if "deadline" in change:
        change = {"deadline": timezone.localdate() + change["deadline"]}
    Position.objects.filter(pk=world.position.pk).update(**change)
    with pytest.raises(ValidationError) as refused:
        _apply(world)
    assert refused.value.code == "position_not_open"


def test_only_students_apply(world):
    with center_scope(world.center), pytest.raises(PermissionDenied):
        services.application_submit(center=world.center, actor=world.rep, position=world.position)


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.SUBMITTED, S.SHORTLISTED),
        (S.SHORTLISTED, S.INTERVIEW),
        (S.INTERVIEW, S.OFFERED),
        (S.SUBMITTED, S.REJECTED),
        (S.SHORTLISTED, S.REJECTED),
        (S.INTERVIEW, S.REJECTED),
        (S.OFFERED, S.REJECTED),
    ],
)
def test_enterprise_moves_applicant_and_student_is_told(world, start, to):
    application = ApplicationFactory(position=world.position, student=world.profile, status=start)
    _move(world, application, to, note="面试：周三 10:00")
    application.refresh_from_db()
    assert application.status == to
    entry = AuditEntry.objects.get(verb=f"application.{to}")
    assert entry.before == {"status": start}
    assert entry.after["note"] == "面试：周三 10:00"
    note = Notification.objects.get(user=world.student)
    assert note.kind == NotificationKind.APPLICATION_STATUS
    assert "面试：周三 10:00" in note.body


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.SUBMITTED, S.INTERVIEW),
        (S.SUBMITTED, S.OFFERED),
        (S.SHORTLISTED, S.SUBMITTED),
        (S.OFFERED, S.ACCEPTED),
        (S.ACCEPTED, S.REJECTED),
        (S.WITHDRAWN, S.SHORTLISTED),
        (S.REJECTED, S.OFFERED),
        (S.DECLINED, S.OFFERED),
    ],
)
def test_enterprise_cannot_skip_or_go_back(world, start, to):
    application = ApplicationFactory(position=world.position, student=world.profile, status=start)
    with pytest.raises(TransitionError):
        _move(world, application, to)
    application.refresh_from_db()
    assert application.status == start
    assert not Notification.objects.filter(user=world.student).exists()


def test_another_enterprise_cannot_move_the_applicant(world, unscoped):
    from tests.students.factories import EnterpriseFactory

    stranger = representative_of(EnterpriseFactory(), world.center)
    application = ApplicationFactory(position=world.position, student=world.profile)
    with pytest.raises(PermissionDenied):
        _move(world, application, S.SHORTLISTED, actor=stranger)
    with pytest.raises(PermissionDenied):
        _move(world, application, S.SHORTLISTED, actor=world.student)


def test_no_offer_when_every_opening_is_taken(world):
    Position.objects.filter(pk=world.position.pk).update(accepted_count=2)
    application = ApplicationFactory(
        position=world.position, student=world.profile, status=S.INTERVIEW
    )
    with pytest.raises(ValidationError) as refused:
        _move(world, application, S.OFFERED)
    assert refused.value.code == "position_full"


@pytest.mark.parametrize("start", [S.SUBMITTED, S.SHORTLISTED, S.INTERVIEW, S.OFFERED])
def test_student_withdraws_before_accepting(world, start):
    application = ApplicationFactory(position=world.position, student=world.profile, status=start)
    with center_scope(world.center):
        services.application_withdraw(
            center=world.center, actor=world.student, application=application
        )
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert AuditEntry.objects.filter(verb="application.withdrawn").exists()
    # Only a withdrawn offer is news for the enterprise.
    told = Notification.objects.filter(user=world.rep, kind=NotificationKind.OFFER_RESPONSE)
    assert told.exists() == (start == S.OFFERED)


@pytest.mark.parametrize("start", [S.ACCEPTED, S.DECLINED, S.REJECTED, S.WITHDRAWN])
def test_student_cannot_withdraw_after_the_end(world, start):
    application = ApplicationFactory(position=world.position, student=world.profile, status=start)
    with center_scope(world.center), pytest.raises(TransitionError):
        services.application_withdraw(
            center=world.center, actor=world.student, application=application
        )


def test_student_cannot_act_on_another_students_application(world):
    other = StudentProfileFactory(center=world.center)
    application = ApplicationFactory(position=world.position, student=other, status=S.OFFERED)
    for service in (
        services.application_withdraw,
        services.application_accept,
        services.application_decline,
    ):
        with center_scope(world.center), pytest.raises(PermissionDenied):
            service(center=world.center, actor=world.student, application=application)
    application.refresh_from_db()
    assert application.status == S.OFFERED


def test_accepting_creates_the_placement_and_takes_a_seat(world):
    application = _offered(world)
    with center_scope(world.center):
        placement = services.application_accept(
            center=world.center, actor=world.student, application=application
        )
    application.refresh_from_db()
    position = Position.objects.get(pk=world.position.pk)
    assert application.status == S.ACCEPTED
    assert position.accepted_count == 1
    assert position.status == Position.Status.OPEN
    assert placement.application == application
    assert placement.base == world.base
    assert placement.position == position
    assert placement.student == world.profile
    assert placement.start_date == position.start_date
    assert placement.end_date == services.applications.add_months(position.start_date, 3)
    assert placement.status == Placement.Status.ONGOING
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"application.accepted", "placement.created"} <= verbs
    note = Notification.objects.get(user=world.rep)
    assert note.kind == NotificationKind.OFFER_RESPONSE
    assert f"/placements/{placement.pk}/" in note.url


def test_last_seat_fills_the_position_and_later_accepts_are_refused(world):
    Position.objects.filter(pk=world.position.pk).update(accepted_count=1)
    first = _offered(world)
    second = ApplicationFactory(
        position=world.position,
        student=StudentProfileFactory(center=world.center),
        status=S.OFFERED,
    )
    with center_scope(world.center):
        services.application_accept(center=world.center, actor=world.student, application=first)
    position = Position.objects.get(pk=world.position.pk)
    assert (position.accepted_count, position.status) == (2, Position.Status.FILLED)
    with center_scope(world.center), pytest.raises(ValidationError) as refused:
        services.application_accept(
            center=world.center, actor=second.student.user, application=second
        )
    assert refused.value.code == "position_full"
    assert refused.value.messages == [str(services.POSITION_FULL)]
    second.refresh_from_db()
    assert second.status == S.OFFERED
    assert Placement.objects.count() == 1


def test_overlapping_placement_is_refused(world, unscoped):
    _offered(world)
    with center_scope(world.center):
        services.application_accept(
            center=world.center,
            actor=world.student,
            application=Application.objects.get(student=world.profile),
        )
    other_position = PositionFactory(base=world.base, start_date=world.position.start_date)
    second = ApplicationFactory(position=other_position, student=world.profile, status=S.OFFERED)
    with center_scope(world.center), pytest.raises(ValidationError) as refused:
        services.application_accept(center=world.center, actor=world.student, application=second)
    assert refused.value.code == "overlapping_placement"


@pytest.mark.parametrize("start", [S.SUBMITTED, S.SHORTLISTED, S.INTERVIEW, S.DECLINED])
def test_only_an_offer_can_be_accepted_or_declined(world, start):
    application = ApplicationFactory(position=world.position, student=world.profile, status=start)
    for service in (services.application_accept, services.application_decline):
        with center_scope(world.center), pytest.raises(TransitionError):
            service(center=world.center, actor=world.student, application=application)


def test_declining_tells_the_enterprise(world):
    application = _offered(world)
    with center_scope(world.center):
        services.application_decline(
            center=world.center, actor=world.student, application=application
        )
    application.refresh_from_db()
    assert application.status == S.DECLINED
    assert AuditEntry.objects.filter(verb="application.declined").exists()
    note = Notification.objects.get(user=world.rep)
    assert note.kind == NotificationKind.OFFER_RESPONSE
    assert Position.objects.get(pk=world.position.pk).accepted_count == 0


def test_notification_text_is_rendered_for_the_recipient(world):
    from django.utils import translation

    world.rep.language = "en"
    world.rep.save()
    with translation.override("zh-hans"):  # the acting student browses in Chinese
        _apply(world)
    assert Notification.objects.get(user=world.rep).title.startswith("New applicant")


def test_suspended_center_refuses_changes(world):
    world.center.status = world.center.Status.SUSPENDED
    world.center.save()
    with pytest.raises(PermissionDenied):
        _apply(world)
