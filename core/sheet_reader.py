"""The one safe way to read an uploaded sheet (XLSX or CSV) into rows of strings.

Every import (people, questions, sign-in sheets) reads through here, so a hostile file is refused
the same way everywhere and before it costs memory:

- XLSX is a zip. Before openpyxl touches it we read only the zip's directory: too many parts, a
  declared unpacked total over IMPORT_MAX_UNCOMPRESSED_MB, or a part that unpacks to more than
  IMPORT_MAX_ZIP_RATIO times its packed size (Apache POI's zip-bomb rule) refuse the file. Python's
  zipfile never inflates a part beyond its declared size (it stops and fails the CRC), so the
  declared sizes bound what the sheet can cost even when they lie.
- The sheet is then streamed (`read_only=True`, dimensions ignored because a forged dimension
  would pad every row), and reading stops as soon as a row, column or cell limit is passed.
- CSV: a field over the csv module's own limit, or malformed quoting, is a problem on that row.

Problems are codes with parameters (as in people.import_sheet and quizzes.formats), rendered by
`describe_sheet_problem` in the reader's language whenever the report is shown.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

# Excel's own limits: a sheet position or cell beyond them was not written by a spreadsheet.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767
# Parts smaller than this are not ratio-checked: tiny XML parts compress oddly well (POI's grace).
RATIO_GRACE_BYTES = 100 * 1024
MAX_ZIP_ENTRIES = 1000  # An ordinary workbook has a dozen parts.


@dataclass(frozen=True)
class SheetLimits:
    """How much one uploaded sheet may cost; from settings unless a caller narrows them."""

    max_uncompressed_bytes: int
    max_zip_ratio: int
    max_rows: int
    max_columns: int
    max_cell_chars: int

    @classmethod
    def from_settings(cls, *, max_rows: int | None = None) -> SheetLimits:
        """The configured limits; `max_rows` narrows the row limit for one kind of import."""
        configured_rows = settings.IMPORT_MAX_ROWS
        return cls(
            max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024,
            max_zip_ratio=settings.IMPORT_MAX_ZIP_RATIO,
            max_rows=min(max_rows, configured_rows) if max_rows else configured_rows,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_cell_chars=min(settings.IMPORT_MAX_CELL_CHARS, EXCEL_MAX_CELL_CHARS),
        )


@dataclass
class SheetProblem:
    """A reason to refuse the file. `row` and `column` (1-based) say where, when it is one cell."""

    code: str
    row: int | None = None
    column: int | None = None
    params: dict = field(default_factory=dict)

    @property
    def column_letter(self) -> str | None:
        return _column_letter(self.column) if self.column else None

    def as_dict(self) -> dict:
        return {"code": self.code, "row": self.row, "column": self.column, "params": self.params}


@dataclass
class Sheet:
    """Non-blank rows as (spreadsheet row number, cells), and every problem found.

    Any problem means the file must be refused; `rows` may then be incomplete."""

    rows: list[tuple[int, list[str]]]
    problems: list[SheetProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def _column_letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _refused(code: str, **params) -> Sheet:
    return Sheet([], [SheetProblem(code, params=params)])


def check_zip(data: bytes, limits: SheetLimits) -> SheetProblem | None:
    """Judge a workbook by its zip directory alone, without inflating a byte of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except Exception:  # zipfile raises several types for bytes that are not a zip
        return SheetProblem("unreadable_xlsx")
    if len(entries) > MAX_ZIP_ENTRIES:
        return SheetProblem("xlsx_too_many_parts", params={"max": MAX_ZIP_ENTRIES})
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        return SheetProblem(
            "xlsx_too_large_unpacked",
            params={"max": limits.max_uncompressed_bytes // (1024 * 1024)},
        )
    for entry in entries:
        if entry.file_size <= RATIO_GRACE_BYTES:
            continue
        if entry.file_size > limits.max_zip_ratio * max(entry.compress_size, 1):
            return SheetProblem("xlsx_compression_ratio", params={"max": limits.max_zip_ratio})
    return None


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


class _Collector:
    """Applies the row, column and cell limits to rows as they stream in."""

    def __init__(self, limits: SheetLimits, header: bool):
        self.limits = limits
        # The header row does not count against the row limit.
        self.allowed = limits.max_rows + (1 if header else 0)
        self.rows: list[tuple[int, list[str]]] = []
        self.problems: list[SheetProblem] = []

    def add(self, number: int, cells: list[str]) -> bool:
        """Keep one row; False when reading must stop (the file is refused already)."""
        if number > EXCEL_MAX_ROWS:
            self.problems.append(
                SheetProblem("too_many_rows", params={"max": self.limits.max_rows})
            )
            return False
        if not any(cells):
            return True
        if len(self.rows) >= self.allowed:
            self.problems.append(
                SheetProblem("too_many_rows", params={"max": self.limits.max_rows})
            )
            return False
        width = len(cells)
        while width and not cells[width - 1]:
            width -= 1
        if width > self.limits.max_columns:
            self.problems.append(
                SheetProblem(
                    "too_many_columns", row=number, params={"max": self.limits.max_columns}
                )
            )
            return False
        cells = cells[:width]
        for position, text in enumerate(cells):
            if len(text) > self.limits.max_cell_chars:
                problem = SheetProblem(
                    "cell_too_long",
                    row=number,
                    column=position + 1,
                    params={
                        "column": _column_letter(position + 1),
                        "max": self.limits.max_cell_chars,
                    },
                )
                self.problems.append(problem)
                cells[position] = ""  # The report names the cell; nobody needs its text kept.
        self.rows.append((number, cells))
        return True

    def sheet(self) -> Sheet:
        return Sheet(self.rows, self.problems)


def read_xlsx(
    data: bytes, *, max_rows: int | None = None, header: bool = True, limits=None
) -> Sheet:
    """The first worksheet of an XLSX file, or the reasons it is refused."""
    limits = limits or SheetLimits.from_settings(max_rows=max_rows)
    problem = check_zip(data, limits)
    if problem is not None:
        return Sheet([], [problem])
    from openpyxl import load_workbook

    collector = _Collector(limits, header)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                return _refused("unreadable_xlsx")
            worksheet = workbook.worksheets[0]
            # A forged <dimension> ("A1:XFD1048576") would make openpyxl pad every row to it.
            worksheet.reset_dimensions()
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if not collector.add(number, [_cell_text(value) for value in values]):
                    break
        finally:
            workbook.close()
    except Exception:  # openpyxl and the XML parsers raise many types for a broken workbook
        return _refused("unreadable_xlsx")
    return collector.sheet()


def read_csv(text: str, *, max_rows: int | None = None, header: bool = True, limits=None) -> Sheet:
    """Rows of CSV text (already decoded), or the reasons it is refused. A field the csv module
    will not read (over its limit, or broken quoting) is a problem on that row, never a crash."""
    limits = limits or SheetLimits.from_settings(max_rows=max_rows)
    collector = _Collector(limits, header)
    reader = csv.reader(io.StringIO(text))
    number = 0
    while True:
        number += 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # The parser cannot say where the row ends, so nothing after it can be trusted.
            collector.problems.append(
                SheetProblem(
                    "csv_field_unreadable",
                    row=number,
                    params={"max": min(csv.field_size_limit(), limits.max_cell_chars)},
                )
            )
            break
        if not collector.add(number, [cell.strip() for cell in values]):
            break
    return collector.sheet()


def describe_sheet_problem(problem: dict) -> str:
    """A stored sheet problem as a whole sentence in the active language."""
    params = problem.get("params", {})
    messages = {
        "unreadable_xlsx": _("The file could not be read as an Excel (.xlsx) workbook."),
        "xlsx_too_many_parts": _(
            "The workbook has more than %(max)s parts inside it, which no spreadsheet program "
            "writes; it was not opened."
        ),
        "xlsx_too_large_unpacked": _(
            "The workbook would unpack to more than %(max)s MB; split it into smaller files."
        ),
        "xlsx_compression_ratio": _(
            "Part of the workbook unpacks to more than %(max)s times its packed size, which no "
            "spreadsheet program writes; it was not opened."
        ),
        "too_many_rows": _("The file has more than %(max)s rows; split it into smaller files."),
        "too_many_columns": _("This row has more than %(max)s columns."),
        "cell_too_long": _("The cell in column %(column)s is longer than %(max)s characters."),
        "csv_field_unreadable": _(
            "This row cannot be read as CSV: a field is longer than %(max)s characters or its "
            "quotation marks do not match. Nothing after it was read."
        ),
    }
    template = messages.get(problem.get("code", ""), _("Unknown problem."))
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return template


SHEET_PROBLEM_CODES = frozenset(
    {
        "unreadable_xlsx",
        "xlsx_too_many_parts",
        "xlsx_too_large_unpacked",
        "xlsx_compression_ratio",
        "too_many_rows",
        "too_many_columns",
        "cell_too_long",
        "csv_field_unreadable",
    }
)
