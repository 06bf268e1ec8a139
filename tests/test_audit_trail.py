"""The audit trail pages: entries as sentences with before → after, filters, paging,
export, and who may read the center's and the program's trail."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bases.models import TrainingBase
from mentorship.audit_display import describe
from mentorship.models import AuditEntry, Report, Role
from mentorship.scoping import center_scope
from students.services import student_verify
from tests.factories import UserFactory
from tests.students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

ACTOR = '<strong class="audit-actor">'
TARGET = '<strong class="audit-target">'


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def li_jing(center, member_factory):
    user = member_factory(center, Role.COORDINATOR)
    user.name = "李静"
    user.save()
    return user


@pytest.fixture
def verified(center, li_jing, unscoped):
    profile = StudentProfileFactory(center=center, user=UserFactory(name="赵晨"))
    with center_scope(center):
        student_verify(center=center, actor=li_jing, profile_ids=[profile.pk])
    return AuditEntry.objects.get(verb="student.verified")


def audit_url(center):
    return reverse("center:audit", kwargs={"center_slug": center.slug})


def entry(center, verb="base.submitted", *, actor=None, when=None, **fields):
    return AuditEntry.objects.create(
        center=center,
        actor=actor,
        verb=verb,
        created_at=when or datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
        **fields,
    )


# Entries read as sentences


def test_entry_is_a_sentence_in_english_and_in_chinese(verified):
    with translation.override("en"):
        assert describe(verified).text == "李静 verified the student 赵晨"
    with translation.override("zh-hans"):
        assert describe(verified).text == "李静 核验了学生 赵晨"


def test_center_page_shows_sentences_not_codes(client, center, li_jing, verified):
    client.force_login(li_jing)
    english = client.get(audit_url(center)).content.decode()
    assert f"{ACTOR}李静</strong> verified the student {TARGET}赵晨</strong>" in english
    assert "student.verified" not in english.split("<tbody>")[1]
    chinese = client.get(audit_url(center), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"{ACTOR}李静</strong> 核验了学生 {TARGET}赵晨</strong>" in chinese


def test_names_in_a_sentence_are_escaped(client, center, li_jing):
    entry(center, "student.verified", actor=li_jing, target_repr="<script>x</script>")
    client.force_login(li_jing)
    body = client.get(audit_url(center)).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert "<script>x</script>" not in body


def test_unknown_verb_of_an_old_row_reads_as_a_generic_sentence(client, center, li_jing):
    entry(center, "lottery.drawn", actor=li_jing, target_repr="Spring draw", after={"x": 1})
    entry(center, "lottery.closed", actor=None)
    client.force_login(li_jing)
    response = client.get(audit_url(center))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{ACTOR}李静</strong> changed {TARGET}Spring draw</strong>" in body
    assert f"{ACTOR}The portal</strong> made a change" in body


# Before → after, readable


def test_changes_show_field_labels_and_readable_values(client, center, li_jing):
    entry(
        center,
        "base.recognized",
        actor=li_jing,
        target_type="bases.trainingbase",
        target_repr="Alpha Tech · internship training base",
        before={"status": TrainingBase.Status.UNDER_REVIEW},
        after={
            "status": TrainingBase.Status.RECOGNIZED,
            "comment": "资料齐全",
            "recognized_from": "2026-03-01",
            "recognized_until": "2028-02-29",
        },
    )
    entry(
        center,
        "subsidy_claim.paid",
        actor=li_jing,
        target_type="subsidies.subsidyclaim",
        target_repr="Alpha Tech · 2026 Q1",
        before={"status": "approved"},
        after={"status": "paid", "approved_amount": "12345.5", "payment_reference": "PAY-1"},
    )
    entry(
        center,
        "subsidy_claim.approved",
        actor=li_jing,
        target_type="subsidies.subsidyclaim",
        after={"second_approval": True, "claimed_amount": "800.00"},
    )
    client.force_login(li_jing)
    response = client.get(audit_url(center))
    changes = [
        [(c.label, c.before, c.after) for c in line.changes] for line in response.context["lines"]
    ]
    assert ("Status", "Approved", "Paid") in changes[1]
    assert ("Approved (CNY)", None, "¥12,345.50") in changes[1]
    assert ("Second approval given", None, "yes") in changes[0]
    assert ("Claimed (CNY)", None, "¥800.00") in changes[0]
    assert ("Status", "Under review", "Recognized") in changes[2]
    assert ("Recognized from", None, "March 1, 2026") in changes[2]
    assert ("Comment", None, "资料齐全") in changes[2]
    body = response.content.decode()
    assert "{&#x27;" not in body and "{'" not in body, "a Python dict on the page"


def test_changes_show_only_what_the_entry_stores(center, unscoped):
    """A profile change names the fields, never the new phone number it could look up."""
    profile = StudentProfileFactory(center=center, phone="13800000000")
    line = describe(
        entry(
            center,
            "student_profile.updated",
            target_type="students.studentprofile",
            target_id=str(profile.pk),
            target_repr=str(profile),
            after={"changed": ["phone", "skills"], "resume_replaced": False},
        )
    )
    assert [(c.label, c.after) for c in line.changes] == [
        ("Changed fields", "mobile phone, skills"),
        ("New résumé uploaded", "no"),
    ]
    assert "13800000000" not in line.changes_text()


def test_internal_row_ids_are_left_out(center):
    line = describe(
        entry(center, "placement.created", after={"application": 7, "start_date": "2026-03-02"})
    )
    assert [c.label for c in line.changes] == ["Start date"]


# Filters


@pytest.fixture
def trail(center, li_jing, member_factory):
    """Three entries on either side of midnight in Shanghai, by two people."""
    wang = member_factory(center, Role.BUREAU)
    wang.name, wang.email = "王芳", "wang.fang@bureau.example"
    wang.save()
    # 23:30 on 1 March and 00:10 on 2 March in Shanghai (UTC+8).
    entry(
        center,
        "base.recognized",
        actor=wang,
        target_type="bases.trainingbase",
        target_id="41",
        target_repr="Alpha Tech",
        when=datetime(2026, 3, 1, 15, 30, tzinfo=UTC),
    )
    entry(
        center,
        "student.verified",
        actor=li_jing,
        target_type="students.studentprofile",
        target_id="9",
        target_repr="赵晨",
        when=datetime(2026, 3, 1, 16, 10, tzinfo=UTC),
    )
    entry(
        center,
        "event.published",
        actor=li_jing,
        target_type="events.event",
        target_id="3",
        target_repr="Spring fair",
        when=datetime(2026, 2, 20, 1, 0, tzinfo=UTC),
    )
    return wang


def shown(client, center, **query):
    response = client.get(audit_url(center), query)
    assert response.status_code == 200
    return [line.entry.target_repr for line in response.context["lines"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["赵晨", "Alpha Tech", "Spring fair"]),
        ({"who": "王"}, ["Alpha Tech"]),
        ({"who": "WANG.FANG@bureau"}, ["Alpha Tech"]),
        ({"what": "student.verified"}, ["赵晨"]),
        ({"object_type": "events.event"}, ["Spring fair"]),
        ({"object": "alpha"}, ["Alpha Tech"]),
        ({"object": "9"}, ["赵晨"]),
        ({"date_from": "2026-03-02"}, ["赵晨"]),
        ({"date_to": "2026-03-01"}, ["Alpha Tech", "Spring fair"]),
        ({"date_from": "2026-03-01", "date_to": "2026-03-01"}, ["Alpha Tech"]),
        ({"who": "李", "date_to": "2026-02-28"}, ["Spring fair"]),
    ],
)
def test_filters_narrow_the_trail(client, center, li_jing, trail, query, expected):
    client.force_login(li_jing)
    assert shown(client, center, **query) == expected


def test_what_filter_offers_the_registered_kinds_in_words(client, center, li_jing):
    client.force_login(li_jing)
    body = client.get(audit_url(center)).content.decode()
    assert '<option value="student.verified">Student verified</option>' in body
    assert '<optgroup label="Subsidy claims">' in body


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"date_from": "2026-13-45"}, "date_from", "Enter a valid date."),
        ({"date_from": "2026-03-05", "date_to": "2026-03-01"}, "date_to", "cannot be before"),
        ({"what": "nonsense"}, "what", "Select a valid choice."),
        ({"who": "x" * 300}, "who", "at most 100 characters"),
        ({"object": "a\x00b"}, "object", "Null characters are not allowed."),
    ],
)
def test_bad_filter_input_gets_a_message_beside_the_field(
    client, center, li_jing, trail, query, field, message
):
    client.force_login(li_jing)
    response = client.get(audit_url(center), query)
    assert response.status_code == 200
    body = response.content.decode()
    error_block = body.split(f'id="id_{field}_error"')[1].split("</div>")[0]
    assert message in error_block
    # The other filters still apply; the bad one is ignored.
    assert len(response.context["lines"]) == 3 or field == "date_to"


# Paging


def test_trail_pages_with_previous_and_next_without_counting_rows(client, center, li_jing):
    for n in range(60):
        entry(center, "event.published", target_repr=f"Event {n:02d}")
    client.force_login(li_jing)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(audit_url(center))
    trail_queries = [q["sql"] for q in queries if "mentorship_auditentry" in q["sql"]]
    assert trail_queries and not [sql for sql in trail_queries if "COUNT(" in sql.upper()]
    assert len(first.context["lines"]) == 50
    assert 'rel="next"' in first.content.decode()
    second = client.get(audit_url(center), {"page": "2", "object_type": ""})
    assert [line.entry.target_repr for line in second.context["lines"]][-1] == "Event 00"
    assert 'rel="next"' not in second.content.decode()


def test_filters_travel_with_the_pager_links(client, center, li_jing):
    for _ in range(55):
        entry(center, "event.published", actor=li_jing)
    client.force_login(li_jing)
    body = client.get(audit_url(center), {"what": "event.published"}).content.decode()
    assert 'href="?what=event.published&amp;page=2"' in body


# Query bounds


def test_center_page_queries_stay_constant_as_rows_grow(
    client, center, li_jing, member_factory, django_assert_max_num_queries
):
    client.force_login(li_jing)
    for n in range(3):
        entry(center, actor=member_factory(center, Role.BUREAU), target_repr=f"a{n}")
    with CaptureQueriesContext(connection) as few:
        client.get(audit_url(center))
    for n in range(40):
        entry(center, actor=member_factory(center, Role.BUREAU), target_repr=f"b{n}")
    with django_assert_max_num_queries(len(few)):
        response = client.get(audit_url(center))
    assert len(response.context["lines"]) == 43


def test_program_page_queries_stay_constant_as_rows_grow(
    client, center, other_center, member_factory, django_assert_max_num_queries
):
    client.force_login(UserFactory(is_program_staff=True))
    for c in (center, other_center):
        entry(c, actor=member_factory(c, Role.BUREAU))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("program_audit"))
    for n in range(30):
        c = center if n % 2 else other_center
        entry(c, actor=member_factory(c, Role.BUREAU))
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("program_audit"))
    assert len(response.context["lines"]) > 30


# Who reads which trail


def test_program_trail_is_for_program_staff_only(client, center, li_jing):
    client.force_login(li_jing)
    assert client.get(reverse("program_audit")).status_code == 403
    assert client.post(reverse("program_audit_export"), {"format": "csv"}).status_code == 403
    assert not Report.objects.exists()


def test_program_trail_shows_every_center_and_filters_by_center(client, center, other_center):
    entry(center, "event.published", target_repr="Alpha fair")
    entry(other_center, "event.published", target_repr="Beta fair")
    client.force_login(UserFactory(is_program_staff=True))
    response = client.get(reverse("program_audit"), {"what": "event.published"})
    assert [line.entry.target_repr for line in response.context["lines"]] == [
        "Beta fair",
        "Alpha fair",
    ]
    assert "Beta Center" in response.content.decode()
    only_beta = client.get(
        reverse("program_audit"), {"what": "event.published", "center": str(other_center.pk)}
    )
    assert [line.entry.target_repr for line in only_beta.context["lines"]] == ["Beta fair"]


def test_center_trail_never_shows_another_centers_entries(client, center, other_center, li_jing):
    entry(other_center, "event.published", target_repr="Beta secret fair")
    client.force_login(li_jing)
    body = client.get(audit_url(center), {"center": str(other_center.pk)}).content.decode()
    assert "Beta secret fair" not in body


# Export


def read_csv(report) -> list[list[str]]:
    report.refresh_from_db()
    return list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig"))))


@time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=UTC), tick=False)
def test_coordinator_exports_the_filtered_trail_as_csv(
    client, center, li_jing, trail, django_capture_on_commit_callbacks
):
    # Files speak the requester's language; these assertions read English.
    li_jing.language = "en"
    li_jing.save()
    client.force_login(li_jing)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("center:audit_export", kwargs={"center_slug": center.slug}),
            {"format": "csv", "who": "李静", "date_from": "2026-02-01"},
        )
    report = Report.objects.get()
    assert response.url == reverse(
        "center:report", kwargs={"center_slug": center.slug, "pk": report.pk}
    )
    rows = read_csv(report)
    assert rows[0] == ["Time", "Who", "What", "Entry", "Object", "Changes", "IP"]
    assert [row[3] for row in rows[1:]] == [
        "李静 verified the student 赵晨",
        "李静 published the event Spring fair",
    ]
    assert rows[1][0] == "2026-03-02 00:10:00"
    assert report.params == {"who": "李静", "date_from": "2026-02-01"}


@time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=UTC), tick=False)
def test_bureau_staff_export_as_xlsx_and_may_download_it(
    client, center, trail, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    trail.language = "en"
    trail.save()
    client.force_login(trail)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("center:audit_export", kwargs={"center_slug": center.slug}),
            {"format": "xlsx", "what": "base.recognized"},
        )
    report = Report.objects.get()
    download = client.get(
        reverse("center:report_download", kwargs={"center_slug": center.slug, "pk": report.pk})
    )
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][3] == "王芳 recognized Alpha Tech"
    assert len(values) == 2


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.STUDENT, Role.MENTOR])
def test_roles_without_the_trail_can_neither_request_nor_download(
    client, center, li_jing, member_factory, role, django_capture_on_commit_callbacks
):
    client.force_login(li_jing)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("center:audit_export", kwargs={"center_slug": center.slug}), {"format": "csv"}
        )
    report = Report.objects.get()
    client.force_login(member_factory(center, role))
    export = client.post(
        reverse("center:audit_export", kwargs={"center_slug": center.slug}), {"format": "csv"}
    )
    assert export.status_code == 403
    download = client.get(
        reverse("center:report_download", kwargs={"center_slug": center.slug, "pk": report.pk})
    )
    assert download.status_code in (403, 404)
    assert Report.objects.count() == 1


@time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=UTC), tick=False)
def test_program_staff_export_every_centers_trail(
    client, center, other_center, django_capture_on_commit_callbacks
):
    entry(center, "event.published", target_repr="Alpha fair")
    entry(other_center, "event.published", target_repr="Beta fair")
    client.force_login(UserFactory(is_program_staff=True, language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("program_audit_export"), {"format": "csv", "what": "event.published"})
    report = Report.objects.get()
    assert report.center is None
    rows = read_csv(report)
    assert rows[0][:3] == ["Time", "Service center", "Who"]
    assert [(row[1], row[4]) for row in rows[1:]] == [
        ("Beta Center", "The portal published the event Beta fair"),
        ("Alpha Center", "The portal published the event Alpha fair"),
    ]
