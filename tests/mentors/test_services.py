"""The mentors' workflows through their services: profiles and approval, requests asked one
mentor after another, capacity, expiry, sessions, feedback and the end of a pairing."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentors import selectors, services
from mentors.models import MentorApproval, MentorProfile, MentorSettings, Pairing, PairingRequest
from mentorship.models import AuditEntry, Notification, Role
from mentorship.scoping import center_scope
from tests.mentors.factories import MentorApprovalFactory

P = Pairing.Status

PROFILE = {
    "kind": MentorProfile.Kind.FRIEND,
    "title": "产品经理",
    "organization": "网易",
    "industry_tags": "互联网,游戏",
    "expertise_tags": "产品设计",
    "majors": "数字媒体技术",
    "languages": "zh",
    "bio": "喜欢和同学们聊产品。",
    "offers_pairing": True,
    "offers_talks": True,
    "offers_consultations": False,
    "offers_judging": False,
    "capacity": 2,
    "accepting": True,
    "phone": "13900000000",
    "contact_email": "pm@example.test",
}


def ask(world, approvals=None, reason="想提升数据分析能力。"):
    return services.pairing_request(
        center=world.center,
        actor=world.student,
        approvals=approvals or world.approvals,
        reason=reason,
    )


def choices(request):
    return list(request.pairings.order_by("preference"))


def test_new_profile_waits_for_the_centers_approval(world, member_factory):
    mentor = member_factory(world.center, Role.MENTOR)
    with center_scope(world.center):
        profile = services.mentor_profile_save(center=world.center, actor=mentor, **PROFILE)
        approval = selectors.approval_of(center=world.center, user=mentor)
        assert approval.status == MentorApproval.Status.PENDING
        assert approval not in selectors.approved_mentors(center=world.center)
        services.mentor_approval_decide(
            center=world.center, actor=world.coordinator, approval=approval, approve=True
        )
        assert approval in selectors.approved_mentors(center=world.center, q="游戏")
    assert profile.tags() == ["互联网", "游戏", "产品设计"]
    assert AuditEntry.objects.filter(verb="mentor_profile.approved", center=world.center).exists()
    assert Notification.objects.filter(user=mentor, kind="mentor_profile_decision").exists()


def test_rejecting_a_profile_needs_a_reason_and_hides_it(world):
    approval = world.approvals[0]
    with center_scope(world.center):
        with pytest.raises(ValidationError):
            services.mentor_approval_decide(
                center=world.center, actor=world.coordinator, approval=approval, approve=False
            )
        services.mentor_approval_decide(
            center=world.center,
            actor=world.coordinator,
            approval=approval,
            approve=False,
            note="请补充所在单位。",
        )
        assert approval not in selectors.approved_mentors(center=world.center)


def test_each_center_approves_a_mentor_for_itself(world, other_center, member_factory):
    mentor = world.mentors[0]
    member_factory(other_center, Role.MENTOR, user=mentor)
    with center_scope(other_center):
        services.mentor_profile_save(
            center=other_center,
            actor=mentor,
            **{f: getattr(mentor.mentor_profile, f) for f in services.PROFILE_FIELDS},
        )
        assert not selectors.approved_mentors(center=other_center).exists()


def test_only_mentors_write_a_mentor_profile(world):
    with center_scope(world.center), pytest.raises(PermissionDenied):
        services.mentor_profile_save(center=world.center, actor=world.student, **PROFILE)


def test_request_asks_the_first_choice_with_the_centers_days(world):
    MentorSettings.objects.create(center=world.center, response_days=3)
    with center_scope(world.center):
        request = ask(world)
    first, second, third = choices(request)
    assert [first.status, second.status, third.status] == [P.REQUESTED, P.QUEUED, P.QUEUED]
    assert abs(first.respond_by - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)
    told = Notification.objects.get(user=world.mentors[0], kind="pairing_request")
    assert "想提升数据分析能力" in told.body
    assert not Notification.objects.filter(user=world.mentors[1]).exists()


def test_a_student_asks_at_most_three_distinct_mentors(world):
    extra = MentorApprovalFactory(center=world.center)
    with center_scope(world.center):
        with pytest.raises(ValidationError):
            ask(world, approvals=[*world.approvals, extra])
        with pytest.raises(ValidationError):
            ask(world, approvals=[world.approvals[0], world.approvals[0]])
        with pytest.raises(ValidationError):
            ask(world, reason="  ")


def test_a_student_with_an_open_request_cannot_ask_again(world):
    with center_scope(world.center):
        ask(world, approvals=world.approvals[:1])
        with pytest.raises(ValidationError):
            ask(world, approvals=world.approvals[1:2])


def test_mentors_not_approved_or_not_accepting_cannot_be_asked(world):
    pending = MentorApprovalFactory(center=world.center, status=MentorApproval.Status.PENDING)
    closed = MentorApprovalFactory(center=world.center, profile__accepting=False)
    with center_scope(world.center):
        for approval in (pending, closed):
            with pytest.raises(ValidationError):
                ask(world, approvals=[approval])


def test_accepting_activates_the_pairing_and_withdraws_later_choices(world):
    with center_scope(world.center):
        request = ask(world)
        first = choices(request)[0]
        services.pairing_accept(center=world.center, actor=world.mentors[0], pairing=first)
    first, second, third = choices(request)
    assert first.status == P.ACTIVE
    assert timezone.now() - first.started_at < timedelta(minutes=1)
    assert second.status == third.status == P.SKIPPED
    request.refresh_from_db()
    assert request.status == PairingRequest.Status.PAIRED
    assert MentorProfile.objects.get(user=world.mentors[0]).active_mentees == 1
    assert Notification.objects.filter(user=world.student, kind="pairing_answer").exists()
    assert AuditEntry.objects.filter(verb="pairing.accepted", target_id=str(first.pk)).exists()


def test_only_the_mentor_asked_may_answer(world):
    with center_scope(world.center):
        first = choices(ask(world))[0]
        with pytest.raises(PermissionDenied):
            services.pairing_accept(center=world.center, actor=world.mentors[1], pairing=first)
        with pytest.raises(PermissionDenied):
            services.pairing_decline(center=world.center, actor=world.student, pairing=first)


def test_declining_asks_the_next_choice(world):
    with center_scope(world.center):
        request = ask(world)
        services.pairing_decline(
            center=world.center,
            actor=world.mentors[0],
            pairing=choices(request)[0],
            note="近期出差",
        )
    first, second, third = choices(request)
    assert [first.status, second.status, third.status] == [P.DECLINED, P.REQUESTED, P.QUEUED]
    assert Notification.objects.filter(user=world.mentors[1], kind="pairing_request").exists()
    assert Notification.objects.filter(user=world.student, kind="pairing_answer").count() == 1


def test_a_mentor_without_a_free_place_cannot_accept(world):
    profile = world.approvals[0].profile
    profile.capacity = 1
    profile.active_mentees = 1
    profile.save()
    with center_scope(world.center):
        first = choices(ask(world))[0]
        with pytest.raises(ValidationError) as refused:
            services.pairing_accept(center=world.center, actor=world.mentors[0], pairing=first)
    assert refused.value.code == "mentor_full"
    first.refresh_from_db()
    assert first.status == P.REQUESTED


def test_unanswered_requests_expire_and_move_on_once(world):
    with center_scope(world.center):
        request = ask(world, approvals=world.approvals[:2])
    with time_machine.travel(timezone.now() + timedelta(days=5, minutes=1)):
        with center_scope(world.center):
            assert services.pairings_expire(center=world.center) == 1
            assert services.pairings_expire(center=world.center) == 0
        first, second = choices(request)
        assert (first.status, second.status) == (P.EXPIRED, P.REQUESTED)
    with time_machine.travel(timezone.now() + timedelta(days=11)), center_scope(world.center):
        assert services.pairings_expire(center=world.center) == 1
    request.refresh_from_db()
    assert request.status == PairingRequest.Status.UNANSWERED
    titles = [n.translations["en"][0] for n in Notification.objects.filter(user=world.student)]
    assert "No mentor could take your request" in titles


def test_the_beat_task_expires_requests_of_every_center(world):
    from mentors.tasks import pairing_requests_expire_task

    with center_scope(world.center):
        request = ask(world, approvals=world.approvals[:1])
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        pairing_requests_expire_task.delay()
    assert choices(request)[0].status == P.EXPIRED


@pytest.fixture
def active(world):
    with center_scope(world.center):
        pairing = choices(ask(world))[0]
        return services.pairing_accept(center=world.center, actor=world.mentors[0], pairing=pairing)


def session_data(**changes):
    return {
        "held_on": timezone.localdate(),
        "duration_minutes": 45,
        "mode": "online",
        "topic": "简历修改",
        "notes": "逐段修改。",
        "next_steps": "投递三家公司。",
        **changes,
    }


def test_either_side_logs_a_session_and_the_other_is_told(world, active):
    with center_scope(world.center):
        services.session_log(
            center=world.center, actor=world.student, pairing=active, **session_data()
        )
        with pytest.raises(ValidationError) as future:
            services.session_log(
                center=world.center,
                actor=world.mentors[0],
                pairing=active,
                **session_data(held_on=timezone.localdate() + timedelta(days=1)),
            )
    assert "held_on" in future.value.error_dict
    assert Notification.objects.filter(user=world.mentors[0], kind="mentoring_session").exists()


def test_a_stranger_cannot_log_a_session(world, active):
    with center_scope(world.center), pytest.raises(PermissionDenied):
        services.session_log(
            center=world.center, actor=world.mentors[1], pairing=active, **session_data()
        )


def test_feedback_once_per_side_and_not_working_alerts_coordinators(world, active):
    with center_scope(world.center):
        session = services.session_log(
            center=world.center, actor=world.mentors[0], pairing=active, **session_data()
        )
        services.feedback_give(
            center=world.center, actor=world.mentors[0], session=session, rating=4, working=True
        )
        assert not Notification.objects.filter(kind="pairing_alert").exists()
        services.feedback_give(
            center=world.center,
            actor=world.student,
            session=session,
            rating=2,
            comment="时间总对不上。",
            working=False,
        )
        with pytest.raises(ValidationError):
            services.feedback_give(
                center=world.center, actor=world.student, session=session, rating=5, working=True
            )
    alert = Notification.objects.get(user=world.coordinator, kind="pairing_alert")
    assert "时间总对不上" in alert.body
    assert session.feedback.count() == 2


def test_goals_are_agreed_and_change_status(world, active):
    with center_scope(world.center):
        goal = services.goal_add(
            center=world.center, actor=world.student, pairing=active, title="拿到实习offer"
        )
        services.goal_set_status(
            center=world.center, actor=world.mentors[0], goal=goal, status="achieved"
        )
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_ending_frees_the_place_and_both_write_a_summary(world, active):
    with center_scope(world.center):
        services.pairing_close(
            center=world.center,
            actor=world.mentors[0],
            pairing=active,
            summary="目标已达成。",
            completed=True,
        )
        services.pairing_add_summary(
            center=world.center, actor=world.student, pairing=active, summary="收获很大。"
        )
        with pytest.raises(ValidationError):
            services.pairing_add_summary(
                center=world.center, actor=world.student, pairing=active, summary="再写一次"
            )
    active.refresh_from_db()
    assert active.status == P.COMPLETED
    assert (active.mentor_summary, active.student_summary) == ("目标已达成。", "收获很大。")
    assert MentorProfile.objects.get(user=world.mentors[0]).active_mentees == 0


def test_settings_weights_and_days_are_audited(world):
    data = {
        "response_days": 7,
        "weight_major": 0,
        "weight_tags": 5,
        "weight_language": 0,
        "weight_capacity": 0,
        "weight_feedback": 0,
    }
    with center_scope(world.center):
        services.mentor_settings_save(center=world.center, actor=world.coordinator, **data)
        assert selectors.settings_of(world.center).response_days == 7
        with pytest.raises(ValidationError):
            services.mentor_settings_save(
                center=world.center, actor=world.coordinator, **{**data, "weight_tags": 0}
            )
    entry = AuditEntry.objects.get(verb="mentor_settings.saved")
    assert entry.after["response_days"] == 7


def test_a_coordinator_pairs_a_student_directly_within_capacity(world):
    approval = world.approvals[1]
    with center_scope(world.center):
        pairing = services.pairing_assign(
            center=world.center,
            actor=world.coordinator,
            student=world.student,
            approval=approval,
            note="就业指导中心推荐。",
        )
        with pytest.raises(ValidationError):
            services.pairing_assign(
                center=world.center,
                actor=world.coordinator,
                student=world.student,
                approval=world.approvals[2],
            )
        with pytest.raises(PermissionDenied):
            services.pairing_assign(
                center=world.center, actor=world.student, student=world.student, approval=approval
            )
    assert pairing.status == P.ACTIVE and pairing.request is None
    assert MentorProfile.objects.get(pk=approval.profile_id).active_mentees == 1
    assert Notification.objects.filter(user=world.mentors[1], kind="pairing_request").exists()
    assert Notification.objects.filter(user=world.student, kind="pairing_answer").exists()


def test_re_pairing_ends_the_old_pairing_and_frees_its_place(world, active):
    with center_scope(world.center):
        new = services.pairing_assign(
            center=world.center,
            actor=world.coordinator,
            student=world.student,
            approval=world.approvals[1],
            replaces=active,
        )
    active.refresh_from_db()
    assert active.status == P.ENDED_EARLY
    assert new.status == P.ACTIVE and new.mentor == world.approvals[1].profile
    assert MentorProfile.objects.get(user=world.mentors[0]).active_mentees == 0
    assert MentorProfile.objects.get(user=world.mentors[1]).active_mentees == 1


def test_a_full_mentor_cannot_be_assigned(world, member_factory):
    profile = world.approvals[2].profile
    profile.active_mentees = profile.capacity
    profile.save()
    with center_scope(world.center), pytest.raises(ValidationError) as refused:
        services.pairing_assign(
            center=world.center,
            actor=world.coordinator,
            student=world.student,
            approval=world.approvals[2],
        )
    assert "mentor" in refused.value.error_dict


def test_the_mentor_is_emailed_the_request_with_a_link_to_answer(world):
    from mentorship.models import OutgoingEmail

    with center_scope(world.center):
        first = choices(ask(world))[0]
    email = OutgoingEmail.objects.get(to=world.mentors[0].email)
    assert f"/c/{world.center.slug}/mentors/pairings/{first.pk}/" in email.body
    assert "想提升数据分析能力" in email.body


def test_beat_runs_the_expiry_every_hour(settings):
    from mentorship.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["pairing-requests-expire"]
    assert entry["task"] in app.tasks


def test_a_student_withdraws_a_request_no_one_accepted(world):
    with center_scope(world.center):
        request = ask(world)
        first = choices(request)[0]
        with pytest.raises(PermissionDenied):
            services.pairing_request_withdraw(
                center=world.center, actor=world.mentors[0], pairing=first
            )
        services.pairing_request_withdraw(center=world.center, actor=world.student, pairing=first)
        with pytest.raises(ValidationError):
            services.pairing_request_withdraw(
                center=world.center, actor=world.student, pairing=first
            )
        assert (
            services.pairings_expire(center=world.center, now=timezone.now() + timedelta(days=9))
            == 0
        )
    request.refresh_from_db()
    assert request.status == PairingRequest.Status.WITHDRAWN
    assert {p.status for p in choices(request)} == {P.WITHDRAWN}
    told = Notification.objects.filter(user=world.mentors[0], kind="pairing_request")
    assert told.count() == 2
    assert not Notification.objects.filter(user=world.mentors[1]).exists()
