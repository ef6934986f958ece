"""The one spreadsheet writer: text that would start a formula is quoted in CSV and string-typed
(with Excel's quote prefix) in XLSX, numbers and dates keep their types, sheets are named by Excel's
rules, and no other module in the project writes a spreadsheet itself."""

import ast
import csv
import datetime as dt
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core import spreadsheets
from core.spreadsheets import sheet_title, stream_table, table_response, write_table

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = [
    '=HYPERLINK("http://x","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "＝1+1",
    "＋1",
    "－2",
    "＠SUM(A1)",
]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 Chinese only with the BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_quotes_text_that_would_start_a_formula(text):
    rows = csv_rows(write_table(["name"], [[text]], "csv", sheet_title="t"))
    assert rows[1] == ["'" + text]


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_keeps_the_exact_text_as_a_string_never_a_formula(text):
    data = write_table(["name"], [[text]], "xlsx", sheet_title="t")
    cell = xlsx_sheet(data)["A2"]
    # XML itself reads a carriage return back as a line feed; nothing else changes.
    assert cell.data_type == "s" and cell.value == text.replace("\r", "\n")
    assert cell.quotePrefix  # editing the cell in Excel keeps it text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_the_header_is_neutralised_like_the_rows():
    rows = csv_rows(write_table(["=1+1"], [], "csv", sheet_title="t"))
    assert rows == [["'=1+1"]]
    assert xlsx_sheet(write_table(["=1+1"], [], "xlsx", sheet_title="t"))["A1"].data_type == "s"


def test_safe_text_is_written_unchanged():
    safe = ["张三", "a=b", "E0001", "", "数据-共享", "1+1"]
    assert csv_rows(write_table(None, [safe], "csv", sheet_title="t")) == [safe]
    sheet = xlsx_sheet(write_table(None, [safe], "xlsx", sheet_title="t"))
    assert [c.value for c in sheet[1] if c.value is not None] == [v for v in safe if v]
    assert not any(c.quotePrefix for c in sheet[1])


def test_numbers_stay_numbers_even_when_negative():
    row = [-3, 2.5, Decimal("-1.5"), 0]
    assert csv_rows(write_table(None, [row], "csv", sheet_title="t")) == [
        ["-3", "2.5", "-1.5", "0"]
    ]
    cells = list(xlsx_sheet(write_table(None, [row], "xlsx", sheet_title="t"))[1])
    assert [c.data_type for c in cells] == ["n"] * 4
    assert [c.value for c in cells] == [-3, 2.5, -1.5, 0]


def test_a_number_passed_as_text_is_text_and_quoted():
    assert csv_rows(write_table(None, [["-3"]], "csv", sheet_title="t")) == [["'-3"]]
    cell = xlsx_sheet(write_table(None, [["-3"]], "xlsx", sheet_title="t"))["A1"]
    assert cell.data_type == "s" and cell.value == "-3"


def test_dates_stay_dates_and_aware_times_are_local():
    day = dt.date(2031, 2, 28)
    naive = dt.datetime(2031, 2, 28, 9, 30)
    aware = dt.datetime(2031, 2, 28, 1, 30, tzinfo=dt.UTC)  # 09:30 in Asia/Shanghai
    rows = csv_rows(write_table(None, [[day, naive]], "csv", sheet_title="t"))
    assert rows == [["2031-02-28", "2031-02-28T09:30:00"]]
    cells = list(xlsx_sheet(write_table(None, [[day, naive, aware]], "xlsx", sheet_title="t"))[1])
    assert all(c.is_date for c in cells)
    assert cells[0].value.date() == day and cells[1].value == naive and cells[2].value == naive


def test_none_is_an_empty_cell_and_other_values_are_their_text():
    rows = csv_rows(write_table(None, [[None, {"a": 1}]], "csv", sheet_title="t"))
    assert rows == [["", "{'a': 1}"]]


def test_control_characters_xlsx_cannot_hold_are_dropped_instead_of_failing():
    cell = xlsx_sheet(write_table(None, [["a\x00b\x1fc\td"]], "xlsx", sheet_title="t"))["A1"]
    assert cell.value == "abc\td"


@pytest.mark.parametrize(
    ("asked", "named"),
    [
        ("Contest results", "Contest results"),
        ("a[b]c:d*e?f/g\\h", "a_b_c_d_e_f_g_h"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
        ("", "Sheet1"),
        ("History", "History (1)"),
        ("签到表", "签到表"),
    ],
)
def test_sheet_titles_follow_excels_rules(asked, named):
    assert sheet_title(asked) == named
    assert load_workbook(
        io.BytesIO(write_table(None, [], "xlsx", sheet_title=asked))
    ).sheetnames == [named]


def test_streaming_gives_the_same_file():
    rows = [["=1", -1, "张三"], ["@x", 2.5, dt.date(2031, 1, 2)]]
    streamed = b"".join(stream_table(["a", "b", "c"], iter(rows), "csv", sheet_title="t"))
    assert streamed == write_table(["a", "b", "c"], rows, "csv", sheet_title="t")
    xlsx = b"".join(stream_table(["a", "b", "c"], iter(rows), "xlsx", sheet_title="t"))
    sheet = xlsx_sheet(xlsx)
    assert [c.value for c in sheet[2]] == ["=1", -1, "张三"]
    assert sheet["A3"].data_type == "s"


def test_responses_are_downloads_with_the_right_type():
    response = table_response(["a"], [["=1"]], "xlsx", filename="f", sheet_title="t")
    assert response["Content-Type"] == spreadsheets.CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"] == 'attachment; filename="f.xlsx"'
    streamed = table_response(["a"], [["=1"]], "csv", filename="f", sheet_title="t", streaming=True)
    assert csv_rows(b"".join(streamed.streaming_content)) == [["a"], ["'=1"]]


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        write_table(None, [], "xls", sheet_title="t")
    with pytest.raises(ValueError):
        stream_table(None, [], "ods", sheet_title="t")


def test_text_columns_are_formatted_as_text_in_xlsx():
    data = write_table(["工号"], [], "xlsx", sheet_title="t", text_columns=[0])
    assert xlsx_sheet(data).column_dimensions["A"].number_format == "@"


# --- nobody else writes spreadsheets -------------------------------------------------------------

WRITER_NAMES = {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook")}
WRITER_MODULES = ("xlsxwriter", "openpyxl.workbook", "openpyxl.writer")


def spreadsheet_writers(source: str) -> list[str]:
    """What in `source` writes a CSV or XLSX file: csv.writer/DictWriter, openpyxl's Workbook
    (its reader load_workbook is fine), xlsxwriter."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in WRITER_NAMES:
                found.append(f"{node.value.id}.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if (node.module, alias.name) in WRITER_NAMES or node.module.startswith(
                    WRITER_MODULES
                ):
                    found.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith(WRITER_MODULES)]
    return found


def test_the_check_finds_a_spreadsheet_writer():
    assert spreadsheet_writers("import csv\ncsv.writer(out)") == ["csv.writer"]
    assert spreadsheet_writers("from openpyxl import Workbook") == ["from openpyxl import Workbook"]
    assert spreadsheet_writers("import xlsxwriter") == ["import xlsxwriter"]
    assert (
        spreadsheet_writers("import csv\ncsv.reader(f)\nfrom openpyxl import load_workbook") == []
    )


def test_only_core_spreadsheets_writes_spreadsheets():
    skip = {".venv", "node_modules", "tests", ".git", "var", "static", "__pycache__"}
    offenders, scanned = {}, 0
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            path = Path(folder, name)
            relative = path.relative_to(ROOT)
            if not name.endswith(".py") or relative == Path("core/spreadsheets.py"):
                continue
            scanned += 1
            found = spreadsheet_writers(path.read_text(encoding="utf-8"))
            if found:
                offenders[str(relative)] = found
    assert scanned > 100 and offenders == {}
