"""The "feedback due" reminder: each side that has not given feedback on a logged session
within three days hears it once, in their own language, however often the job runs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from mentors import services
from mentors.models import MentoringSession
from mentors.tasks import feedback_reminders_task
from mentorship.models import EmailPreference, Notification, NotificationKind
from mentorship.scoping import center_scope

LOGGED = datetime(2026, 3, 2, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def log_session(world):
    with center_scope(world.center), time_machine.travel(LOGGED - timedelta(days=1), tick=False):
        pairing = services.pairing_assign(
            center=world.center,
            actor=world.coordinator,
            student=world.student,
            approval=world.approvals[0],
        )
    with center_scope(world.center), time_machine.travel(LOGGED, tick=False):
        session = services.session_log(
            center=world.center,
            actor=world.mentors[0],
            pairing=pairing,
            held_on=LOGGED.date(),
            duration_minutes=45,
            mode=MentoringSession.Mode.ONLINE,
            topic="简历修改",
            notes="",
            next_steps="",
        )
    return pairing, session


def reminders():
    return Notification.objects.filter(kind=NotificationKind.FEEDBACK_DUE)


def test_each_side_without_feedback_is_reminded_once_after_three_days(world, unscoped):
    world.student.language = "en"
    world.student.save(update_fields=["language"])
    world.mentors[0].language = "zh-hans"
    world.mentors[0].save(update_fields=["language"])
    pairing, session = log_session(world)
    with time_machine.travel(LOGGED + timedelta(days=2, hours=23), tick=False):
        assert feedback_reminders_task.delay().get() == 1
        assert not reminders().exists()
    with time_machine.travel(LOGGED + timedelta(days=3, hours=1), tick=False):
        feedback_reminders_task.delay().get()
        feedback_reminders_task.delay().get()  # a second run sends nothing more
    sent = {n.user_id: n for n in reminders()}
    assert set(sent) == {world.student.pk, world.mentors[0].pk}
    assert sent[world.student.pk].title == "Your feedback on “简历修改” is due"
    assert sent[world.mentors[0].pk].title == "您对“简历修改”的反馈该提交了"
    assert str(pairing.pk) in sent[world.student.pk].url
    session.refresh_from_db()
    assert session.student_reminded_at and session.mentor_reminded_at


def test_a_side_that_gave_feedback_is_not_reminded(world, unscoped):
    _pairing, session = log_session(world)
    with center_scope(world.center), time_machine.travel(LOGGED + timedelta(days=1), tick=False):
        services.feedback_give(
            center=world.center, actor=world.student, session=session, rating=5, working=True
        )
    with center_scope(world.center):
        assert services.feedback_remind(center=world.center, now=LOGGED + timedelta(days=4)) == 1
        assert services.feedback_remind(center=world.center, now=LOGGED + timedelta(days=5)) == 0
    assert list(reminders().values_list("user_id", flat=True)) == [world.mentors[0].pk]


def test_old_sessions_wait_no_reminder_and_the_email_can_be_turned_off(world, unscoped):
    EmailPreference.objects.create(
        user=world.student, kind=NotificationKind.FEEDBACK_DUE, send_email=False
    )
    log_session(world)
    with center_scope(world.center):
        assert services.feedback_remind(center=world.center, now=LOGGED + timedelta(days=40)) == 0
        assert services.feedback_remind(center=world.center, now=LOGGED + timedelta(days=3)) == 2
    sent = {n.user_id: n for n in reminders()}
    assert sent[world.student.pk].email is None
    assert sent[world.mentors[0].pk].email is not None
