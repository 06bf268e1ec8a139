"""Notification emails through a real Celery worker on the Redis broker, on PostgreSQL."""

import os

import pytest
from django.core import mail
from django.db import transaction

from mentorship.celery import app as celery_app
from mentorship.models import NotificationKind, OutgoingEmail
from mentorship.notifications import notify, queue_email
from mentorship.tasks import deliver_email_task
from tests import mail as flaky
from tests.conftest import require_or_skip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def real_worker(postgres, settings):
    require_or_skip(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    settings.EMAIL_RETRY_BASE_SECONDS = 0
    celery_app.control.purge()
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30
    ) as worker:
        yield worker


def drain(email_id):
    """Run the email task once more through the broker and wait for it.

    The solo worker takes messages in order, so when this returns every task enqueued before
    it has run. It is also the duplicate delivery the idempotency must survive.
    """
    return deliver_email_task.apply_async(args=[email_id]).get(timeout=60)


def test_worker_delivers_notification_email_exactly_once(real_worker):
    user = UserFactory(email="li.na@example.test")
    with transaction.atomic():
        notification = notify(
            user, NotificationKind.WELCOME, title="欢迎加入", body="您已加入服务中心。"
        )
    assert drain(notification.email_id) is None
    assert [m.to for m in mail.outbox] == [["li.na@example.test"]]
    assert mail.outbox[0].subject == "欢迎加入"
    email = OutgoingEmail.objects.get(pk=notification.email_id)
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1

    drain(notification.email_id)
    assert len(mail.outbox) == 1


def test_failed_send_is_retried_and_still_sent_once(real_worker, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.mail.FlakyBackend"}}
    flaky.failures_left["count"] = 2
    with transaction.atomic():
        email = queue_email(to="wang.fang@example.test", subject="提醒", body="明天开会")
    deliver_email_task.apply_async(args=[email.pk]).get(timeout=60)
    email.refresh_from_db()
    assert flaky.failures_left["count"] == 0
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 3
    assert [m.to for m in mail.outbox] == [["wang.fang@example.test"]]


def test_nothing_is_sent_when_the_transaction_rolls_back(real_worker):
    user = UserFactory(email="rolled.back@example.test")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(user, NotificationKind.WELCOME, title="never")
        raise RuntimeError("the change failed")
    with transaction.atomic():
        kept = queue_email(to="kept@example.test", subject="kept", body="kept")
    drain(kept.pk)
    assert [m.to for m in mail.outbox] == [["kept@example.test"]]
    assert not OutgoingEmail.objects.filter(to="rolled.back@example.test").exists()


def test_worker_generates_a_report_once_and_notifies(real_worker, center, coordinator):
    from mentorship.models import Notification, Report
    from mentorship.reports import report_request
    from mentorship.scoping import center_scope
    from mentorship.tasks import generate_report_task

    with center_scope(center):
        report = report_request(
            actor=coordinator, center=center, kind="center_members", file_format="csv"
        )
    # A second delivery of the same task, and the barrier for the first one.
    generate_report_task.apply_async(args=[report.pk], kwargs={"center_id": center.pk}).get(
        timeout=60
    )
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert coordinator.email in report.file.read().decode("utf-8-sig")
    assert Notification.objects.filter(user=coordinator, kind="report_ready").count() == 1
