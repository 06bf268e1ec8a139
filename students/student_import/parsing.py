"""Reading a coordinator's student file, CSV or XLSX, into a header and rows of text.

A file that cannot be read as a list of students is refused as a whole, with one message
that says what to do; the rows themselves are checked in `checks.py`.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.uploads import LABELS, SIGNATURES

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# Columns read per row: a real student list has a handful; a hostile sheet may claim 16,384.
MAX_COLUMNS = 40
# An XLSX is a ZIP; refusing archives that unpack to far more than any 50,000-row sheet keeps
# a small "zip bomb" from filling the memory (zipfile never reads past the declared sizes).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    header: str  # the Chinese header of the downloadable template
    aliases: tuple[str, ...]
    required: bool
    max_length: int = 0


COLUMNS = (
    Column(
        "name",
        pgettext_lazy("person", "Name"),
        "姓名",
        ("姓名", "名字", "学生姓名", "name", "full name"),
        True,
        100,
    ),
    Column(
        "email",
        _("Email address"),
        "邮箱",
        ("邮箱", "电子邮箱", "电子邮件", "邮件", "邮箱地址", "email", "e-mail", "email address"),
        True,
        254,
    ),
    Column(
        "university",
        _("University"),
        "学校",
        ("学校", "大学", "高校", "院校", "学校名称", "university", "school", "college"),
        True,
    ),
    Column(
        "student_number",
        _("Student number"),
        "学号",
        ("学号", "student number", "student no", "student no.", "student id"),
        True,
        30,
    ),
    Column("major", _("Major"), "专业", ("专业", "所学专业", "major"), False, 80),
    Column(
        "graduation_year",
        _("Graduation year"),
        "毕业年份",
        ("毕业年份", "毕业年", "毕业年度", "graduation year", "year of graduation"),
        False,
    ),
    Column("degree", _("Degree"), "学历", ("学历", "学位", "degree"), False),
    Column(
        "phone",
        _("Mobile phone"),
        "手机",
        ("手机", "手机号", "手机号码", "联系电话", "电话", "phone", "mobile", "mobile phone"),
        False,
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
FIELD_LABELS = {column.key: column.label for column in COLUMNS} | {"file": _("File")}


def field_label(key: str) -> str:
    label = FIELD_LABELS.get(key)
    return str(label) if label is not None else key


def file_error(message, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


# Reading the file


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    columns: dict[str, int]  # field key -> position in the row
    ignored: list[str]  # headers that name no field
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


def read_table(data: bytes) -> Table:
    """Read the file's header and rows, or refuse the whole file with a ValidationError."""
    if not data:
        raise file_error(_("The file is empty."), "empty")
    if len(data) > MAX_FILE_BYTES:
        raise file_error(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {"size": len(data) / 1024 / 1024, "limit": MAX_FILE_BYTES // 1024 // 1024},
            "too_large",
        )
    kind, lines = _open(data)
    header_number, header = None, []
    rows = []
    for number, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        if header_number is None:
            header_number, header = number, cells
            continue
        if len(rows) == MAX_ROWS:
            raise file_error(
                _(
                    "The file has more than %(max)s students. Split it into files of at most "
                    "%(max)s rows."
                )
                % {"max": f"{MAX_ROWS:,}"},
                "too_many_rows",
            )
        rows.append((number, cells))
    if header_number is None:
        raise file_error(_("The file has no rows."), "empty")
    columns, ignored = _map_header(header)
    if not rows:
        raise file_error(_("The file has a header row but no students below it."), "no_rows")
    return Table(kind=kind, columns=columns, ignored=ignored, rows=rows)


def _open(data: bytes) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    if data.startswith(b"PK\x03\x04"):
        return "xlsx", _xlsx_rows(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # The compound-file format of Excel 97–2003 and of password-protected workbooks.
        raise file_error(
            _(
                "This is an old Excel (.xls) or password-protected workbook. Remove the "
                "password, or save it as .xlsx or as CSV (UTF-8), and upload that."
            ),
            "old_excel",
        )
    for kind, signatures in SIGNATURES.items():
        if data.startswith(signatures):
            raise file_error(
                _("This is a %(type)s file, not a spreadsheet. Upload a CSV or XLSX file.")
                % {"type": LABELS[kind]},
                "not_a_spreadsheet",
            )
    return "csv", _csv_rows(_decode(data))


def _decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without the BOM Excel adds), else GB18030, the
    superset of GBK that Chinese Excel and WPS write."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data[:4096]):
        raise file_error(
            _(
                'This file is saved as UTF-16 ("Unicode text"). Save it as CSV (UTF-8) or as '
                "XLSX and upload that."
            ),
            "utf16",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # GB18030 decodes many byte sequences; text still has no control characters.
        if not CONTROL_CHARACTERS.search(text):
            return text
        break
    raise file_error(
        _(
            "This file is neither an XLSX spreadsheet nor CSV text in UTF-8 or GBK. Save it "
            "from Excel or WPS as CSV (UTF-8) or as XLSX and upload that."
        ),
        "unreadable",
    )


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 without its byte-order mark: Latin text has a zero in every other byte."""
    half = len(head) // 2
    if half < 4:
        return False
    return max(head[0::2].count(0), head[1::2].count(0)) > half * 0.4


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    first_line = text.split("\n", 1)[0]
    # Excel writes commas; some tools write semicolons or tabs. The header line tells.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            yield number, cells[:MAX_COLUMNS]
    except csv.Error as error:
        raise file_error(
            _("Row %(row)d of the file cannot be read as CSV (%(error)s).")
            % {"row": number + 1, "error": error},
            "broken_csv",
        ) from error


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    not_readable = file_error(
        _(
            "This file is not a spreadsheet we can read. Save it from Excel or WPS as .xlsx or "
            "as CSV (UTF-8) and upload that."
        ),
        "not_a_spreadsheet",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise not_readable from error
    if "xl/workbook.xml" not in names:
        raise not_readable
    if unpacked > MAX_UNPACKED_BYTES:
        raise file_error(
            _("This spreadsheet unpacks to more data than a list of students can hold."),
            "too_large",
        )
    try:
        # Not data_only: a formula cell then reads as its formula ("=..."), which the row
        # check refuses, instead of as whatever value the file claims it last computed.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise not_readable from error
    try:
        if not workbook.worksheets:
            raise not_readable
        sheet = workbook.worksheets[0]
        # The size a sheet declares is not trusted: rows are read as they come.
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
            yield number, [_cell_text(value) for value in values]
    except ValidationError:
        raise
    except Exception as error:
        raise not_readable from error
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        # Excel stores 20230001 and 2026 as floats.
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    # Array and data-table formulas come as objects carrying their formula text.
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else str(value)


def _normalize_header(text: str) -> str:
    text = re.sub(r"[(（][^)）]*[)）]", "", text)  # "学号（必填）", "Email (required)"
    text = re.sub(r"[\s_*:：·]+", " ", text.replace("\ufeff", ""))
    return text.strip().casefold()


ALIASES = {_normalize_header(alias): column.key for column in COLUMNS for alias in column.aliases}


def _map_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored = []
    for position, cell in enumerate(header):
        key = ALIASES.get(_normalize_header(cell))
        if key is None:
            if cell.strip():
                ignored.append(cell.strip()[:40])
            continue
        if key in columns:
            column = COLUMNS_BY_KEY[key]
            raise file_error(
                _("Two columns of the first row both mean “%(column)s”. Keep one of them.")
                % {"column": f"{column.header} / {column.label}"},
                "repeated_column",
            )
        columns[key] = position
    missing = [c for c in COLUMNS if c.required and c.key not in columns]
    if missing:
        raise file_error(
            _(
                "The first row must name the columns. Missing: %(columns)s. Download the "
                "template to see the expected columns."
            )
            % {"columns": ", ".join(f"{c.header} ({c.label})" for c in missing)},
            "missing_columns",
        )
    return columns, ignored


def template_csv() -> bytes:
    """The downloadable template: the Chinese header row, UTF-8 with the BOM Excel needs to
    open it in the right encoding."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.header for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
