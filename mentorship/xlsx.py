"""A one-sheet XLSX file written as a stream: for exports of hundreds of thousands of rows.

openpyxl (even in write-only mode) builds every cell through its XML library and takes
minutes for half a million rows; the sheet of an export is plain (text and numbers, no
styles), so its XML is written here directly, a batch of rows at a time, into the zip
entry. Text goes in as inline strings (no shared-string table held in memory), numbers as
numbers, an empty or None value as an empty cell. Characters XML cannot carry (control
characters) are dropped, as a spreadsheet could not show them anyway.
"""

import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

# Rows written to the zip entry at a time.
BATCH = 1000

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_CARE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats"
_SPREADSHEET = f"{_TYPE}-officedocument.spreadsheetml"

_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="{_PACKAGE}/content-types">'
    f'<Default Extension="rels" ContentType="{_TYPE}-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEET}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_SPREADSHEET}.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATION}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    _XML + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{_RELATION}">'
    '<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATION}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_START = (
    _XML
    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def _text(value: str) -> str:
    if _NEEDS_CARE.search(value):
        value = escape(_ILLEGAL.sub("", value))
    return f'<c t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'


def _cell(value) -> str:
    if value is None or value == "":
        return "<c/>"  # kept, so that the cells after it stay in their columns
    kind = value.__class__
    if kind is str:
        return _text(value)
    if kind is int or kind is float or kind is Decimal:
        return f"<c><v>{value}</v></c>"
    return _text(str(value))


class StreamingSheet:
    """`with StreamingSheet(handle, title) as sheet: sheet.append(row)` writes the file."""

    def __init__(self, handle, title: str):
        self.handle = handle
        self.title = _SHEET_NAME_UNSAFE.sub(" ", str(title))[:31] or "Sheet1"
        self.pending: list[str] = []

    def __enter__(self):
        self.zip = zipfile.ZipFile(self.handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self.zip.writestr("_rels/.rels", _ROOT_RELS)
        self.zip.writestr("xl/workbook.xml", _WORKBOOK.format(name=quoteattr(self.title)))
        self.zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self.sheet = self.zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self.sheet.write(_SHEET_START.encode())
        return self

    def append(self, row) -> None:
        self.pending.append("<row>" + "".join(map(_cell, row)) + "</row>")
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        self.sheet.write("".join(self.pending).encode())
        self.pending.clear()

    def __exit__(self, kind, error, trace):
        if kind is None:
            self._flush()
            self.sheet.write(_SHEET_END.encode())
        self.sheet.close()
        self.zip.close()
        return False
