"""The one spreadsheet writer: every CSV or XLSX the platform hands out is built here, so no export
can carry a live formula to the person who opens it (a name imported from HR, or a user name typed
on the login page, reaches managers' and admins' spreadsheets).

Rules (OWASP "CSV injection"):
- Text that begins with = + - @ TAB or CR is a formula to Excel, LibreOffice and Google Sheets. In CSV
  such a cell is written with a leading single quote, so it opens as text. We treat the full-width
  ＝ ＋ － ＠ the same: spreadsheet apps in Chinese and Japanese locales may convert them to their
  ASCII forms, and a Chinese name or title never legitimately starts with one, so the quote costs
  nothing real.
- In XLSX a text cell is always written as a string cell (never a formula), and a dangerous one
  also carries Excel's "quote prefix" style so that editing it in Excel keeps it text. The stored
  text stays exact, so a workbook we write reads back to the same strings (the question bank
  round-trips through its importer).
- Numbers passed as numbers (int, float, Decimal) stay numbers and are never neutralised: -3 is a
  number, "-3" is text and gets the quote. Dates and times stay dates in XLSX (ISO text in CSV).
- CSV is UTF-8 with a BOM, so Excel opens Chinese text correctly.
- Every XLSX sheet is named, the name cleaned to Excel's rules (at most 31 characters, none of
  [ ] : * ? / \\, not starting or ending with an apostrophe, not "History").

Readers (openpyxl.load_workbook, csv.reader) are fine anywhere; writing a spreadsheet anywhere but
here is not (tests/core/test_spreadsheets.py checks the source tree).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell beginning with one of these is read as a formula (OWASP list, plus the full-width forms).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
BOM = "\ufeff"

_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31
# Control characters an XLSX file cannot hold at all (openpyxl refuses them); TAB, LF, CR are fine.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_STREAM_CHUNK = 64 * 1024

Row = Sequence[object]


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet would read this text as the start of a formula."""
    return text.startswith(FORMULA_PREFIXES)


def _is_number(value: object) -> bool:
    # bool is an int subclass; it is written as a number too (TRUE/FALSE in XLSX).
    return isinstance(value, int | float | Decimal)


def csv_cell(value: object) -> object:
    """One value as it goes into a CSV cell: numbers unchanged, everything else as text with a
    leading quote when it would start a formula."""
    if value is None:
        return ""
    if _is_number(value):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)  # lazy translations, UUIDs, dicts (audit details) are written as their text
    return "'" + text if is_dangerous(text) else text


def sheet_title(title: object) -> str:
    """`title` made acceptable to Excel as a sheet name."""
    text = _SHEET_TITLE_FORBIDDEN.sub("_", _XLSX_ILLEGAL.sub("", str(title or ""))).strip()
    text = text[:_SHEET_TITLE_MAX].strip("'").strip()
    if not text:
        return "Sheet1"
    if text.lower() == "history":  # reserved by Excel
        return f"{text} (1)"
    return text


class _Echo:
    """A file-like object whose write() returns what it was given, so csv.writer yields lines."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: Row | None, rows: Iterable[Row]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM
    if header is not None:
        yield writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def _xlsx_cell(sheet, value: object):
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if _is_number(value):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):  # Excel has no time zones: the site's local time, as shown
            value = timezone.make_naive(value)
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value
    text = _XLSX_ILLEGAL.sub("", str(value))
    cell = WriteOnlyCell(sheet)
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store a text beginning with = as a formula
    if is_dangerous(text):
        cell.quotePrefix = True  # Excel keeps it text even when someone edits the cell
    return cell


def _xlsx_to(
    target, header: Row | None, rows: Iterable[Row], title: object, text_columns: Sequence[int]
) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    for index in text_columns:
        # Text format, so what someone types there later stays as typed (00123 keeps its zeros).
        sheet.column_dimensions[get_column_letter(index + 1)].number_format = "@"
    if header is not None:
        sheet.append([_xlsx_cell(sheet, v) for v in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    workbook.save(target)


def write_table(
    header: Row | None,
    rows: Iterable[Row],
    fmt: str,
    *,
    sheet_title: object,
    text_columns: Sequence[int] = (),
) -> bytes:
    """The table (a header row, or None, then the rows) as CSV or XLSX bytes, safe to open.
    `text_columns` (0-based) are formatted as text in XLSX, for templates people fill in.
    Raises ValueError for a format other than "csv" or "xlsx"."""
    if fmt == "csv":
        return "".join(_csv_lines(header, rows)).encode("utf-8")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        _xlsx_to(buffer, header, rows, sheet_title, text_columns)
        return buffer.getvalue()
    raise ValueError(f"unknown spreadsheet format {fmt!r}")


def stream_table(
    header: Row | None, rows: Iterable[Row], fmt: str, *, sheet_title: object
) -> Iterator[bytes]:
    """The same file as write_table, produced in pieces: CSV a line at a time as the rows are read
    (memory stays flat however long the export); XLSX, which is a zip written at the end, through
    a temporary file on disk rather than memory. Raises ValueError for an unknown format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown spreadsheet format {fmt!r}")
    if fmt == "csv":
        return (line.encode("utf-8") for line in _csv_lines(header, rows))

    def xlsx_chunks():
        with tempfile.TemporaryFile() as spool:
            _xlsx_to(spool, header, rows, sheet_title, ())
            spool.seek(0)
            while chunk := spool.read(_STREAM_CHUNK):
                yield chunk

    return xlsx_chunks()


def table_response(
    header: Row | None,
    rows: Iterable[Row],
    fmt: str,
    *,
    filename: str,
    sheet_title: object,
    streaming: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A download of the table: `filename` without its extension (".csv"/".xlsx" is added).
    `streaming=True` for exports that may be long (the audit log), so the rows are read while
    the response is sent. Raises ValueError for an unknown format; views check it first."""
    name = f"{filename}.{fmt}"
    if streaming:
        response = StreamingHttpResponse(
            stream_table(header, rows, fmt, sheet_title=sheet_title),
            content_type=CONTENT_TYPES[fmt],
        )
    else:
        response = HttpResponse(
            write_table(header, rows, fmt, sheet_title=sheet_title),
            content_type=CONTENT_TYPES[fmt],
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
