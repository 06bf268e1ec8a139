"""The base-application workflow: every transition, who may make it, audit, notifications."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bases import services
from bases.models import TrainingBase
from mentorship.models import AuditEntry, Notification, NotificationKind, Role
from mentorship.workflow import TransitionError
from tests.bases.factories import EnterpriseFactory, TrainingBaseFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

S = TrainingBase.Status


def audit_verbs(base):
    return list(
        AuditEntry.objects.filter(target_type="bases.trainingbase", target_id=str(base.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def make_base(center, enterprise, status, **extra):
    traits = {
        S.SUBMITTED: {"submitted": True},
        S.UNDER_REVIEW: {"under_review": True},
        S.RECOGNIZED: {"recognized": True},
    }.get(status, {"status": status})
    return TrainingBaseFactory(center=center, enterprise=enterprise, **traits, **extra)


# Creating and editing a draft


def test_representative_creates_a_draft(in_center, rep, enterprise):
    base = services.base_create(
        center=in_center,
        actor=rep,
        enterprise=enterprise,
        kind=TrainingBase.Kind.INTERNSHIP,
        introduction="实习生参与前端开发。",
        yearly_capacity=12,
    )
    assert base.status == S.DRAFT
    assert base.center == in_center
    assert base.created_by == rep
    assert audit_verbs(base) == ["base.created"]


def test_one_application_per_kind_and_center(in_center, rep, enterprise):
    kwargs = {"center": in_center, "actor": rep, "enterprise": enterprise}
    services.base_create(**kwargs, kind=TrainingBase.Kind.INTERNSHIP)
    services.base_create(**kwargs, kind=TrainingBase.Kind.WORKPLACE)
    with pytest.raises(ValidationError) as excinfo:
        services.base_create(**kwargs, kind=TrainingBase.Kind.INTERNSHIP)
    assert "kind" in excinfo.value.message_dict
    assert TrainingBase.objects.count() == 2


def test_someone_not_representing_the_enterprise_cannot_apply(in_center, other_rep, enterprise):
    with pytest.raises(PermissionDenied):
        services.base_create(
            center=in_center, actor=other_rep, enterprise=enterprise, kind="internship"
        )
    assert not TrainingBase.objects.exists()


def test_representative_without_enterprise_role_here_cannot_apply(
    in_center, enterprise, member_factory, rep
):
    stranger = member_factory(in_center, Role.STUDENT)
    enterprise.representatives.add(stranger)
    with pytest.raises(PermissionDenied):
        services.base_create(
            center=in_center, actor=stranger, enterprise=enterprise, kind="internship"
        )


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED])
def test_draft_and_returned_applications_can_be_edited(in_center, rep, enterprise, status):
    base = make_base(in_center, enterprise, status)
    services.base_update(center=in_center, actor=rep, base=base, yearly_capacity=40)
    base.refresh_from_db()
    assert base.yearly_capacity == 40
    entry = AuditEntry.objects.get(verb="base.updated")
    assert entry.before == {"yearly_capacity": 20}
    assert entry.after == {"yearly_capacity": 40}


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.RECOGNIZED, S.REJECTED])
def test_applications_in_review_or_decided_cannot_be_edited(in_center, rep, enterprise, status):
    base = make_base(in_center, enterprise, status)
    with pytest.raises(ValidationError):
        services.base_update(center=in_center, actor=rep, base=base, yearly_capacity=40)
    base.refresh_from_db()
    assert base.yearly_capacity == 20


# Submitting


def test_submit_notifies_the_centers_bureau_staff_by_app_and_email(
    in_center,
    rep,
    enterprise,
    draft,
    bureau,
    member_factory,
    other_center,
    django_capture_on_commit_callbacks,
):
    colleague = member_factory(in_center, Role.BUREAU)
    elsewhere = member_factory(other_center, Role.BUREAU)
    with django_capture_on_commit_callbacks(execute=True):
        base = services.base_submit(center=in_center, actor=rep, base=draft)

    assert base.status == S.SUBMITTED
    assert base.submitted_at is not None
    assert audit_verbs(base) == ["base.submitted"]
    notified = Notification.objects.filter(kind=NotificationKind.BASE_SUBMITTED)
    assert {n.user for n in notified} == {bureau, colleague}
    assert all(n.url.endswith(f"/bases/{base.pk}/") for n in notified)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([bureau.email, colleague.email])
    assert elsewhere.email not in {m.to[0] for m in mail.outbox}


def test_no_email_before_the_transaction_commits(in_center, rep, draft, bureau):
    services.base_submit(center=in_center, actor=rep, base=draft)
    assert Notification.objects.filter(user=bureau).exists()
    assert mail.outbox == []


def test_submit_needs_an_introduction(in_center, rep, enterprise):
    base = TrainingBaseFactory(center=in_center, enterprise=enterprise, introduction="  ")
    with pytest.raises(ValidationError) as excinfo:
        services.base_submit(center=in_center, actor=rep, base=base)
    assert "introduction" in excinfo.value.message_dict
    base.refresh_from_db()
    assert base.status == S.DRAFT


def test_submit_needs_the_business_licence(in_center, rep):
    enterprise = EnterpriseFactory(representatives=[rep])
    base = TrainingBaseFactory(center=in_center, enterprise=enterprise)
    with pytest.raises(ValidationError, match="business licence"):
        services.base_submit(center=in_center, actor=rep, base=base)
    base.refresh_from_db()
    assert base.status == S.DRAFT


def test_only_a_representative_submits(in_center, other_rep, draft):
    with pytest.raises(PermissionDenied):
        services.base_submit(center=in_center, actor=other_rep, base=draft)


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.RECOGNIZED, S.REJECTED])
def test_cannot_submit_twice_or_after_a_decision(in_center, rep, enterprise, status):
    base = make_base(in_center, enterprise, status)
    with pytest.raises(TransitionError):
        services.base_submit(center=in_center, actor=rep, base=base)


# The bureau's side


def test_bureau_starts_the_review(in_center, bureau, enterprise):
    base = make_base(in_center, enterprise, S.SUBMITTED)
    base = services.base_start_review(center=in_center, actor=bureau, base=base)
    assert base.status == S.UNDER_REVIEW
    assert audit_verbs(base) == ["base.review_started"]


@pytest.mark.parametrize("status", [S.DRAFT, S.UNDER_REVIEW, S.RECOGNIZED, S.RETURNED])
def test_review_starts_only_from_submitted(in_center, bureau, enterprise, status):
    base = make_base(in_center, enterprise, status)
    with pytest.raises(TransitionError):
        services.base_start_review(center=in_center, actor=bureau, base=base)


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.COORDINATOR, Role.STUDENT, Role.MENTOR])
def test_only_bureau_staff_review(in_center, member_factory, enterprise, role):
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    actor = member_factory(in_center, role)
    for call in (
        lambda: services.base_start_review(center=in_center, actor=actor, base=base),
        lambda: services.base_recognize(center=in_center, actor=actor, base=base),
        lambda: services.base_return(center=in_center, actor=actor, base=base, comment="x"),
        lambda: services.base_reject(center=in_center, actor=actor, base=base, comment="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    base.refresh_from_db()
    assert base.status == S.UNDER_REVIEW


def test_bureau_staff_of_another_center_cannot_decide(
    in_center, other_center, member_factory, enterprise
):
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    outsider = member_factory(other_center, Role.BUREAU)
    with pytest.raises(PermissionDenied):
        services.base_recognize(center=in_center, actor=outsider, base=base)


def test_nobody_decides_on_their_own_companys_application(in_center, rep, enterprise):
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    MembershipFactory(center=in_center, user=rep, role=Role.BUREAU)
    with pytest.raises(PermissionDenied):
        services.base_recognize(center=in_center, actor=rep, base=base)


def test_recognize_with_the_default_two_year_validity_notifies_representatives(
    in_center, bureau, rep, enterprise, member_factory, django_capture_on_commit_callbacks
):
    colleague = member_factory(in_center, Role.ENTERPRISE)
    enterprise.representatives.add(colleague)
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        base = services.base_recognize(center=in_center, actor=bureau, base=base)

    today = timezone.localdate()
    assert base.status == S.RECOGNIZED
    assert base.recognized_from == today
    assert base.recognized_until == services.default_recognition_until(today)
    assert (base.recognized_until - today).days in (729, 730)
    assert base.decided_by == bureau
    assert base.is_recognition_valid and base.accepts_positions
    entry = AuditEntry.objects.get(verb="base.recognized")
    assert entry.actor == bureau
    assert entry.after["recognized_until"] == base.recognized_until.isoformat()
    decisions = Notification.objects.filter(kind=NotificationKind.BASE_DECISION)
    assert {n.user for n in decisions} == {rep, colleague}
    assert {m.to[0] for m in mail.outbox} == {rep.email, colleague.email}


def test_recognize_with_a_chosen_period(in_center, bureau, enterprise):
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    start = timezone.localdate() - timedelta(days=10)
    base = services.base_recognize(
        center=in_center,
        actor=bureau,
        base=base,
        recognized_from=start,
        recognized_until=start + timedelta(days=365),
        comment="材料齐全。",
    )
    assert (base.recognized_from, base.recognized_until) == (start, start + timedelta(days=365))
    assert base.review_comment == "材料齐全。"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(0, 0, id="ends-on-its-start"),
        pytest.param(10, 5, id="ends-before-its-start"),
        pytest.param(-800, -30, id="already-ended"),
        pytest.param(0, 6 * 366, id="longer-than-five-years"),
    ],
)
def test_bad_validity_period_is_refused(in_center, bureau, enterprise, start, end):
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        services.base_recognize(
            center=in_center,
            actor=bureau,
            base=base,
            recognized_from=today + timedelta(days=start),
            recognized_until=today + timedelta(days=end),
        )
    assert "recognized_until" in excinfo.value.message_dict
    base.refresh_from_db()
    assert base.status == S.UNDER_REVIEW
    assert not AuditEntry.objects.filter(verb="base.recognized").exists()


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RECOGNIZED, S.RETURNED, S.REJECTED])
def test_decisions_only_while_under_review(in_center, bureau, enterprise, status):
    base = make_base(in_center, enterprise, status)
    for call in (
        lambda: services.base_recognize(center=in_center, actor=bureau, base=base),
        lambda: services.base_return(center=in_center, actor=bureau, base=base, comment="x"),
        lambda: services.base_reject(center=in_center, actor=bureau, base=base, comment="x"),
    ):
        with pytest.raises(TransitionError):
            call()


@pytest.mark.parametrize("service", [services.base_return, services.base_reject])
def test_return_and_reject_need_a_comment(in_center, bureau, enterprise, service):
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    with pytest.raises(ValidationError) as excinfo:
        service(center=in_center, actor=bureau, base=base, comment="   ")
    assert "comment" in excinfo.value.message_dict
    base.refresh_from_db()
    assert base.status == S.UNDER_REVIEW


def test_reject_tells_the_representative_why(
    in_center, bureau, rep, enterprise, django_capture_on_commit_callbacks
):
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        base = services.base_reject(
            center=in_center, actor=bureau, base=base, comment="带教安排不具体。"
        )
    assert base.status == S.REJECTED
    notification = Notification.objects.get(user=rep, kind=NotificationKind.BASE_DECISION)
    assert notification.body == "带教安排不具体。"
    assert "带教安排不具体。" in mail.outbox[0].body
    assert AuditEntry.objects.get(verb="base.rejected").after["comment"] == "带教安排不具体。"


def test_returned_application_is_edited_and_resubmitted(
    in_center, bureau, rep, enterprise, django_capture_on_commit_callbacks
):
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    base = services.base_return(
        center=in_center, actor=bureau, base=base, comment="请补充带教导师名单。"
    )
    assert base.status == S.RETURNED
    assert Notification.objects.filter(user=rep, kind=NotificationKind.BASE_DECISION).exists()

    services.base_update(center=in_center, actor=rep, base=base, introduction="导师：张工、李工。")
    with django_capture_on_commit_callbacks(execute=True):
        base = services.base_submit(center=in_center, actor=rep, base=base)
    assert base.status == S.SUBMITTED
    assert base.review_comment == ""
    assert audit_verbs(base) == ["base.returned", "base.updated", "base.submitted"]
    assert AuditEntry.objects.get(verb="base.submitted").after["resubmission"] is True
    resubmitted = Notification.objects.get(user=bureau, kind=NotificationKind.BASE_SUBMITTED)
    assert "resubmitted" in resubmitted.localized_body  # the English page (tests speak English)


def test_notifications_speak_the_recipients_language(
    in_center, bureau, rep, enterprise, django_capture_on_commit_callbacks
):
    rep.language = "en"
    rep.save(update_fields=["language"])
    bureau.language = "zh-hans"
    bureau.save(update_fields=["language"])
    base = make_base(in_center, enterprise, S.UNDER_REVIEW)
    services.base_recognize(center=in_center, actor=bureau, base=base)
    title = Notification.objects.get(user=rep).title
    assert title.startswith("Recognized")
    assert enterprise.name_en in title
