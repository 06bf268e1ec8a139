"""Coordinators import students from CSV or XLSX: every problem shown before anything is
written, all rows or none, hostile files refused, and the students' first password."""

import csv
import io
import os
import re
import time
import tracemalloc
import zipfile
from datetime import timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentorship.celery import app as celery_app
from mentorship.models import (
    AuditEntry,
    Invitation,
    Membership,
    Notification,
    OutgoingEmail,
    Role,
    User,
)
from mentorship.scoping import center_scope
from students.models import StudentImport, StudentProfile
from students.student_import import checks, parsing, selectors, services
from students.student_import.services import student_import_task
from tests.conftest import require_or_skip
from tests.factories import UniversityFactory, UserFactory

HEADER_ZH = ["姓名", "邮箱", "学校", "学号", "专业", "毕业年份"]
HEADER_EN = ["Name", "Email", "University", "Student number", "Major", "Graduation year"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def universities(center):
    return (
        UniversityFactory(center=center, name_zh="浙江大学", name_en="Zhejiang University"),
        UniversityFactory(center=center, name_zh="杭州电子科技大学", name_en="Hangzhou Dianzi"),
    )


def student(n, university="浙江大学", **overrides):
    row = {
        "name": f"学生{n}",
        "email": f"student{n}@example.test",
        "university": university,
        "number": f"2023{n:06d}",
        "major": "计算机科学",
        "year": "2026",
    }
    row.update(overrides)
    return [row["name"], row["email"], row["university"], row["number"], row["major"], row["year"]]


def csv_bytes(rows, header=HEADER_ZH, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER_ZH) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="students.csv"):
    return SimpleUploadedFile(name, data)


def check(center, coordinator, data, name="students.csv") -> StudentImport:
    with center_scope(center):
        return services.student_import_check(
            center=center, actor=coordinator, uploaded_file=upload(data, name)
        )


def problem_set(student_import):
    return {(p["row"], p["field"], p["code"]) for p in student_import.problems}


def run_now(center, coordinator, student_import):
    """Start the import and run its task in-process (what a worker does), then reload."""
    with center_scope(center):
        services.student_import_run(center=center, actor=coordinator, student_import=student_import)
        services.student_import_execute(
            center=center, import_id=student_import.pk, actor_id=coordinator.pk
        )
        student_import.refresh_from_db()
    return student_import


def nothing_written(center, emails):
    with center_scope(center):
        return not (
            User.objects.filter(email__in=emails).exists()
            or EmailAddress.objects.filter(email__in=emails).exists()
            or Membership.objects.filter(user__email__in=emails).exists()
            or StudentProfile.objects.filter(user__email__in=emails).exists()
            or Invitation.objects.filter(email__in=emails).exists()
            or OutgoingEmail.objects.filter(to__in=emails).exists()
        )


# Reading good files


@pytest.mark.django_db
def test_utf8_csv_with_bom_is_checked_without_problems(center, coordinator, universities):
    student_import = check(center, coordinator, csv_bytes([student(1), student(2)]))
    assert student_import.status == StudentImport.Status.CHECKED
    assert student_import.total_rows == 2
    assert student_import.problems == []
    assert student_import.original_name == "students.csv"
    assert student_import.file.name.startswith("private/imports/")
    entry = AuditEntry.objects.get(verb="student_import.checked")
    assert entry.actor == coordinator
    assert entry.after["rows"] == 2


@pytest.mark.django_db
def test_utf8_csv_without_bom_is_read(center, coordinator, universities):
    student_import = check(center, coordinator, csv_bytes([student(1)], encoding="utf-8"))
    assert (student_import.total_rows, student_import.problems) == (1, [])


@pytest.mark.django_db
def test_gb18030_csv_from_chinese_excel_is_read(center, coordinator, universities):
    data = csv_bytes([student(1, name="欧阳娜娜"), student(2, university="杭州电子科技大学")])
    gbk = data.decode("utf-8-sig").encode("gb18030")
    with center_scope(center):
        result = checks.check_file(center=center, data=gbk)
    assert result.problems == []
    assert [row.name for row in result.rows] == ["欧阳娜娜", "学生2"]
    assert result.rows[1].university_id == universities[1].pk


@pytest.mark.django_db
def test_xlsx_with_numbers_stored_as_numbers_is_read(center, coordinator, universities):
    rows = [["王芳", "wang.fang@example.test", "Zhejiang University", 20230001, "数学", 2026.0]]
    student_import = check(center, coordinator, xlsx_bytes(rows), name="名单.xlsx")
    assert student_import.problems == []
    assert student_import.file.name.endswith(".xlsx")
    with center_scope(center):
        result = checks.check_file(center=center, data=student_import.file.read())
    row = result.rows[0]
    assert (row.student_number, row.graduation_year, row.university_id) == (
        "20230001",
        2026,
        universities[0].pk,
    )


@pytest.mark.django_db
def test_english_headers_blank_rows_and_extra_columns_are_accepted(center, universities):
    header = ["Full name", "E-mail (required)", " university ", "Student ID", "Notes"]
    rows = [
        ["Li Na", "LI.NA@Example.test", "  zhejiang   university ", "A-1", "anything"],
        ["", "", "", "", ""],
        ["Wang Wei", "wang.wei@example.test", "杭州电子科技大学", "B-2", ""],
    ]
    with center_scope(center):
        result = checks.check_file(center=center, data=csv_bytes(rows, header=header))
    assert result.problems == []
    assert result.ignored_columns == ["Notes"]
    # Rows are numbered as the spreadsheet shows them: header 1, the blank row 3 skipped.
    assert [(row.row, row.email) for row in result.rows] == [
        (2, "li.na@example.test"),
        (4, "wang.wei@example.test"),
    ]


@pytest.mark.django_db
def test_optional_degree_and_phone_columns_are_read(center, universities):
    header = [*HEADER_ZH, "学历", "手机"]
    rows = [[*student(1), "本科", "138 0013 8000"], [*student(2), "Master", ""]]
    with center_scope(center):
        result = checks.check_file(center=center, data=csv_bytes(rows, header=header))
    assert result.problems == []
    assert [(r.degree, r.phone) for r in result.rows] == [
        ("bachelor", "13800138000"),
        ("master", ""),
    ]


# Every kind of problem


@pytest.mark.django_db
def test_odd_graduation_years_are_problems_not_errors(center, coordinator, universities):
    rows = [
        student(1, year="２０２６"),  # full-width digits, as typed with a Chinese input method
        student(2, year="2026²"),
        student(3, year="9" * 5000),
        student(4, year="2e3"),
    ]
    student_import = check(center, coordinator, csv_bytes(rows))
    assert problem_set(student_import) == {
        (3, "graduation_year", "year_invalid"),
        (4, "graduation_year", "year_invalid"),
        (5, "graduation_year", "year_invalid"),
    }


@pytest.mark.django_db
def test_every_problem_is_reported_with_its_row_and_field(
    center, coordinator, universities, member_factory
):
    already = member_factory(center, Role.STUDENT, user=UserFactory(email="already@example.test"))
    with center_scope(center):
        StudentProfile.objects.create(
            center=center, user=already, university=universities[0], student_number="TAKEN-1"
        )
    closed = UserFactory(email="closed@example.test", is_active=False)
    header = [*HEADER_ZH, "学历", "手机"]
    rows = [
        [*student(1), "", ""],  # row 2: fine
        [*student(2, name=""), "", ""],  # 3
        [*student(3, email="not-an-email"), "", ""],  # 4
        [*student(4, email="student1@example.test"), "", ""],  # 5: same email as row 2
        [*student(5, email="already@example.test"), "", ""],  # 6
        [*student(6, university="复旦大学"), "", ""],  # 7
        [*student(7, number=""), "", ""],  # 8
        [*student(8, number="2023000001"), "", ""],  # 9: same number as row 2
        [*student(9, number="TAKEN-1"), "", ""],  # 10
        [*student(10, year="1999"), "", ""],  # 11
        [*student(11, year="明年"), "", ""],  # 12
        [*student(12, name='=HYPERLINK("http://evil","x")'), "", ""],  # 13
        [*student(13, major="专" * 81), "", ""],  # 14
        [*student(14), "小学", ""],  # 15
        [*student(15), "", "12345"],  # 16
        [*student(16, email=closed.email), "", ""],  # 17
        [*student(17, number="2023000001", university="杭州电子科技大学"), "", ""],  # 18: fine
        [*student(18, university=""), "", ""],  # 19
    ]
    student_import = check(center, coordinator, csv_bytes(rows, header=header))
    assert problem_set(student_import) == {
        (3, "name", "required"),
        (4, "email", "email_invalid"),
        (5, "email", "email_repeated"),
        (6, "email", "already_student"),
        (7, "university", "university_unknown"),
        (8, "student_number", "required"),
        (9, "student_number", "number_repeated"),
        (10, "student_number", "number_taken"),
        (11, "graduation_year", "year_invalid"),
        (12, "graduation_year", "year_invalid"),
        (13, "name", "formula"),
        (14, "major", "too_long"),
        (15, "degree", "degree_unknown"),
        (16, "phone", "phone_invalid"),
        (17, "email", "account_closed"),
        (19, "university", "required"),
    }
    assert student_import.total_rows == 18
    summary = selectors.import_summary(student_import)
    assert summary == {"total": 18, "with_problems": 16, "ready": 2}
    messages = {p["row"]: p["message"] for p in student_import.problems}
    assert messages[5] == "The same email address is already on row 2."
    assert "浙江大学 / Zhejiang University" in messages[7]
    assert "spreadsheet formula" in messages[13]


@pytest.mark.django_db
def test_a_file_with_problems_cannot_be_imported(center, coordinator, universities):
    student_import = check(center, coordinator, csv_bytes([student(1), student(2, name="")]))
    with center_scope(center), pytest.raises(ValidationError, match="fix the file"):
        services.student_import_run(center=center, actor=coordinator, student_import=student_import)
    student_import.refresh_from_db()
    assert student_import.status == StudentImport.Status.CHECKED
    assert nothing_written(center, ["student1@example.test"])


@pytest.mark.django_db
def test_listed_problems_are_capped_but_every_bad_row_is_counted(
    center, coordinator, universities, monkeypatch
):
    monkeypatch.setattr(checks, "MAX_LISTED_PROBLEMS", 3)
    rows = [student(n, name="") for n in range(1, 7)] + [student(7)]
    student_import = check(center, coordinator, csv_bytes(rows))
    assert len(student_import.problems) == 4
    assert student_import.problems[-1]["code"] == "more"
    assert selectors.import_summary(student_import) == {"total": 7, "with_problems": 6, "ready": 1}


# Hostile files


FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "  =1+1",
]


@pytest.mark.django_db
@pytest.mark.parametrize("formula", FORMULAS, ids=repr)
def test_formula_cells_in_csv_are_refused_and_never_written(
    center, coordinator, universities, formula
):
    rows = [student(1, name=formula), student(2, major=formula), student(3)]
    student_import = check(center, coordinator, csv_bytes(rows))
    assert problem_set(student_import) == {(2, "name", "formula"), (3, "major", "formula")}
    assert all("looks like a spreadsheet formula" in p["message"] for p in student_import.problems)
    with center_scope(center), pytest.raises(ValidationError):
        services.student_import_run(center=center, actor=coordinator, student_import=student_import)
    assert nothing_written(center, [f"student{n}@example.test" for n in (1, 2, 3)])
    assert not User.objects.filter(name=formula).exists()


@pytest.mark.django_db
def test_formula_cells_in_xlsx_are_refused(center, coordinator, universities):
    rows = [
        student(1, name='=HYPERLINK("http://evil","x")'),
        student(2, major="@SUM(A1)"),
        student(3, number="+1+1"),
    ]
    student_import = check(center, coordinator, xlsx_bytes(rows), name="list.xlsx")
    assert problem_set(student_import) == {
        (2, "name", "formula"),
        (3, "major", "formula"),
        (4, "student_number", "formula"),
    }


def _zip_without_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(200)
HOSTILE = {
    "empty file": (b"", "students.csv", "The file is empty."),
    "blank lines only": (b"\r\n\r\n", "students.csv", "The file has no rows."),
    "header only": (csv_bytes([]), "students.csv", "no students below it"),
    "utf-16 text": (
        "姓名\t邮箱\n张三\tz@example.test\n".encode("utf-16"),
        "students.csv",
        "saved as UTF-16",
    ),
    "utf-16 without bom": (
        "name,email,university\nLi,li@example.test,ZJU\n".encode("utf-16-le"),
        "students.csv",
        "saved as UTF-16",
    ),
    "random bytes": (bytes(range(256)) * 8, "students.csv", "neither an XLSX spreadsheet"),
    "png renamed .xlsx": (PNG, "students.xlsx", "This is a PNG file, not a spreadsheet."),
    "pdf renamed .csv": (b"%PDF-1.7\n%%EOF", "students.csv", "PDF file, not a spreadsheet"),
    "old excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "a.xls", "old Excel"),
    "damaged zip": (b"PK\x03\x04" + os.urandom(300), "students.xlsx", "not a spreadsheet we"),
    "zip that is not a workbook": (_zip_without_workbook(), "a.xlsx", "not a spreadsheet we"),
    "no student columns": (
        b"title,text\nhello,world\n",
        "students.csv",
        "Missing: 姓名 (Name), 邮箱 (Email address), 学校 (University), 学号 (Student number)",
    ),
    "a column twice": (
        csv_bytes([], header=["姓名", "name", "邮箱", "学校", "学号"]),
        "students.csv",
        "both mean",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", HOSTILE, ids=str)
def test_hostile_file_is_refused_with_a_clear_message_and_nothing_kept(
    center, coordinator, universities, case
):
    data, name, message = HOSTILE[case]
    with pytest.raises(ValidationError) as refused:
        check(center, coordinator, data, name=name)
    assert message in " ".join(refused.value.message_dict["file"])
    with center_scope(center):
        assert not StudentImport.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="student_import").exists()


@pytest.mark.django_db
def test_file_over_ten_megabytes_is_refused_before_it_is_read(center, coordinator):
    big = SimpleUploadedFile("big.csv", b"x" * (10 * 1024 * 1024 + 1))
    with center_scope(center), pytest.raises(ValidationError, match="too large"):
        services.student_import_check(center=center, actor=coordinator, uploaded_file=big)


@pytest.mark.django_db
def test_file_over_the_row_limit_is_refused(center, coordinator, universities, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_ROWS", 3)
    data = csv_bytes([student(n) for n in range(1, 5)])
    with pytest.raises(ValidationError, match="more than 3 students"):
        check(center, coordinator, data)
    assert len(csv_bytes([student(n) for n in range(1, 4)])) < parsing.MAX_FILE_BYTES
    check(center, coordinator, csv_bytes([student(n) for n in range(1, 4)]))


def test_the_row_limit_is_fifty_thousand_and_the_size_limit_ten_megabytes():
    assert parsing.MAX_ROWS == 50_000
    assert parsing.MAX_FILE_BYTES == 10 * 1024 * 1024


@pytest.mark.django_db
def test_spreadsheet_claiming_a_huge_sheet_is_read_by_its_real_rows(center, universities):
    """A sheet may declare itself A1:XFD1048576; reading by that would pad a million rows of
    16,384 cells."""
    data = xlsx_bytes([student(1)])
    buffer = io.BytesIO()
    replaced = 0
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, replaced = re.subn(
                    rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', content
                )
            target.writestr(item, content)
    assert replaced == 1
    tracemalloc.start()
    try:
        with center_scope(center):
            result = checks.check_file(center=center, data=buffer.getvalue())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.total_rows, result.problems) == (1, [])
    # Padded, the sheet would need gigabytes; read by its rows, a few megabytes.
    print(f"peak {peak / 2**20:.1f} MB")
    assert peak < 64 * 2**20


# Writing: all rows or none


@pytest.mark.django_db
def test_import_writes_students_invitations_and_welcome_emails(
    center, coordinator, universities, member_factory
):
    existing = UserFactory(email="existing@example.test", name="Old Name")
    member_factory(center, Role.MENTOR, user=existing)
    rows = [student(1), student(2, university="Hangzhou Dianzi"), student(3, email=existing.email)]
    student_import = run_now(center, coordinator, check(center, coordinator, csv_bytes(rows)))

    assert student_import.status == StudentImport.Status.DONE
    assert student_import.processed_rows == 3
    assert student_import.finished_at is not None
    with center_scope(center):
        profiles = {p.user.email: p for p in StudentProfile.objects.select_related("user")}
        assert set(profiles) == {"student1@example.test", "student2@example.test", existing.email}
        assert all(p.verified_by == coordinator and p.verified_at for p in profiles.values())
        assert profiles["student2@example.test"].university == universities[1]
        assert profiles["student1@example.test"].graduation_year == 2026
        assert Membership.objects.filter(role=Role.STUDENT, is_active=True).count() == 3
        invitations = Invitation.objects.filter(role=Role.STUDENT)
        assert sorted(i.email for i in invitations) == [
            "student1@example.test",
            "student2@example.test",
        ]
    new = User.objects.get(email="student1@example.test")
    assert new.name == "学生1"
    assert not new.has_usable_password()
    assert EmailAddress.objects.get(user=new).verified is False
    # Someone who already signs in keeps their account and is told in the app.
    existing.refresh_from_db()
    assert existing.has_usable_password()
    assert existing.name == "Old Name"
    assert Notification.objects.filter(user=existing, center=center).exists()

    entry = AuditEntry.objects.get(verb="student_import.done")
    assert entry.after["new_accounts"] == 2
    assert entry.after["existing_accounts"] == 1
    assert entry.after["invitations"] == 2
    emails = OutgoingEmail.objects.filter(to="student1@example.test")
    assert emails.count() == 1
    with center_scope(center):
        token = Invitation.objects.get(email="student1@example.test").token
    link = reverse(
        "center:student_import:set_password", kwargs={"center_slug": center.slug, "token": token}
    )
    assert link in emails[0].body
    assert "学生1" in emails[0].body
    # The student never signed in: the email is in the coordinator's language (here the
    # portal's default, Chinese), its subject too.
    assert emails[0].subject == "甲中心：请设置您在导师制门户的密码"
    assert "设置密码并登录" in emails[0].body and "set your password" not in emails[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        (
            "zh-hans",
            "甲中心：请设置您在导师制门户的密码",
            ["学生1，您好：", "甲中心已将您登记为导师制学生（浙江大学，学号 2023000001）"],
        ),
        (
            "en",
            "Alpha Center: set your password for the Mentorship Program portal",
            ["Hello 学生1,", "(Zhejiang University, student number 2023000001)"],
        ),
    ],
)
def test_the_welcome_email_is_in_the_coordinator_s_language(
    center, coordinator, universities, language, subject, words
):
    coordinator.language = language
    coordinator.save()
    run_now(center, coordinator, check(center, coordinator, csv_bytes([student(1)])))
    email = OutgoingEmail.objects.get(to="student1@example.test")
    assert email.subject == subject
    for text in (email.body, email.html_body):
        assert all(word in text for word in words), text
        assert "/c/alpha/students/import/welcome/" in text
        # Seven days from 07:30 on 31 March in Beijing time (30 March in UTC).
        expires = timezone.localtime(
            timezone.now() + timedelta(days=services.STUDENT_INVITATION_DAYS),
            ZoneInfo("Asia/Shanghai"),
        )
        assert f"{expires:%Y-%m-%d %H:%M}" in text


@pytest.mark.django_db
def test_running_the_task_twice_writes_once(center, coordinator, universities):
    student_import = check(center, coordinator, csv_bytes([student(1), student(2)]))
    run_now(center, coordinator, student_import)
    with center_scope(center):
        again = services.student_import_execute(
            center=center, import_id=student_import.pk, actor_id=coordinator.pk
        )
        assert again.status == StudentImport.Status.DONE
        assert StudentProfile.objects.count() == 2
        assert Invitation.objects.count() == 2
        with pytest.raises(ValidationError, match="already been started"):
            services.student_import_run(
                center=center, actor=coordinator, student_import=student_import
            )
    assert AuditEntry.objects.filter(verb="student_import.done").count() == 1


@pytest.mark.django_db
def test_changes_since_the_check_fail_the_import_with_the_new_problems(
    center, coordinator, universities, member_factory
):
    student_import = check(center, coordinator, csv_bytes([student(1), student(2)]))
    # Student 2 joins by themselves between the check and the run.
    member_factory(center, Role.STUDENT, user=UserFactory(email="student2@example.test"))
    student_import = run_now(center, coordinator, student_import)
    assert student_import.status == StudentImport.Status.FAILED
    assert student_import.error == "changed"
    assert problem_set(student_import) == {(3, "email", "already_student")}
    assert "no longer passes the check" in services.failure_message(student_import)
    assert nothing_written(center, ["student1@example.test"])


@pytest.mark.django_db
def test_progress_is_reported_while_the_rows_are_written(
    center, coordinator, universities, monkeypatch
):
    monkeypatch.setattr(services, "WRITE_BATCH", 2)
    student_import = check(center, coordinator, csv_bytes([student(n) for n in range(1, 6)]))
    seen = []
    write_batch = services._write_batch

    def watching(**kwargs):
        seen.append(selectors.import_progress(StudentImport.objects.get(pk=student_import.pk)))
        return write_batch(**kwargs)

    monkeypatch.setattr(services, "_write_batch", watching)
    run_now(center, coordinator, student_import)
    assert [(s["phase"], s["rows"]) for s in seen] == [
        ("checking", 5),
        ("writing", 2),
        ("writing", 4),
    ]
    assert seen[1]["percent"] == 40
    assert cache.get(selectors.progress_key(student_import.pk)) is None


def _big_file(n, university="浙江大学"):
    return csv_bytes([student(i, university=university) for i in range(1, n + 1)])


@pytest.mark.django_db(transaction=True)
def test_failure_midway_writes_nothing_on_postgres(
    postgres, center, coordinator, universities, monkeypatch
):
    emails = [f"student{n}@example.test" for n in range(1, 1201)]
    student_import = check(center, coordinator, _big_file(1200))
    write_batch = services._write_batch
    calls = []

    def failing_on_the_third_round(**kwargs):
        calls.append(len(kwargs["rows"]))
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        return write_batch(**kwargs)

    monkeypatch.setattr(services, "_write_batch", failing_on_the_third_round)
    with center_scope(center), transaction.atomic():
        services.student_import_run(center=center, actor=coordinator, student_import=student_import)
    # The eager task ran when the transaction committed.
    assert calls == [500, 500, 200]
    student_import.refresh_from_db()
    assert student_import.status == StudentImport.Status.FAILED
    assert student_import.error == "unexpected"
    assert student_import.processed_rows == 0
    assert nothing_written(center, emails)
    assert AuditEntry.objects.filter(verb="student_import.failed").count() == 1
    assert not AuditEntry.objects.filter(verb="student_import.done").exists()


@pytest.mark.django_db(transaction=True)
def test_constraint_violated_at_write_time_rolls_everything_back_on_postgres(
    postgres, center, coordinator, universities, monkeypatch
):
    """Another change takes a student number after the last check: the database refuses
    row 1,101 and the 1,000 rows already inserted go with it."""
    emails = [f"student{n}@example.test" for n in range(1, 1201)]
    data = _big_file(1200)
    student_import = check(center, coordinator, data)
    with center_scope(center):
        stale = checks.check_file(center=center, data=data)
        StudentProfile.objects.create(
            center=center,
            user=UserFactory(email="racer@example.test"),
            university=universities[0],
            student_number=f"2023{1100:06d}",
        )
    monkeypatch.setattr(checks, "check_file", lambda **kwargs: stale)
    with center_scope(center), transaction.atomic():
        services.student_import_run(center=center, actor=coordinator, student_import=student_import)
    student_import.refresh_from_db()
    assert student_import.status == StudentImport.Status.FAILED
    assert student_import.error == "conflict"
    assert "added by another change" in services.failure_message(student_import)
    assert nothing_written(center, emails)
    with center_scope(center):
        assert StudentProfile.objects.count() == 1


# Through a real Celery worker


@pytest.fixture
def real_worker(postgres, settings):
    require_or_skip(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    celery_app.control.purge()
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30
    ) as worker:
        yield worker
    # The welcome emails of a big import are still queued: they belong to this test only.
    celery_app.control.purge()


@pytest.mark.django_db(transaction=True)
def test_twenty_thousand_students_through_a_real_worker(
    real_worker, center, coordinator, universities, monkeypatch
):
    data = _big_file(20_000)
    started = time.monotonic()
    student_import = check(center, coordinator, data)
    checked = time.monotonic()
    assert (student_import.total_rows, student_import.problems) == (20_000, [])

    enqueued = []
    apply_async = student_import_task.apply_async

    def keep_result(*args, **kwargs):
        # The portal's enqueue skips results (a request never waits for them); this test does.
        kwargs.pop("ignore_result", None)
        enqueued.append(apply_async(*args, **kwargs))
        return enqueued[-1]

    monkeypatch.setattr(student_import_task, "apply_async", keep_result)
    with center_scope(center), transaction.atomic():
        services.student_import_run(center=center, actor=coordinator, student_import=student_import)
    assert enqueued[0].get(timeout=300) == StudentImport.Status.DONE
    finished = time.monotonic()

    student_import.refresh_from_db()
    assert student_import.status == StudentImport.Status.DONE
    assert student_import.processed_rows == 20_000
    with center_scope(center):
        assert StudentProfile.objects.count() == 20_000
        assert Membership.objects.filter(role=Role.STUDENT).count() == 20_000
        assert Invitation.objects.filter(role=Role.STUDENT).count() == 20_000
    assert (
        User.objects.filter(email__endswith="@example.test", password__startswith="!").count()
        == 20_000
    )
    # The time is for reading, not asserting: the machine's load decides it.
    print(
        f"\n20,000 rows: checked in {checked - started:.1f}s, "
        f"imported by the worker in {finished - checked:.1f}s"
    )


# Pages


@pytest.mark.django_db
def test_coordinator_uploads_previews_and_imports_through_the_pages(
    client, center, coordinator, universities, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    base = reverse("center:student_import:list", kwargs={"center_slug": center.slug})
    page = client.get(base)
    assert page.status_code == 200
    assert "Download the template" in page.content.decode()

    bad = csv_bytes([student(1), student(2, email="nope")])
    response = client.post(base, {"file": upload(bad)})
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "1 row is ready. 1 row has problems: fix it in your file and upload it again." in preview
    assert "This is not a valid email address." in preview
    assert "Import 1 student" not in preview

    good = csv_bytes([student(1), student(2)])
    response = client.post(base, {"file": upload(good)})
    detail = response.url
    preview = client.get(detail).content.decode()
    assert "All 2 rows are ready, with no problems." in preview
    assert "Import 2 students" in preview

    pk = int(detail.rstrip("/").rsplit("/", 1)[1])
    run = reverse("center:student_import:run", kwargs={"center_slug": center.slug, "pk": pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(run).status_code == 302
    result = client.get(detail).content.decode()
    assert "2 students imported." in result
    assert len(mail.outbox) == 2
    listing = client.get(base).content.decode()
    assert "students.csv" in listing
    assert "Imported" in listing


@pytest.mark.django_db
def test_hostile_upload_shows_the_message_next_to_the_field(client, center, coordinator):
    client.force_login(coordinator)
    base = reverse("center:student_import:list", kwargs={"center_slug": center.slug})
    response = client.post(base, {"file": upload(PNG, "students.xlsx")})
    assert response.status_code == 200
    assert "This is a PNG file, not a spreadsheet." in response.content.decode()
    assert 'id="id_file_error"' in response.content.decode()


@pytest.mark.django_db
def test_progress_page_refreshes_itself_while_importing(client, center, coordinator):
    with center_scope(center):
        student_import = StudentImport.objects.create(
            center=center,
            file="private/imports/x.csv",
            original_name="big.csv",
            status=StudentImport.Status.IMPORTING,
            total_rows=1200,
        )
    cache.set(selectors.progress_key(student_import.pk), {"phase": "writing", "rows": 500})
    client.force_login(coordinator)
    url = reverse(
        "center:student_import:detail", kwargs={"center_slug": center.slug, "pk": student_import.pk}
    )
    page = client.get(url).content.decode()
    head = page.split("</head>")[0]
    assert '<meta http-equiv="refresh" content="2">' in head
    assert "Writing the students: 500 of 1,200 rows." in page
    assert '<progress value="500" max="1200"' in page


@pytest.mark.django_db
def test_template_download_has_the_chinese_headers(client, center, coordinator):
    client.force_login(coordinator)
    response = client.get(
        reverse("center:student_import:template", kwargs={"center_slug": center.slug})
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff姓名,邮箱,学校,学号,专业,毕业年份".encode())


@pytest.mark.django_db
def test_student_cannot_open_the_import_pages(client, center, member_factory):
    client.force_login(member_factory(center, Role.STUDENT))
    response = client.get(
        reverse("center:student_import:list", kwargs={"center_slug": center.slug})
    )
    assert response.status_code == 403


# The imported student's first visit


def _welcome_link(center, email):
    body = OutgoingEmail.objects.get(to=email).body
    return re.search(r"/c/[^/]+/students/import/welcome/[^/\s]+/", body).group(0)


@pytest.mark.django_db
def test_imported_student_sets_a_password_and_is_signed_in(
    client, center, coordinator, universities
):
    run_now(center, coordinator, check(center, coordinator, csv_bytes([student(1)])))
    link = _welcome_link(center, "student1@example.test")

    page = client.get(link).content.decode()
    assert "student1@example.test" in page
    assert 'value="学生1"' in page

    weak = client.post(
        link, {"name": "学生一", "password": "12345678", "password_again": "12345678"}
    )
    assert weak.status_code == 200
    assert "This password is too common." in weak.content.decode()
    mismatch = client.post(
        link, {"name": "学生一", "password": "Lake-Tea-2026!", "password_again": "other"}
    )
    assert "The two passwords do not match." in mismatch.content.decode()

    response = client.post(
        link, {"name": "学生一", "password": "Lake-Tea-2026!", "password_again": "Lake-Tea-2026!"}
    )
    assert response.status_code == 302
    assert response.url == reverse("center:home", kwargs={"center_slug": center.slug})
    user = User.objects.get(email="student1@example.test")
    assert user.name == "学生一"
    assert user.check_password("Lake-Tea-2026!")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert EmailAddress.objects.get(user=user).verified
    with center_scope(center):
        invitation = Invitation.objects.get(email=user.email)
    assert invitation.accepted_by == user
    assert AuditEntry.objects.filter(verb="invitation.accepted", actor=user).exists()

    # The link works once; signing in with the password works from now on.
    client.logout()
    again = client.get(link).content.decode()
    assert "already been accepted" in again
    assert client.login(email=user.email, password="Lake-Tea-2026!")


@pytest.mark.django_db
def test_welcome_link_of_an_expired_invitation_sets_nothing(
    client, center, coordinator, universities
):
    run_now(center, coordinator, check(center, coordinator, csv_bytes([student(1)])))
    link = _welcome_link(center, "student1@example.test")
    with center_scope(center):
        Invitation.objects.update(expires_at="2020-01-01T00:00:00Z")
    response = client.post(
        link, {"name": "x", "password": "Lake-Tea-2026!", "password_again": "Lake-Tea-2026!"}
    )
    assert response.status_code == 200
    assert "This invitation has expired." in response.content.decode()
    assert not User.objects.get(email="student1@example.test").has_usable_password()


@pytest.mark.django_db
def test_staff_invitation_token_is_not_a_welcome_link(client, center):
    from tests.factories import InvitationFactory

    invitation = InvitationFactory(center=center, role=Role.BUREAU)
    response = client.get(
        reverse(
            "center:student_import:set_password",
            kwargs={"center_slug": center.slug, "token": invitation.token},
        )
    )
    assert response.status_code == 404


def test_sweep_runs_an_import_whose_message_was_lost(center, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    from mentorship.tasks import sweep_stuck_jobs_task

    with center_scope(center):
        UniversityFactory(center=center, name_zh="遗失大学")
        checked = services.student_import_check(
            center=center,
            actor=coordinator,
            uploaded_file=SimpleUploadedFile(
                "lost.csv",
                "姓名,邮箱,学校,学号\n沈一,shen.yi@lost.example,遗失大学,L001\n".encode(),
            ),
        )
        # Started, but the task's message never reached a worker (no commit callbacks here).
        services.student_import_run(center=center, actor=coordinator, student_import=checked)
        StudentImport.objects.filter(pk=checked.pk).update(
            created_at=timezone.now() - timedelta(hours=1)
        )
    assert sweep_stuck_jobs_task()["imports"] == 1
    with center_scope(center):
        assert StudentImport.objects.get(pk=checked.pk).status == StudentImport.Status.DONE
