"""A person's own settings, changed through the services the pages call."""

import pytest
from django.core.exceptions import ValidationError

from mentorship import services
from mentorship.models import AuditEntry, EmailPreference, NotificationKind
from mentorship.notifications import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def entries(user, verb):
    return list(AuditEntry.objects.filter(actor=user, verb=verb))


def test_changing_the_language_is_remembered_and_audited():
    me = UserFactory(language="zh-hans")
    services.account_set_language(user=me, language="en")
    me.refresh_from_db()
    assert me.language == "en"
    [entry] = entries(me, "account.language_changed")
    assert entry.center is None
    assert (entry.before, entry.after) == ({"language": "zh-hans"}, {"language": "en"})


def test_choosing_the_same_language_again_records_nothing():
    me = UserFactory(language="en")
    services.account_set_language(user=me, language="en")
    assert entries(me, "account.language_changed") == []


def test_a_language_the_portal_does_not_offer_stays_off_the_account():
    me = UserFactory(language="en")
    with pytest.raises(ValidationError):
        services.account_set_language(user=me, language="de")
    me.refresh_from_db()
    assert me.language == "en"


def test_email_choices_are_stored_and_only_the_changed_kinds_audited():
    me = UserFactory()
    EmailPreference.objects.create(user=me, kind=NotificationKind.WELCOME, send_email=False)
    services.email_preferences_save(
        user=me,
        choices={
            NotificationKind.WELCOME: False,
            NotificationKind.REPORT_READY: False,
            NotificationKind.BASE_DECISION: True,
        },
    )
    stored = dict(EmailPreference.objects.filter(user=me).values_list("kind", "send_email"))
    assert stored == {"welcome": False, "report_ready": False, "base_decision": True}
    [entry] = entries(me, "account.email_choices_changed")
    assert (entry.before, entry.after) == ({"report_ready": True}, {"report_ready": False})


def test_saving_the_same_email_choices_records_nothing():
    me = UserFactory()
    services.email_preferences_save(user=me, choices={NotificationKind.WELCOME: True})
    assert entries(me, "account.email_choices_changed") == []


def test_marking_read_touches_only_the_persons_unread_notifications():
    me, other = UserFactory(), UserFactory()
    first = notify(me, "welcome", title="one")
    notify(me, "welcome", title="two")
    theirs = notify(other, "welcome", title="theirs")
    assert services.notifications_mark_read(user=me, notification=first) == 1
    assert me.notifications.filter(read_at__isnull=True).count() == 1
    assert services.notifications_mark_read(user=me) == 1
    assert me.notifications.filter(read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
