"""Importing question files: all or nothing, with a report by line; exporting what was imported."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from quizzes.models import Question, QuestionImport, QuestionVersion
from quizzes.services import question_import_start, questions_export, questions_import
from tests.factories.people import UserFactory
from tests.factories.quizzes import competence

from .sample_questions import every_field_questions

GOOD_GIFT = """$CATEGORY: 数字政府

// competence: 6.1
// difficulty: easy
::一网通办::“一网通办”指什么？ {=一个平台办成事 ~多个网站各办各的 ####统一入口。}

::开放数据::公共数据都应无条件开放。 {FALSE}
"""


def counts():
    return Question.objects.count(), QuestionVersion.objects.count()


def test_a_good_file_is_imported_and_importing_it_again_changes_nothing(db):
    report = questions_import(
        data=GOOD_GIFT.encode(), fmt="gift", default_competence=competence("6.2")
    )
    assert report["ok"] and (report["created"], report["questions"]) == (2, 2)
    first = Question.objects.get(name="一网通办")
    assert (first.competence.code, first.difficulty, first.category) == ("6.1", "easy", "数字政府")
    assert Question.objects.get(name="开放数据").competence.code == "6.2"  # the default
    again = questions_import(
        data=GOOD_GIFT.encode(), fmt="gift", default_competence=competence("6.2")
    )
    assert (again["created"], again["unchanged"]) == (0, 2)
    assert counts() == (2, 2)


@pytest.mark.parametrize(
    ("fmt", "data", "code", "line"),
    [
        ("gift", GOOD_GIFT + "\n::坏题::少了括号 {=a ~b\n", "unclosed_brace", 9),
        ("gift", GOOD_GIFT + "\n::论述::请论述 {}\n", "unsupported_type", 9),
        ("gift", "// competence: 9.9\n::x::y {T}\n", "unknown_competence", 2),
        ("gift", "::x::y {~a ~b}\n", "no_right_answer", 1),
        ("gift", "::x::y {=/[unclosed/}\n", "bad_pattern", 1),
        ("moodle-xml", "<quiz><question type='multichoice'>", "bad_xml", 1),
        ("xlsx", "not a workbook", "unreadable_xlsx", None),
    ],
)
def test_a_file_with_any_problem_writes_nothing_and_reports_where(db, fmt, data, code, line):
    questions_import(data=GOOD_GIFT.encode(), fmt="gift", default_competence=competence("6.2"))
    before = counts()
    report = questions_import(data=data.encode(), fmt=fmt, default_competence=competence("6.2"))
    assert not report["ok"]
    assert (report["problems"][0]["code"], report["problems"][0]["line"]) == (code, line)
    assert counts() == before


def test_questions_without_a_competence_need_a_default(db):
    report = questions_import(data=b"::x::y {T}\n", fmt="gift")
    assert [p["code"] for p in report["problems"]] == ["no_competence"]
    assert counts() == (0, 0)


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_export_then_import_into_an_empty_bank_gives_the_same_questions(db, fmt):
    from quizzes.formats.gift import write_gift

    questions_import(data=write_gift(every_field_questions()).encode(), fmt="gift")
    exported, lossy = questions_export(questions=Question.objects.all(), fmt=fmt)
    assert lossy == []
    before = {
        q.name: (
            q.category,
            q.competence_id,
            q.difficulty,
            q.language,
            sorted(q.tags.names()),
            q.current_version.text,
            q.current_version.explanation,
        )
        for q in Question.objects.select_related("current_version")
    }
    Question.objects.all().delete()
    report = questions_import(data=exported, fmt=fmt)
    assert report["ok"] and report["created"] == 5
    after = {
        q.name: (
            q.category,
            q.competence_id,
            q.difficulty,
            q.language,
            sorted(q.tags.names()),
            q.current_version.text,
            q.current_version.explanation,
        )
        for q in Question.objects.select_related("current_version")
    }
    assert after == before


def test_the_spreadsheet_template_imports_and_exports(db):
    from quizzes.formats.xlsx import template_xlsx

    report = questions_import(data=template_xlsx(), fmt="xlsx")
    assert report["ok"] and report["created"] == 5
    exported, lossy = questions_export(questions=Question.objects.all(), fmt="xlsx")
    Question.objects.all().delete()
    assert questions_import(data=exported, fmt="xlsx")["created"] == 5
    assert lossy == []


def test_the_spreadsheet_reports_bad_rows_by_row_number(db):
    from openpyxl import Workbook

    from quizzes.formats.xlsx import HEADERS

    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(
        ["单选", "6.1", "易", "", "", "ok", "题干", "甲", "乙", "", "", "", "", "", "", "A"]
    )
    book.active.append(
        ["简答", "6.1", "", "", "", "essay", "请论述", "", "", "", "", "", "", "", "", ""]
    )
    book.active.append(
        ["单选", "6.1", "", "", "", "bad", "题干", "甲", "", "", "", "", "", "", "", "C"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    report = questions_import(data=buffer.getvalue(), fmt="xlsx")
    assert [(p["code"], p["line"]) for p in report["problems"]] == [
        ("unsupported_type", 3),
        ("bad_answer_letter", 4),
    ]
    assert counts() == (0, 0)


def test_the_command_imports_and_reports_problems_with_lines(db, tmp_path):
    good = tmp_path / "good.gift"
    good.write_text(GOOD_GIFT, encoding="utf-8")
    call_command(
        "import_questions",
        str(good),
        "--format",
        "gift",
        "--competence",
        "6.2",
        stdout=io.StringIO(),
    )
    assert Question.objects.count() == 2
    bad = tmp_path / "bad.gift"
    bad.write_text("::a::b {T}\n\n::c::论述 {}\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_questions", str(bad), "--format", "gift", "--competence", "6.2", stderr=errors
        )
    assert "bad.gift:3:" in errors.getvalue() and "essay" in errors.getvalue()
    assert Question.objects.count() == 2
    out = tmp_path / "out.xml"
    call_command("export_questions", str(out), "--format", "moodle-xml", stdout=io.StringIO())
    assert out.read_text(encoding="utf-8").count('<question type="') == 3  # a category + 2


def test_an_admin_upload_is_imported_by_the_real_task_worker(db, run_tasks):
    user = UserFactory()
    upload = SimpleUploadedFile("bank.gift", GOOD_GIFT.encode())
    with run_tasks():
        record = question_import_start(
            uploaded_file=upload, fmt="gift", user=user, default_competence=competence("6.2")
        )
    record.refresh_from_db()
    assert record.status == QuestionImport.Status.SUCCEEDED
    assert (record.questions_total, record.progress_percent, record.report["created"]) == (
        2,
        100,
        2,
    )
    bad = SimpleUploadedFile("bad.gift", b"::x::essay {}\n")
    with run_tasks():
        record = question_import_start(uploaded_file=bad, fmt="gift", user=user)
    record.refresh_from_db()
    assert record.status == QuestionImport.Status.REJECTED
    assert record.report["problems"][0]["code"] == "unsupported_type"
