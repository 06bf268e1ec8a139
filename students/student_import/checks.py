"""Checking every row of a student file against the file itself and the center's data.

Every problem is collected (row as the spreadsheet shows it, field, message) instead of
stopping at the first, so the coordinator fixes the whole file at once. Nothing here writes.
"""

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import is_password_usable
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from mentorship.models import Membership, Role, University, User
from mentorship.request_values import whole_number
from students.models import StudentProfile
from students.student_import.parsing import COLUMNS_BY_KEY, Table, read_table

# A file where every row is wrong would store hundreds of thousands of problems; the first
# ones are enough to fix the file, and the summary still counts every row.
MAX_LISTED_PROBLEMS = 5_000
# Database lookups take the file's values in chunks (SQLite limits the parameters).
LOOKUP_CHUNK = 1_000
# Progress is reported every this many rows.
PROGRESS_EVERY = 500

FIRST_YEAR, LAST_YEAR = 2000, 2040
PHONE = re.compile(r"^1[3-9]\d{9}$")
# What a spreadsheet program may run as a formula when the value is written out again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Words for the degree column, beside the portal's own labels in both languages.
DEGREE_WORDS = {
    "associate": ("专科", "大专", "高职", "associate"),
    "bachelor": ("本科", "学士", "bachelor", "undergraduate"),
    "master": ("硕士", "研究生", "master", "postgraduate"),
    "doctor": ("博士", "doctor", "doctorate", "phd"),
}

# Problems are stored with a code and parameters, so the preview shows them in the reader's
# language, whichever language the file was checked in.
MESSAGES = {
    "required": _("This is required."),
    "formula": _(
        "This looks like a spreadsheet formula (it starts with =, +, -, @, a tab or a line "
        "break); such cells are refused. Type the value without that first character."
    ),
    "too_long": _("Too long: at most %(max)d characters."),
    "email_invalid": _("This is not a valid email address."),
    "email_repeated": _("The same email address is already on row %(other)d."),
    "already_student": _("This person is already a student of this service center."),
    "account_closed": _("The portal account of this email address is closed."),
    "university_unknown": _(
        "This service center has no university of that name. Use the Chinese or English "
        "name of one of: %(choices)s."
    ),
    "number_repeated": _("This student number of the same university is already on row %(other)d."),
    "number_taken": _("A student of this university already has this student number."),
    "year_invalid": _("The graduation year must be a number from 2000 to 2040."),
    "degree_unknown": _("The degree must be one of: %(choices)s."),
    "phone_invalid": _("Enter an 11-digit mainland mobile number."),
    "more": _(
        "%(count)d more problems are not listed. Fix the ones above and check the file again "
        "to see the rest."
    ),
}


def problem_message(problem: dict) -> str:
    """A stored problem's message in the current language."""
    template = MESSAGES.get(problem.get("code", ""))
    if template is None:
        return problem.get("message", "")
    return str(template) % problem.get("params", {})


def _problem(row: int | None, field_key: str, code: str, **params) -> dict:
    return {
        "row": row,
        "field": field_key,
        "code": code,
        "params": params,
        "message": str(MESSAGES[code] % params) if params else str(MESSAGES[code]),
    }


@dataclass
class StudentRow:
    row: int
    name: str
    email: str
    university_id: int
    student_number: str
    major: str = ""
    degree: str = ""
    graduation_year: int | None = None
    phone: str = ""


@dataclass
class CheckResult:
    kind: str
    total_rows: int
    rows: list[StudentRow]
    problems: list[dict]
    ignored_columns: list[str] = field(default_factory=list)
    # Lower-cased email -> (user id, has a usable password) for people already in the portal.
    existing_users: dict[str, tuple[int, bool]] = field(default_factory=dict)

    @property
    def rows_with_problems(self) -> int:
        return rows_with_problems(self.problems)


def rows_with_problems(problems: list[dict]) -> int:
    rows = {p["row"] for p in problems if p.get("code") != "more" and p.get("row")}
    more = next((p for p in problems if p.get("code") == "more"), None)
    return len(rows) + (more["params"].get("rows", 0) if more else 0)


def _university_index(center) -> tuple[dict[str, int], str]:
    index = {}
    names = []
    for university in University.objects.filter(center=center).order_by("pk"):
        names.append(
            f"{university.name_zh} / {university.name_en}"
            if university.name_en
            else university.name_zh
        )
        for name in (university.name_zh, university.name_en):
            if name:
                index[_normalize_value(name)] = university.pk
    shown = "; ".join(names[:8]) + ("; …" if len(names) > 8 else "")
    return index, shown or "—"


def _normalize_value(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip().casefold()


def _degree_index() -> tuple[dict[str, str], str]:
    index = {}
    for value, words in DEGREE_WORDS.items():
        for word in words:
            index[_normalize_value(word)] = value
    for language in ("zh-hans", "en"):
        with override(language):
            for value, label in StudentProfile.Degree.choices:
                index[_normalize_value(str(label))] = value
    choices = "、".join(words[0] for words in DEGREE_WORDS.values())
    return index, choices


@dataclass
class _Checker:
    """Checks rows one by one, remembering what earlier rows of the file used."""

    table: Table
    universities: dict[str, int]
    university_names: str
    degrees: dict[str, str]
    degree_names: str
    first_row_of_email: dict[str, int] = field(default_factory=dict)
    first_row_of_number: dict[tuple[int, str], int] = field(default_factory=dict)

    def check(self, number: int, cells: list[str]) -> tuple[StudentRow | None, list[dict]]:
        values, problems = self._cells(number, cells)
        refused = {p["field"] for p in problems}

        def required(key):
            if key not in refused and not values.get(key):
                problems.append(_problem(number, key, "required"))
            return values.get(key, "")

        name = required("name")
        email = required("email").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_problem(number, "email", "email_invalid"))
            else:
                other = self.first_row_of_email.setdefault(email, number)
                if other != number:
                    problems.append(_problem(number, "email", "email_repeated", other=other))
        university_id = None
        if university := required("university"):
            university_id = self.universities.get(_normalize_value(university))
            if university_id is None:
                problems.append(
                    _problem(
                        number, "university", "university_unknown", choices=self.university_names
                    )
                )
        student_number = required("student_number")
        if student_number and university_id:
            key = (university_id, student_number)
            other = self.first_row_of_number.setdefault(key, number)
            if other != number:
                problems.append(_problem(number, "student_number", "number_repeated", other=other))
        year = None
        if values.get("graduation_year"):
            # NFKC turns full-width digits (typed with a Chinese input method) into ASCII.
            text = unicodedata.normalize("NFKC", values["graduation_year"]).removesuffix("年")
            year = whole_number(text, maximum=LAST_YEAR)
            if year is None or year < FIRST_YEAR:
                year = None
                problems.append(_problem(number, "graduation_year", "year_invalid"))
        degree = ""
        if values.get("degree"):
            degree = self.degrees.get(_normalize_value(values["degree"]), "")
            if not degree:
                problems.append(
                    _problem(number, "degree", "degree_unknown", choices=self.degree_names)
                )
        phone = re.sub(r"[\s-]", "", values.get("phone", ""))
        if phone and not PHONE.match(phone):
            problems.append(_problem(number, "phone", "phone_invalid"))
        if problems:
            return None, problems
        row = StudentRow(
            row=number,
            name=name,
            email=email,
            university_id=university_id,
            student_number=student_number,
            major=values.get("major", ""),
            degree=degree,
            graduation_year=year,
            phone=phone,
        )
        return row, []

    def _cells(self, number: int, cells: list[str]) -> tuple[dict[str, str], list[dict]]:
        """The row's values by field; formula-like and over-long cells become problems."""
        values, problems = {}, []
        for key, position in self.table.columns.items():
            raw = cells[position] if position < len(cells) else ""
            if raw.startswith(FORMULA_STARTS) or raw.lstrip(" ").startswith(FORMULA_STARTS):
                problems.append(_problem(number, key, "formula"))
                continue
            value = raw.strip()
            limit = COLUMNS_BY_KEY[key].max_length
            if limit and len(value) > limit:
                problems.append(_problem(number, key, "too_long", max=limit))
                continue
            values[key] = value
        return values, problems


def check_table(
    *, center, table: Table, on_progress: Callable[[int], None] | None = None
) -> CheckResult:
    """Check every row; the database lookups go in chunks after the rows' own checks."""
    checker = _Checker(table, *_university_index(center), *_degree_index())
    problems: list[dict] = []
    rows: list[StudentRow] = []
    for done, (number, cells) in enumerate(table.rows, 1):
        row, row_problems = checker.check(number, cells)
        if row is not None:
            rows.append(row)
        problems.extend(row_problems)
        if on_progress and done % PROGRESS_EVERY == 0:
            on_progress(done)

    existing, database_problems = _check_against_database(center, rows)
    if database_problems:
        bad_rows = {p["row"] for p in database_problems}
        rows = [row for row in rows if row.row not in bad_rows]
        problems.extend(database_problems)
    problems.sort(key=lambda p: p["row"] or 0)
    if len(problems) > MAX_LISTED_PROBLEMS:
        listed = problems[:MAX_LISTED_PROBLEMS]
        unlisted_rows = {p["row"] for p in problems[MAX_LISTED_PROBLEMS:]} - {
            p["row"] for p in listed
        }
        more = _problem(None, "", "more", count=len(problems) - MAX_LISTED_PROBLEMS)
        more["params"]["rows"] = len(unlisted_rows)
        problems = [*listed, more]
    if on_progress:
        on_progress(len(table.rows))
    return CheckResult(
        kind=table.kind,
        total_rows=len(table.rows),
        rows=rows,
        problems=problems,
        ignored_columns=table.ignored,
        existing_users=existing,
    )


def _chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_against_database(center, rows: list[StudentRow]):
    """Who is already in the portal, who is already a student here, which numbers are taken."""
    problems = []
    existing: dict[str, tuple[int, bool]] = {}
    closed: set[str] = set()
    by_email = {row.email: row for row in rows}
    for chunk in _chunks(list(by_email)):
        for pk, email, password, active in User.objects.filter(email__in=chunk).values_list(
            "pk", "email", "password", "is_active"
        ):
            if not active:
                closed.add(email)
            else:
                existing[email.lower()] = (pk, is_password_usable(password))
    students_here: set[int] = set()
    user_ids = [pk for pk, _usable in existing.values()]
    for chunk in _chunks(user_ids):
        students_here.update(
            Membership.objects.filter(
                center=center, role=Role.STUDENT, is_active=True, user_id__in=chunk
            ).values_list("user_id", flat=True)
        )
        students_here.update(
            StudentProfile.objects.filter(center=center, user_id__in=chunk).values_list(
                "user_id", flat=True
            )
        )
    for email, row in by_email.items():
        if email in closed:
            problems.append(_problem(row.row, "email", "account_closed"))
        elif email in existing and existing[email][0] in students_here:
            problems.append(_problem(row.row, "email", "already_student"))

    by_university: dict[int, dict[str, StudentRow]] = {}
    for row in rows:
        by_university.setdefault(row.university_id, {})[row.student_number] = row
    for university_id, numbers in by_university.items():
        for chunk in _chunks(list(numbers)):
            taken = StudentProfile.objects.filter(
                center=center, university_id=university_id, student_number__in=chunk
            ).values_list("student_number", flat=True)
            for number in taken:
                problems.append(_problem(numbers[number].row, "student_number", "number_taken"))
    for email in closed:
        existing.pop(email, None)
    return existing, problems


def check_file(
    *, center, data: bytes, on_progress: Callable[[int], None] | None = None
) -> CheckResult:
    """Read and check a whole file; a file that cannot be read raises ValidationError."""
    return check_table(center=center, table=read_table(data), on_progress=on_progress)
