"""The streamed XLSX sheet of reports: what a spreadsheet reads back from it."""

import io
import zipfile
from decimal import Decimal

from openpyxl import load_workbook

from mentorship.xlsx import StreamingSheet


def _written(rows, title="Applications") -> bytes:
    handle = io.BytesIO()
    with StreamingSheet(handle, title) as sheet:
        for row in rows:
            sheet.append(row)
    return handle.getvalue()


def test_a_spreadsheet_reads_back_every_value_in_its_column():
    rows = [
        ["Name", "Amount", "Note", "When"],
        ["张三 & <李四>", Decimal("1234.50"), None, "2026-03-01 09:15"],
        ["", 7, "bell\x07 and tab\tkept", 2.5],
        ["'=1+1", True, "", "last"],
    ]
    workbook = load_workbook(io.BytesIO(_written(rows, title="Mentors' records: 2026/27")))
    sheet = workbook.active
    assert sheet.title == "Mentors' records  2026 27"
    assert list(sheet.values) == [
        ("Name", "Amount", "Note", "When"),
        ("张三 & <李四>", 1234.5, None, "2026-03-01 09:15"),
        (None, 7, "bell and tab\tkept", 2.5),
        ("'=1+1", "True", None, "last"),
    ]


def test_the_rows_go_out_in_batches_and_the_file_is_a_zip(monkeypatch):
    monkeypatch.setattr("mentorship.xlsx.BATCH", 3)
    data = _written([[n, f"row {n}"] for n in range(10)])
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    values = list(load_workbook(io.BytesIO(data), read_only=True).active.values)
    assert values == [(n, f"row {n}") for n in range(10)]


def test_a_failed_export_still_closes_the_file():
    handle = io.BytesIO()
    try:
        with StreamingSheet(handle, "x") as sheet:
            sheet.append(["a"])
            raise RuntimeError("lost the database")
    except RuntimeError:
        pass
    assert zipfile.ZipFile(handle).namelist()[0] == "[Content_Types].xml"
