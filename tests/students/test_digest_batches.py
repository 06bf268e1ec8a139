"""Digests written a chunk of students at a time: each student still gets one email in
their language, with the same list, links and one-click unsubscribe as one written alone;
a big center is shared out in chunk tasks; the queries of a run do not grow with students."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorship import notifications
from mentorship.models import EmailPreference, Notification, NotificationKind, OutgoingEmail
from mentorship.scoping import center_scope
from students import tasks
from students.models import AlertDigest, SavedSearch
from students.services import alerts
from tests.students.factories import PositionFactory, SavedSearchFactory

SH = ZoneInfo("Asia/Shanghai")
KIND = NotificationKind.SAVED_SEARCH_ALERT


def at(day, hour=9):
    return datetime(2026, 4, day, hour, 0, tzinfo=SH)


def _searches(world, n, *, language="en", **fields):
    with time_machine.travel(at(1, 8), tick=False):
        searches = [
            SavedSearchFactory(center=world.center, alert=SavedSearch.Alert.DAILY, **fields)
            for _ in range(n)
        ]
    for search in searches:
        search.user.language = language
        search.user.save(update_fields=["language"])
    return searches


def _publish(world, n, title="数据分析 Data job", day=1):
    with time_machine.travel(at(day, 10), tick=False):
        return [PositionFactory(base=world.base, title=f"{title} {i}") for i in range(n)]


def _send(world, day=2):
    with center_scope(world.center):
        return alerts.send_digests(center=world.center, frequency="daily", now=at(day, 7))


def test_a_big_center_goes_in_chunk_tasks_and_each_student_hears_once(world, unscoped, monkeypatch):
    monkeypatch.setattr(tasks, "DIGEST_TASK_STUDENTS", 2)
    monkeypatch.setattr(alerts, "DIGEST_CHUNK", 2)
    english = _searches(world, 3, language="en")
    chinese = _searches(world, 2, language="zh-hans")
    _publish(world, 1)

    with time_machine.travel(at(2, 7), tick=False):
        result = tasks.saved_search_digests_center_task.apply(
            kwargs={"center_id": world.center.pk}
        ).get()
    # Five students in three chunk tasks, run in-process as the broker would run them.
    assert result["daily"] == {"told": 0, "chunks": 3}
    for search in english + chinese:
        (email,) = OutgoingEmail.objects.filter(to=search.user.email)
        assert "数据分析 Data job 0" in email.body
    for search in english:
        email = OutgoingEmail.objects.get(to=search.user.email)
        assert email.subject == "1 new position matches your saved searches"
        assert "Your saved search" in email.body
    for search in chinese:
        assert "保存的搜索" in OutgoingEmail.objects.get(to=search.user.email).subject
    assert AlertDigest.objects.filter(center=world.center).count() == 5

    with time_machine.travel(at(2, 9), tick=False):
        again = tasks.saved_search_digests_center_task.apply(
            kwargs={"center_id": world.center.pk}
        ).get()
    assert again["daily"] == {"told": 0, "chunks": 0}
    assert OutgoingEmail.objects.count() == 5


def test_the_list_shows_ten_positions_a_search_links_the_rest_and_escapes_names(world, unscoped):
    (search,) = _searches(world, 1, name="<b>数据</b> & more", q="数据")
    _publish(world, 12)

    assert _send(world) == 1

    email = OutgoingEmail.objects.get(to=search.user.email)
    assert email.subject == "12 new positions match your saved searches"
    assert email.body.count("数据分析 Data job") == 10
    assert "and 2 more positions: http" in email.body
    assert "Your saved search “<b>数据</b> & more”:" in email.body
    assert "Stop the alerts of this search (one click): http" in email.body
    html = email.html_body
    assert html.count("<li ") == 10
    assert "&lt;b&gt;数据&lt;/b&gt; &amp; more" in html
    assert "<b>数据</b>" not in html
    assert "and 2 more positions</a>" in html
    assert "<title>12 new positions match your saved searches</title>" in html
    assert "/alerts/unsubscribe/" in email.headers["List-Unsubscribe"]
    note = Notification.objects.get(user=search.user)
    assert note.email_id == email.pk
    assert note.body == "<b>数据</b> & more: 12"
    assert note.translations["zh-hans"][0] != note.translations["en"][0]


def test_a_student_who_turned_off_these_emails_is_told_in_the_app_only(world, unscoped):
    quiet, loud = _searches(world, 2)
    EmailPreference.objects.create(user=quiet.user, kind=KIND, send_email=False)
    _publish(world, 1)

    assert _send(world) == 2

    assert not OutgoingEmail.objects.filter(to=quiet.user.email).exists()
    assert Notification.objects.get(user=quiet.user).email is None
    assert OutgoingEmail.objects.filter(to=loud.user.email).count() == 1


def test_the_emails_of_a_chunk_go_in_one_task_each_with_its_one_click_unsubscribe(
    world, unscoped, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    searches = _searches(world, 3)
    _publish(world, 1)
    tasks_run = []
    deliver_each = notifications.deliver_each
    monkeypatch.setattr(
        notifications,
        "deliver_each",
        lambda ids, **kw: tasks_run.append(ids) or deliver_each(ids, **kw),
    )

    with django_capture_on_commit_callbacks(execute=True):
        _send(world)

    assert [len(ids) for ids in tasks_run] == [3]  # one task for the chunk, not one an email
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        search.user.email for search in searches
    )
    for message in mailoutbox:
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_run_asks_the_same_few_queries_for_three_students_or_thirty(world, unscoped):
    _publish(world, 3)

    def run():
        with CaptureQueriesContext(connection) as captured:
            told = _send(world)
        return told, len(captured)

    _searches(world, 3)
    told, few = run()
    assert told == 3
    AlertDigest.objects.all().delete()  # the same day again, from the start
    _searches(world, 27)
    told, many = run()
    assert told == 30
    assert many == few <= 15
