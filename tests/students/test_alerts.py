"""Saved searches and their alerts: digests with the clock moved across days (one email a
day listing exactly the new matching positions, nothing more on a second run, nothing after
unsubscribing), weekly digests, instant alerts from the publish path, and the pages."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bases import services as base_services
from bases.models import Position
from mentorship.models import AuditEntry, Notification, NotificationKind, OutgoingEmail
from mentorship.notifications import email_deliver
from mentorship.scoping import center_scope
from students.models import AlertDigest, SavedSearch
from students.services import alerts
from students.tasks import saved_search_digests_task, sweep_instant_alerts
from tests.students.factories import (
    ApplicationFactory,
    PositionFactory,
    SavedSearchFactory,
    TrainingBaseFactory,
)

SH = ZoneInfo("Asia/Shanghai")
A = SavedSearch.Alert


def at(day, hour=9):
    return datetime(2026, 4, day, hour, 0, tzinfo=SH)


def _publish_at(base, when, **fields):
    with time_machine.travel(when, tick=False):
        return PositionFactory(base=base, **fields)


def _alert_emails(user):
    return list(OutgoingEmail.objects.filter(to=user.email).order_by("pk"))


def _run_digests(when):
    with time_machine.travel(when, tick=False):
        saved_search_digests_task()


def _path(link: str) -> str:
    """The path of an absolute link of an email."""
    return "/" + link.split("/", 3)[3]


def _url(center, name, **kwargs):
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


@pytest.fixture(autouse=True)
def _student_reads_english(world):
    world.student.language = "en"
    world.student.save(update_fields=["language"])


def test_daily_digest_lists_exactly_the_new_matching_positions_once_a_day(world, client, unscoped):
    with time_machine.travel(at(1, 8), tick=False):
        search = SavedSearchFactory(
            center=world.center, user=world.student, name="数据", q="数据", alert=A.DAILY
        )
    # Published before the search was saved: never in a digest.
    _publish_at(world.base, at(1, 7), title="旧数据岗位 Old data job")
    first = _publish_at(world.base, at(1, 10), title="数据分析 First data job")
    _publish_at(
        world.base,
        at(1, 11),
        title="市场营销 Marketing",
        description="品牌推广",
        department="市场部",
    )

    _run_digests(at(2, 7))
    emails = _alert_emails(world.student)
    assert len(emails) == 1
    assert "First data job" in emails[0].body
    assert "Old data job" not in emails[0].body
    assert "Marketing" not in emails[0].body
    assert emails[0].subject == "1 new position matches your saved searches"

    # The same day again (beat twice, or a retry): nothing more.
    _run_digests(at(2, 9))
    assert len(_alert_emails(world.student)) == 1

    second = _publish_at(world.base, at(2, 10), title="数据工程 Second data job")
    _run_digests(at(3, 7))
    emails = _alert_emails(world.student)
    assert len(emails) == 2
    assert "Second data job" in emails[1].body
    assert first.title not in emails[1].body
    assert AlertDigest.objects.filter(user=world.student).count() == 2
    note = Notification.objects.filter(user=world.student).first()
    assert note.kind == NotificationKind.SAVED_SEARCH_ALERT

    # One click on the email's own link stops it; opening it again changes nothing more.
    path = _path(emails[1].body.split("(one click): ")[1].split()[0])
    response = client.get(path)
    assert response.status_code == 200
    assert "You will get no more alerts" in response.content.decode()
    assert "Resume alerts" in response.content.decode()
    search.refresh_from_db()
    assert search.alert == A.OFF
    assert client.get(path).status_code == 200
    assert (
        AuditEntry.objects.filter(verb="saved_search.unsubscribed", actor=world.student).count()
        == 1
    )
    _publish_at(world.base, at(3, 10), title="数据治理 Third data job")
    _run_digests(at(4, 7))
    assert len(_alert_emails(world.student)) == 2
    assert second.pk  # listed once, in the second digest only


def test_a_day_without_new_matches_sends_nothing(world, unscoped):
    with time_machine.travel(at(1, 8), tick=False):
        SavedSearchFactory(center=world.center, user=world.student, q="数据", alert=A.DAILY)
    _run_digests(at(2, 7))
    assert _alert_emails(world.student) == []


def test_weekly_digest_goes_once_a_week(world, unscoped):
    # 2026-04-06 is a Monday.
    with time_machine.travel(at(6, 8), tick=False):
        SavedSearchFactory(center=world.center, user=world.student, q="数据", alert=A.WEEKLY)
    _publish_at(world.base, at(6, 10), title="数据 Week one job")
    _run_digests(at(7, 7))
    _publish_at(world.base, at(7, 10), title="数据 Later that week")
    _run_digests(at(8, 7))
    emails = _alert_emails(world.student)
    assert len(emails) == 1
    assert "Week one job" in emails[0].body
    _run_digests(at(13, 7))  # next Monday: the rest of last week
    emails = _alert_emails(world.student)
    assert len(emails) == 2
    assert "Later that week" in emails[1].body
    assert "Week one job" not in emails[1].body


def test_one_digest_for_several_searches_lists_a_position_once(world, unscoped):
    with time_machine.travel(at(1, 8), tick=False):
        SavedSearchFactory(center=world.center, user=world.student, name="a", q="数据")
        SavedSearchFactory(center=world.center, user=world.student, name="b", q="分析")
    _publish_at(world.base, at(1, 10), title="数据分析 Both")
    _run_digests(at(2, 7))
    emails = _alert_emails(world.student)
    assert len(emails) == 1
    assert emails[0].body.count("数据分析 Both") == 1


def test_a_student_who_left_the_center_gets_no_digest(world, unscoped):
    with time_machine.travel(at(1, 8), tick=False):
        SavedSearchFactory(center=world.center, user=world.student, q="数据")
    world.student.memberships.update(is_active=False)
    _publish_at(world.base, at(1, 10), title="数据 Job")
    _run_digests(at(2, 7))
    assert _alert_emails(world.student) == []


def test_digest_email_speaks_the_students_language(world, unscoped):
    world.student.language = "zh-hans"
    world.student.save(update_fields=["language"])
    with time_machine.travel(at(1, 8), tick=False):
        SavedSearchFactory(center=world.center, user=world.student, name="我的搜索", q="数据")
    _publish_at(world.base, at(1, 10), title="数据 Job")
    _run_digests(at(2, 7))
    email = OutgoingEmail.objects.get(to=world.student.email)
    assert "我的搜索" in email.body
    assert "保存的搜索" in email.subject


# Instant alerts, from the publish path


def _draft(world, **fields):
    return PositionFactory(
        base=world.base, status=Position.Status.DRAFT, published_at=None, **fields
    )


def test_publishing_a_matching_position_alerts_instant_searches_once(
    world, unscoped, django_capture_on_commit_callbacks
):
    SavedSearchFactory(center=world.center, user=world.student, q="数据", alert=A.INSTANT)
    daily = SavedSearchFactory(center=world.center, q="数据", alert=A.DAILY)
    elsewhere = SavedSearchFactory(center=world.center, q="数据", city="上海", alert=A.INSTANT)
    rich = SavedSearchFactory(
        center=world.center, q="数据", min_stipend=Decimal("8000"), alert=A.INSTANT
    )
    position = _draft(world, title="数据实习 Instant job")
    with center_scope(world.center), django_capture_on_commit_callbacks(execute=True):
        base_services.position_publish(center=world.center, actor=world.rep, position=position)
    note = Notification.objects.get(user=world.student)
    assert "Instant job" in note.title
    assert note.url == _url(world.center, "position_detail", pk=position.pk)
    assert OutgoingEmail.objects.filter(to=world.student.email).count() == 1
    for other in (daily, elsewhere, rich):
        assert not Notification.objects.filter(user=other.user).exists()
    # The task again (a retry, a duplicate message): nobody hears twice.
    with center_scope(world.center):
        assert alerts.send_instant_alerts(center=world.center, position_id=position.pk) == 0
    assert Notification.objects.filter(user=world.student).count() == 1


def test_a_rolled_back_publish_alerts_nobody(world, unscoped, django_capture_on_commit_callbacks):
    SavedSearchFactory(center=world.center, user=world.student, q="数据", alert=A.INSTANT)
    position = _draft(world, title="数据 Job", deadline=world.position.deadline)
    with center_scope(world.center), django_capture_on_commit_callbacks(execute=True):
        position.deadline = position.start_date - timedelta(days=400)
        position.save()
        with pytest.raises(ValidationError):
            base_services.position_publish(center=world.center, actor=world.rep, position=position)
    assert not Notification.objects.filter(user=world.student).exists()


def test_saved_search_matches_as_the_search_page_does(world, unscoped):
    other_base = TrainingBaseFactory(center=world.center)
    positions = [
        PositionFactory(base=world.base, title="数据 A", city="杭州", stipend=Decimal("3000")),
        PositionFactory(base=other_base, title="数据 B", city="宁波", majors=""),
        PositionFactory(base=world.base, title="Java C", description="后端", majors="软件工程"),
        PositionFactory(base=world.base, title="数据 D", duration_months=6, stipend=Decimal(9000)),
    ]
    from students.selectors import search_positions

    cases = [
        {"q": "数据"},
        {"city": "宁波"},
        {"major": "统计学"},
        {"duration": 6},
        {"enterprise": "Alpha"},
        {"enterprise": str(other_base.enterprise_id)},
        {"min_stipend": Decimal("5000")},
        {"q": "数据 3000"},
    ]
    for fields in cases:
        search = SavedSearch(center=world.center, user=world.student, **fields)
        with center_scope(world.center):
            expected = set(
                search_positions(center=world.center, **search.filters()).values_list(
                    "pk", flat=True
                )
            )
        found = {p.pk for p in positions if search.matches(p)} | (
            expected - {p.pk for p in positions}
        )
        assert found == expected, fields


# Services and pages


def test_names_are_unique_per_student_and_saved_searches_are_bounded(world, unscoped):
    with center_scope(world.center):
        alerts.saved_search_create(
            center=world.center,
            actor=world.student,
            name="数据",
            filters={"q": "数据"},
            alert="daily",
        )
        with pytest.raises(ValidationError) as error:
            alerts.saved_search_create(
                center=world.center, actor=world.student, name=" 数据 ", filters={}, alert="daily"
            )
        assert "name" in error.value.message_dict
        for n in range(alerts.MAX_SAVED_SEARCHES - 1):
            alerts.saved_search_create(
                center=world.center, actor=world.student, name=f"s{n}", filters={}, alert="off"
            )
        with pytest.raises(ValidationError, match="at most"):
            alerts.saved_search_create(
                center=world.center, actor=world.student, name="one more", filters={}, alert="off"
            )
    assert AuditEntry.objects.filter(verb="saved_search.created").count() == 20


def test_student_saves_the_search_on_the_page_with_its_filters(world, client):
    client.force_login(world.student)
    page = client.get(_url(world.center, "position_search"), {"q": "数据", "city": "杭州"})
    assert "Save this search and get alerts" in page.content.decode()
    response = client.post(
        _url(world.center, "saved_search_save"),
        {
            "q": "数据",
            "city": "杭州",
            "min_stipend": "2000",
            "name": "杭州数据",
            "alert": "instant",
        },
    )
    assert response.status_code == 302
    with center_scope(world.center):
        saved = SavedSearch.objects.get(user=world.student)
    assert (saved.q, saved.city, saved.min_stipend, saved.alert) == (
        "数据",
        "杭州",
        2000,
        "instant",
    )
    listing = client.get(_url(world.center, "saved_searches")).content.decode()
    assert "杭州数据" in listing
    assert "q=%E6%95%B0%E6%8D%AE" in listing


def test_a_name_taken_shows_beside_the_field(world, client, unscoped):
    SavedSearchFactory(center=world.center, user=world.student, name="数据")
    client.force_login(world.student)
    response = client.post(
        _url(world.center, "saved_search_save"), {"q": "x", "name": "数据", "alert": "daily"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_name_error"' in body
    assert "already have a saved search with this name" in body


def test_student_renames_changes_the_alert_and_deletes(world, client, unscoped):
    saved = SavedSearchFactory(center=world.center, user=world.student, name="old")
    client.force_login(world.student)
    url = _url(world.center, "saved_searches")
    prefix = f"s{saved.pk}"
    response = client.post(
        url,
        {
            "search": saved.pk,
            "action": "save",
            f"{prefix}-name": "new",
            f"{prefix}-alert": "weekly",
        },
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.alert) == ("new", "weekly")
    assert AuditEntry.objects.filter(verb="saved_search.updated").exists()
    response = client.post(url, {"search": saved.pk, "action": "delete"})
    assert response.status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_another_students_saved_search_cannot_be_changed(world, client, unscoped):
    theirs = SavedSearchFactory(center=world.center, name="theirs")
    client.force_login(world.student)
    response = client.post(
        _url(world.center, "saved_searches"), {"search": theirs.pk, "action": "delete"}
    )
    assert response.status_code == 302
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    assert "theirs" not in client.get(_url(world.center, "saved_searches")).content.decode()


def test_a_forged_unsubscribe_link_is_refused_with_a_page_and_changes_nothing(
    world, client, unscoped
):
    saved = SavedSearchFactory(center=world.center, user=world.student, alert=A.DAILY)
    forged = signing.dumps({"s": saved.pk, "a": "daily"}, salt="another purpose")
    token = alerts.unsubscribe_token(saved)
    for bad in (forged, token + "x", "not-a-token"):
        url = _url(world.center, "alert_unsubscribe", token=bad)
        response = client.get(url)
        assert response.status_code == 404
        assert "This unsubscribe link is not valid" in response.content.decode()
        one_click = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert one_click.status_code == 404
    saved.refresh_from_db()
    assert saved.alert == A.DAILY
    assert not AuditEntry.objects.filter(verb="saved_search.unsubscribed").exists()


def test_an_expired_unsubscribe_link_is_refused_with_a_page_and_changes_nothing(
    world, client, unscoped
):
    saved = SavedSearchFactory(center=world.center, user=world.student, alert=A.WEEKLY)
    with time_machine.travel(timezone.now() - timedelta(days=400), tick=False):
        old = alerts.unsubscribe_token(saved)
    response = client.get(_url(world.center, "alert_unsubscribe", token=old))
    assert response.status_code == 410
    assert "This unsubscribe link has expired" in response.content.decode()
    saved.refresh_from_db()
    assert saved.alert == A.WEEKLY


def _digest_email(world):
    with time_machine.travel(at(1, 8), tick=False):
        searches = [
            SavedSearchFactory(
                center=world.center, user=world.student, name=name, q=q, alert=A.DAILY
            )
            for name, q in (("数据", "数据"), ("营销", "营销"))
        ]
    _publish_at(world.base, at(1, 10), title="数据分析 Data job")
    _run_digests(at(2, 7))
    (email,) = _alert_emails(world.student)
    return searches, email


def test_digest_emails_carry_the_one_click_unsubscribe_headers(world, unscoped, mailoutbox):
    _searches, email = _digest_email(world)
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = email.headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert "/alerts/unsubscribe/" in header
    # The worker sends them with the email, beside its own Message-ID.
    assert email_deliver(email_id=email.pk)
    sent = mailoutbox[-1]
    assert sent.extra_headers["List-Unsubscribe"] == header
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.extra_headers["Message-ID"].startswith("<outgoing-")


def test_the_mail_app_s_one_click_post_stops_the_digest_without_csrf(world, unscoped):
    searches, email = _digest_email(world)
    path = _path(email.headers["List-Unsubscribe"].strip("<>"))
    mail_app = Client(enforce_csrf_checks=True)
    response = mail_app.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    for search in searches:
        search.refresh_from_db()
        assert search.alert == A.OFF
    # Nothing goes the next day.
    _publish_at(world.base, at(2, 10), title="数据工程 Another data job")
    _run_digests(at(3, 7))
    assert len(_alert_emails(world.student)) == 1


def test_resume_alerts_turns_them_back_on_from_the_page(world, client, unscoped):
    (search, _other), email = _digest_email(world)
    path = _path(email.body.split("(one click): ")[1].split()[0])
    client.get(path)
    search.refresh_from_db()
    assert search.alert == A.OFF
    response = client.post(path, {"action": "resume"})
    assert response.status_code == 200
    assert "sends you alerts again" in response.content.decode()
    search.refresh_from_db()
    assert search.alert == A.DAILY
    assert AuditEntry.objects.filter(verb="saved_search.resumed", actor=world.student).count() == 1
    # Positions from before the resume are not sent afterwards.
    _run_digests(at(3, 7))
    assert len(_alert_emails(world.student)) == 1


def test_saved_searches_page_queries_do_not_grow_with_searches(world, client, unscoped):
    SavedSearchFactory(center=world.center, user=world.student)
    client.force_login(world.student)
    url = _url(world.center, "saved_searches")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(alerts.MAX_SAVED_SEARCHES - 1):
        SavedSearchFactory(center=world.center, user=world.student)
    assert count() == few


def test_the_relay_sends_instant_alerts_the_broker_missed_and_only_once(world, unscoped):
    SavedSearchFactory(center=world.center, user=world.student, q="数据", alert=A.INSTANT)
    now = timezone.now()
    # Published without its task ever running (the broker was down at commit).
    position = PositionFactory(
        base=world.base, title="数据 Missed job", published_at=now - timedelta(minutes=2)
    )
    assert sweep_instant_alerts(written_before=now - timedelta(minutes=1)) == 1
    assert sweep_instant_alerts(written_before=now - timedelta(minutes=1)) == 1
    notes = Notification.objects.filter(user=world.student)
    assert [n.title for n in notes] == [
        f"New position for “{SavedSearch.objects.get().name}”: {position.title}"
    ]


def test_turning_alerts_on_again_lists_only_positions_from_then(world, unscoped):
    with time_machine.travel(at(1, 8), tick=False):
        search = SavedSearchFactory(center=world.center, user=world.student, q="数据", alert=A.OFF)
    _publish_at(world.base, at(1, 10), title="数据 While off")
    with time_machine.travel(at(1, 12), tick=False), center_scope(world.center):
        alerts.saved_search_update(
            center=world.center,
            actor=world.student,
            saved_search=search,
            name=search.name,
            alert=A.DAILY,
        )
    _publish_at(world.base, at(1, 14), title="数据 After turning on")
    _run_digests(at(2, 7))
    [email] = _alert_emails(world.student)
    assert "After turning on" in email.body
    assert "While off" not in email.body


def test_a_digest_leaves_out_positions_the_student_already_applied_to(world, unscoped):
    with time_machine.travel(at(1, 8), tick=False):
        SavedSearchFactory(center=world.center, user=world.student, q="数据")
    applied = _publish_at(world.base, at(1, 10), title="数据 Applied already")
    _publish_at(world.base, at(1, 11), title="数据 Not yet")
    ApplicationFactory(position=applied, student=world.profile)
    _run_digests(at(2, 7))
    [email] = _alert_emails(world.student)
    assert "Not yet" in email.body
    assert "Applied already" not in email.body


def test_a_deleted_search_s_link_says_it_sends_nothing(world, client, unscoped):
    saved = SavedSearchFactory(center=world.center, user=world.student)
    token = alerts.unsubscribe_token(saved)
    saved.delete()
    response = client.get(_url(world.center, "alert_unsubscribe", token=token))
    assert response.status_code == 404
    assert "no longer exists here" in response.content.decode()


def test_the_list_names_each_filter(world, client, unscoped):
    SavedSearchFactory(
        center=world.center, user=world.student, q="数据", city="杭州", min_stipend=Decimal(2000)
    )
    client.force_login(world.student)
    page = client.get(_url(world.center, "saved_searches")).content.decode()
    assert "Keywords: 数据 · City: 杭州 · Monthly stipend (CNY): ≥ ¥2,000" in page
