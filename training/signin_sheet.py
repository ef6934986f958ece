"""An on-site session's sign-in sheet (CSV or XLSX): the blank template to download, and reading
the filled-in sheet back. One employee number per row, in a column headed "employee_number" (or
工号, or the template's header in any site language), or the first column. All-or-nothing: any
unknown or duplicate number rejects the whole sheet with a row-by-row report."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.sheet_reader import describe_sheet_problem, read_csv, read_xlsx
from core.spreadsheets import write_table
from people.models import Profile

HEADERS = {"employee_number", "employee number", "工号", "员工编号"}
MAX_ROWS = 5000
# The template's only column: exactly what attendees_from_sheet reads.
TEMPLATE_HEADER = gettext_lazy("Employee number")


def _headers() -> set[str]:
    """Accepted header spellings: the fixed ones and the template's header in every site language,
    so a template downloaded in English uploads from an admin working in Chinese and back."""
    translated = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translated.add(str(TEMPLATE_HEADER).strip().lower())
    return HEADERS | translated


def template(fmt: str) -> bytes:
    """The blank sign-in sheet in the reader's language: one "Employee number" column (text-typed
    in XLSX, so numbers with leading zeros stay as written). Raises ValueError for a format other
    than "csv" or "xlsx"."""
    return write_table([TEMPLATE_HEADER], [], fmt, sheet_title=_("Sign-in sheet"), text_columns=[0])


class SheetError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _rows(upload) -> list[list[str]]:
    """The sheet's non-blank rows, read by the safe sheet reader (limits on unpacked size, rows and
    cells); a sheet it refuses raises SheetError with its reasons, row by row."""
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        sheet = read_xlsx(data, max_rows=MAX_ROWS)
    elif name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError as error:
                raise SheetError([_("The file is neither UTF-8 nor GB18030 text.")]) from error
        sheet = read_csv(text, max_rows=MAX_ROWS)
    else:
        raise SheetError([_("Only .csv and .xlsx files can be uploaded.")])
    if not sheet.ok:
        raise SheetError([_describe(problem) for problem in sheet.problems])
    return [cells for _number, cells in sheet.rows]


def _describe(problem) -> str:
    message = describe_sheet_problem(problem.as_dict())
    if problem.row is None:
        return message
    return _("Row %(row)s: %(problem)s") % {"row": problem.row, "problem": message}


def attendees_from_sheet(upload) -> list:
    """The users listed on the sheet, or SheetError with every problem found (row numbers as the
    spreadsheet shows them)."""
    rows = [row for row in _rows(upload) if any(row)]
    if not rows:
        raise SheetError([_("The file is empty.")])
    column = 0
    header = [cell.lower() for cell in rows[0]]
    headers = _headers()
    start = 0
    if any(cell in headers for cell in header):
        column = next(i for i, cell in enumerate(header) if cell in headers)
        start = 1
    if len(rows) - start > MAX_ROWS:
        raise SheetError([_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}])
    numbers: dict[str, int] = {}
    problems = []
    for index, row in enumerate(rows[start:], start=start + 1):
        number = row[column] if column < len(row) else ""
        if not number:
            problems.append(_("Row %(row)s: the employee number is missing.") % {"row": index})
        elif number in numbers:
            problems.append(
                _("Row %(row)s: employee number %(number)s is already on row %(first)s.")
                % {"row": index, "number": number, "first": numbers[number]}
            )
        else:
            numbers[number] = index
    found = {
        p.employee_number: p.user
        for p in Profile.objects.filter(employee_number__in=numbers).select_related("user")
    }
    for number, index in numbers.items():
        if number not in found:
            problems.append(
                _("Row %(row)s: nobody has employee number %(number)s.")
                % {"row": index, "number": number}
            )
    if problems:
        raise SheetError(problems)
    return [found[number] for number in numbers]
