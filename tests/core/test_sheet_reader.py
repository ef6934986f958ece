"""The safe sheet reader every import goes through: hostile workbooks and CSV files are refused
early, by the zip directory or by a limit, with a problem in the reader's language, never a crash.

Memory is measured with tracemalloc (deterministic for a given file); wall time is never asserted.
"""

import io
import tracemalloc
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from bench.bench_imports import minimal_xlsx, write_xlsx_bomb
from core.sheet_reader import describe_sheet_problem, read_csv, read_xlsx

SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def codes(sheet):
    return [(p.code, p.row, p.column) for p in sheet.problems]


@pytest.fixture
def bomb_1gb(tmp_path_factory):
    """The benchmark's bomb: about 1 MB on disk, 1 GiB of shared string once inflated."""
    path = write_xlsx_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx")
    return path.read_bytes()


def test_an_ordinary_workbook_is_read_row_by_row_with_spreadsheet_row_numbers():
    sheet = read_xlsx(xlsx(["工号", "姓名"], ["E1", " 张三 "], [None, None], ["E2", 42]))
    assert sheet.ok
    assert sheet.rows == [(1, ["工号", "姓名"]), (2, ["E1", "张三"]), (4, ["E2", "42"])]


def test_the_1gb_bomb_is_refused_from_its_zip_directory_with_little_memory(bomb_1gb):
    assert len(bomb_1gb) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with mock.patch("openpyxl.load_workbook") as load_workbook:
            sheet = read_xlsx(bomb_1gb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert codes(sheet) == [("xlsx_too_large_unpacked", None, None)]
    assert not load_workbook.called  # refused before openpyxl saw a byte
    assert peak < 2 * 1024 * 1024
    problem = sheet.problems[0].as_dict()
    with translation.override("en"):
        assert describe_sheet_problem(problem) == (
            "The workbook would unpack to more than 50 MB; split it into smaller files."
        )
    with translation.override("zh-hans"):
        assert describe_sheet_problem(problem) == "该工作簿解压后将超过 50 MB，请拆分成较小的文件。"


def test_the_unpacked_size_limit_comes_from_settings(settings, tmp_path):
    bomb = write_xlsx_bomb(tmp_path / "b.xlsx", inflated_bytes=8 * 1024 * 1024).read_bytes()
    settings.IMPORT_MAX_ZIP_RATIO = 10_000  # only the total is under test here
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 16
    # Within the total the workbook is opened, and its 8 MB string is caught by the cell limit.
    assert codes(read_xlsx(bomb)) == [("cell_too_long", 1, 1)]
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 4
    sheet = read_xlsx(bomb)
    assert codes(sheet) == [("xlsx_too_large_unpacked", None, None)]
    assert sheet.problems[0].params == {"max": 4}


def test_a_part_that_inflates_far_beyond_its_packed_size_is_refused_under_the_total(tmp_path):
    bomb = write_xlsx_bomb(tmp_path / "b.xlsx", inflated_bytes=8 * 1024 * 1024).read_bytes()
    with mock.patch("openpyxl.load_workbook") as load_workbook:
        sheet = read_xlsx(bomb)  # 8 MB is under the 50 MB total, but packed ~1000 to 1
    assert codes(sheet) == [("xlsx_compression_ratio", None, None)]
    assert not load_workbook.called


def test_a_bomb_that_understates_its_size_is_cut_off_at_the_declared_size(settings, tmp_path):
    settings.IMPORT_MAX_ZIP_RATIO = 10_000_000  # the forged size would pass the ratio check too
    bomb = write_xlsx_bomb(
        tmp_path / "liar.xlsx", inflated_bytes=64 * 1024 * 1024, declared_bytes=4096
    ).read_bytes()
    tracemalloc.start()
    try:
        sheet = read_xlsx(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert codes(sheet) == [("unreadable_xlsx", None, None)]
    assert peak < 16 * 1024 * 1024  # far below the 64 MB the part really inflates to


@pytest.mark.parametrize("data", [b"not a workbook", xlsx(["a"])[:200], b"PK\x05\x06" + b"\0" * 18])
def test_a_file_that_is_not_a_workbook_is_unreadable_not_a_crash(data):
    assert codes(read_xlsx(data)) == [("unreadable_xlsx", None, None)]


def test_reading_stops_at_the_row_limit(settings):
    settings.IMPORT_MAX_ROWS = 3
    assert read_xlsx(xlsx(["h"], ["1"], ["2"], ["3"])).ok  # the header does not count
    sheet = read_xlsx(xlsx(["h"], ["1"], ["2"], ["3"], ["4"], ["5"]))
    assert codes(sheet) == [("too_many_rows", None, None)]
    assert sheet.problems[0].params == {"max": 3}
    # A broken row after the limit is never reached: the reader stopped before it.
    csv_sheet = read_csv('h\n1\n2\n3\n4\n"never read\n')
    assert codes(csv_sheet) == [("too_many_rows", None, None)]


def test_a_caller_may_narrow_the_row_limit_but_not_widen_it(settings):
    settings.IMPORT_MAX_ROWS = 3
    assert codes(read_csv("h\n1\n2\n", max_rows=1)) == [("too_many_rows", None, None)]
    assert codes(read_csv("h\n1\n2\n3\n4\n", max_rows=100)) == [("too_many_rows", None, None)]


def test_a_forged_row_number_far_beyond_excel_stops_the_reader():
    sheet_xml = (
        SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>'
        b'<row r="900000000"><c r="A900000000"><v>1</v></c></row></sheetData></worksheet>'
    )
    assert codes(read_xlsx(minimal_xlsx(sheet_xml))) == [("too_many_rows", None, None)]


def test_a_forged_dimension_does_not_pad_rows_to_its_width():
    sheet_xml = (
        SHEET_HEAD + b'<dimension ref="A1:XFD1048576"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>'
        b'<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row></sheetData></worksheet>'
    )
    sheet = read_xlsx(minimal_xlsx(sheet_xml))
    assert sheet.ok
    assert sheet.rows == [(1, ["h"]), (2, ["1", "2"])]


def test_a_row_wider_than_the_column_limit_is_refused_at_that_row(settings):
    settings.IMPORT_MAX_COLUMNS = 5
    sheet_xml = (
        SHEET_HEAD + b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>2</v></c></row></sheetData></worksheet>'
    )
    sheet = read_xlsx(minimal_xlsx(sheet_xml))
    assert codes(sheet) == [("too_many_columns", 2, None)]
    # Empty trailing cells (formatting only) are no reason to refuse.
    assert read_xlsx(xlsx(["a", "b", None, None, None, None, None, ""])).ok


def test_a_cell_over_the_limit_is_a_problem_at_its_row_and_column(settings):
    settings.IMPORT_MAX_CELL_CHARS = 10
    sheet = read_xlsx(xlsx(["h", "i"], ["ok", "x" * 11], ["fine", "short"]))
    assert codes(sheet) == [("cell_too_long", 2, 2)]
    assert sheet.problems[0].params == {"column": "B", "max": 10}
    assert codes(read_csv("h,i\nok," + "x" * 11 + "\n")) == [("cell_too_long", 2, 2)]
    with translation.override("en"):
        assert describe_sheet_problem(sheet.problems[0].as_dict()) == (
            "The cell in column B is longer than 10 characters."
        )


def test_no_setting_lets_a_cell_exceed_excels_own_limit(settings):
    settings.IMPORT_MAX_CELL_CHARS = 10**9
    assert codes(read_csv("h\n" + "x" * 32_768 + "\n")) == [("cell_too_long", 2, 1)]


def test_a_csv_field_over_the_parsers_limit_is_a_row_problem_not_a_traceback():
    text = "h,i\n1,2\n3," + "x" * 200_000 + "\n4,5\n"
    sheet = read_csv(text)
    assert codes(sheet) == [("csv_field_unreadable", 3, None)]
    with translation.override("zh-hans"):
        message = describe_sheet_problem(sheet.problems[0].as_dict())
    assert "32767" in message and "CSV" in message


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["people", "questions", "sign-in sheet"])
def test_every_import_reader_refuses_the_bomb(reader, bomb_1gb):
    with mock.patch("openpyxl.load_workbook") as load_workbook:
        if reader == "people":
            from people.services import people_import_file

            report = people_import_file(data=bomb_1gb, filename="hr.xlsx")
            assert [p["code"] for p in report["problems"]] == ["xlsx_too_large_unpacked"]
        elif reader == "questions":
            from quizzes.services import questions_import

            report = questions_import(data=bomb_1gb, fmt="xlsx")
            assert [p["code"] for p in report["problems"]] == ["xlsx_too_large_unpacked"]
        else:
            from training.signin_sheet import SheetError, attendees_from_sheet

            with pytest.raises(SheetError) as caught, translation.override("en"):
                attendees_from_sheet(SimpleUploadedFile("签到表.xlsx", bomb_1gb))
            assert caught.value.problems == [
                "The workbook would unpack to more than 50 MB; split it into smaller files."
            ]
    assert not load_workbook.called


def test_the_sign_in_sheet_reports_a_cell_problem_with_its_row(settings):
    from training.signin_sheet import SheetError, attendees_from_sheet

    settings.IMPORT_MAX_CELL_CHARS = 5
    upload = SimpleUploadedFile("签到表.csv", "工号\nE1\nE1234567\n".encode())
    with pytest.raises(SheetError) as caught, translation.override("en"):
        attendees_from_sheet(upload)
    assert caught.value.problems == ["Row 3: The cell in column A is longer than 5 characters."]


def test_a_workbook_part_with_entity_declarations_is_unreadable_not_expanded():
    sheet_xml = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + SHEET_HEAD
        + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    assert codes(read_xlsx(minimal_xlsx(sheet_xml))) == [("unreadable_xlsx", None, None)]
