"""The outbox: an email is claimed for a lease, sent outside any transaction with its own
Message-ID, and recorded; the relay enqueues again what the broker never delivered."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from mentorship import notifications
from mentorship.jobs import enqueue
from mentorship.models import OutgoingEmail
from mentorship.notifications import (
    EmailDeliveryError,
    email_claim,
    email_deliver,
    email_lease,
    queue_email,
)
from mentorship.tasks import deliver_email_task, sweep_outgoing_email_task
from tests import mail as flaky
from tests.database import terminate_the_portals_backends

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status


def stored(subject="提醒", to="wang.fang@example.test") -> OutgoingEmail:
    """An email in the outbox whose enqueue never happened (the broker was down)."""
    return OutgoingEmail.objects.create(to=to, subject=subject, body="明天开会")


def message_ids():
    return [message.message()["Message-ID"] for message in mail.outbox]


def test_an_email_goes_out_once_with_the_message_id_of_its_row():
    email = stored()
    assert email_deliver(email_id=email.pk) is True
    assert email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts, email.lease_until) == (Status.SENT, 1, None)
    assert email.message_id.startswith(f"<outgoing-{email.pk}-")
    assert email.message_id.endswith("@localhost>")
    assert message_ids() == [email.message_id]


def test_second_delivery_of_a_claimed_email_sends_nothing():
    email = stored()
    assert email_claim(email_id=email.pk) is not None  # another worker is sending it
    assert email_deliver(email_id=email.pk) is False
    assert mail.outbox == []
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENDING, 1)


def test_an_email_whose_claim_ran_out_is_claimed_again_and_sent():
    email = stored()
    first = email_claim(email_id=email.pk)  # that worker was killed mid-send
    with time_machine.travel(timezone.now() + email_lease() - timedelta(seconds=5)):
        assert email_deliver(email_id=email.pk) is False
    with time_machine.travel(timezone.now() + email_lease() + timedelta(seconds=1)):
        assert email_deliver(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert message_ids() == [first.message_id]


def test_database_failure_after_the_smtp_accept_sends_once_within_the_lease(monkeypatch):
    email = stored()
    real_record = notifications._record

    def database_gone(email_id, **fields):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(notifications, "_record", database_gone)
    with pytest.raises(OperationalError):
        email_deliver(email_id=email.pk)
    assert len(mail.outbox) == 1  # the SMTP server accepted it
    monkeypatch.setattr(notifications, "_record", real_record)

    # The broker delivers the task again, the relay runs: nothing more while the lease lasts.
    assert email_deliver(email_id=email.pk) is False
    assert sweep_outgoing_email_task() == 0
    assert len(mail.outbox) == 1

    # Outcome unknown once the lease ran out: sent again, recognisably the same message.
    with time_machine.travel(timezone.now() + email_lease() + timedelta(seconds=1)):
        assert sweep_outgoing_email_task() == 1
    assert len(mail.outbox) == 2
    assert len(set(message_ids())) == 1
    email.refresh_from_db()
    assert email.status == Status.SENT


class DatabaseDiesAfterAccept(LocmemBackend):
    """The SMTP server accepts, and meanwhile the database drops the worker's connection."""

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        terminate_the_portals_backends()
        return sent


@pytest.mark.django_db(transaction=True)
def test_email_accepted_while_the_database_dropped_the_connection_is_recorded_sent(
    postgres, settings
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DatabaseDiesAfterAccept"}}
    settings.OUTBOX_RELAY_AFTER_SECONDS = 0
    email = stored()
    assert email_deliver(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts, email.lease_until) == (Status.SENT, 1, None)
    with time_machine.travel(timezone.now() + email_lease() + timedelta(minutes=1)):
        assert sweep_outgoing_email_task() == 0
    assert len(mail.outbox) == 1


def test_failed_send_waits_for_its_back_off_and_is_not_relayed_meanwhile(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.mail.FlakyBackend"}}
    settings.OUTBOX_RELAY_AFTER_SECONDS = 0
    flaky.failures_left["count"] = 1
    email = stored()
    with pytest.raises(EmailDeliveryError):
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.PENDING, 1)
    assert email.last_error == "SMTP server not answering"
    assert sweep_outgoing_email_task() == 0
    with time_machine.travel(email.lease_until + timedelta(seconds=1)):
        assert sweep_outgoing_email_task() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_an_email_failing_every_time_is_given_up_after_eight_attempts(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.mail.FlakyBackend"}}
    flaky.failures_left["count"] = 100
    email = stored()
    for _retry in range(7):
        with pytest.raises(EmailDeliveryError):
            email_deliver(email_id=email.pk)
    assert email_deliver(email_id=email.pk) is False
    assert email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 8)
    assert mail.outbox == []
    flaky.failures_left["count"] = 0


def test_relay_sends_what_the_broker_never_delivered_and_only_once(settings):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 60
    old, fresh = stored("old"), stored("fresh")
    OutgoingEmail.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert sweep_outgoing_email_task() == 1
    assert [m.subject for m in mail.outbox] == ["old"]
    assert sweep_outgoing_email_task() == 0  # the fresh one is the broker's for a minute
    assert OutgoingEmail.objects.get(pk=fresh.pk).status == Status.PENDING


def test_relay_enqueues_a_pending_email_at_most_once_a_minute(settings, monkeypatch):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 0
    email = stored()
    enqueued = []
    monkeypatch.setattr(deliver_email_task, "apply_async", lambda **kw: enqueued.append(kw))
    assert sweep_outgoing_email_task() == 1
    assert sweep_outgoing_email_task() == 0  # a backlog of workers, not a lost message
    with time_machine.travel(timezone.now() + timedelta(minutes=1, seconds=1)):
        assert sweep_outgoing_email_task() == 1
    assert [kw["args"] for kw in enqueued] == [[email.pk], [email.pk]]


def test_enqueue_never_raises_into_the_caller_when_the_broker_refuses(monkeypatch, caplog):
    from mentorship.celery import app as celery_app
    from mentorship.tasks import generate_report_task

    def broker_down(*args, **kwargs):
        assert kwargs["retry"] is False and kwargs["ignore_result"] is True
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    celery_app.conf.task_always_eager = False  # a broker, as in production (conftest restores)
    monkeypatch.setattr(generate_report_task, "apply_async", broker_down)
    assert enqueue(generate_report_task, args=[1], kwargs={"center_id": 1}) is False
    assert "the relay will enqueue it again" in caplog.text


def test_a_rolled_back_change_leaves_nothing_for_the_relay(settings):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 0
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(to="never@example.test", subject="never", body="never")
        raise RuntimeError("the change failed")
    assert sweep_outgoing_email_task() == 0
    assert mail.outbox == []


def test_a_report_asked_for_while_the_broker_is_down_is_made_by_the_relay(
    client, center, coordinator, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from mentorship.celery import app as celery_app
    from mentorship.models import Report
    from mentorship.tasks import generate_report_task, sweep_stuck_jobs_task

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    celery_app.conf.task_always_eager = False  # a broker, as in production (conftest restores)
    monkeypatch.setattr(generate_report_task, "apply_async", broker_down)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("center:members_export", kwargs={"center_slug": center.slug}),
            {"format": "csv"},
        )
    assert response.status_code == 302
    report = Report.objects.get(center=center)
    assert report.status == Report.Status.QUEUED

    monkeypatch.undo()
    celery_app.conf.task_always_eager = True  # the broker is back; its worker runs in-process
    settings.OUTBOX_RELAY_AFTER_SECONDS = 0
    assert sweep_stuck_jobs_task()["reports"] == 1
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
