"""Importing question files: all or nothing, with a report by line; exporting what was imported."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

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
        ("gift", GOOD_GIFT + "\n::说明::只有文字没有答案\n", "unsupported_type", 9),
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
    assert report["ok"] and report["created"] == 7
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
    assert report["ok"] and report["created"] == 7  # every type, numerical and essay included
    exported, lossy = questions_export(questions=Question.objects.all(), fmt="xlsx")
    Question.objects.all().delete()
    assert questions_import(data=exported, fmt="xlsx")["created"] == 7
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
        ["calculated", "6.1", "", "", "", "formula", "{a}+{b}", "", "", "", "", "", "", "", "", ""]
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
    bad.write_text("::a::b {T}\n\n::c::只有说明\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_questions", str(bad), "--format", "gift", "--competence", "6.2", stderr=errors
        )
    assert "bad.gift:3:" in errors.getvalue() and "description" in errors.getvalue()
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
    bad = SimpleUploadedFile("bad.gift", b"::x::description only\n")
    with run_tasks():
        record = question_import_start(uploaded_file=bad, fmt="gift", user=user)
    record.refresh_from_db()
    assert record.status == QuestionImport.Status.REJECTED
    assert record.report["problems"][0]["code"] == "unsupported_type"


# --- hostile and over-long files ------------------------------------------------------------------


def xlsx_of(*rows) -> bytes:
    from openpyxl import Workbook

    from quizzes.formats.xlsx import HEADERS

    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def single_row(title: str, text: str = "题干", option: str = "甲") -> list[str]:
    return ["单选", "6.1", "", "", "", title, text, option, "乙", "", "", "", "", "", "", "A"]


def test_an_xlsx_bomb_is_refused_before_it_is_opened(db, tmp_path):
    from bench.bench_imports import write_xlsx_bomb

    bomb = write_xlsx_bomb(tmp_path / "bank.xlsx").read_bytes()
    report = questions_import(data=bomb, fmt="xlsx")
    assert not report["ok"]
    assert [(p["code"], p["line"]) for p in report["problems"]] == [
        ("xlsx_too_large_unpacked", None)
    ]
    from quizzes.formats import describe_problem

    with translation.override("zh-hans"):
        assert describe_problem(report["problems"][0]) == (
            "该工作簿解压后将超过 50 MB，请拆分成较小的文件。"
        )
    assert counts() == (0, 0)


def test_spreadsheet_rows_over_the_limit_are_refused(db, settings):
    settings.IMPORT_MAX_ROWS = 2
    data = xlsx_of(single_row("一"), single_row("二"), single_row("三"))
    report = questions_import(data=data, fmt="xlsx")
    assert [p["code"] for p in report["problems"]] == ["too_many_questions"]
    assert counts() == (0, 0)


def test_a_spreadsheet_cell_over_the_limit_is_a_problem_at_its_row(db, settings):
    settings.IMPORT_MAX_CELL_CHARS = 50
    data = xlsx_of(single_row("好题"), single_row("长题", text="很" * 51))
    report = questions_import(data=data, fmt="xlsx", default_competence=competence("6.1"))
    assert [(p["code"], p["line"], p["params"]["column"]) for p in report["problems"]] == [
        ("cell_too_long", 3, "G")
    ]
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("gift", "::长题::" + "很" * 10_001 + " {=对 ~错}\n"),
        (
            "moodle-xml",
            "<quiz><question type='truefalse'><name><text>长题</text></name>"
            "<questiontext format='plain_text'><text>" + "很" * 10_001 + "</text></questiontext>"
            "<answer fraction='100'><text>true</text></answer>"
            "<answer fraction='0'><text>false</text></answer></question></quiz>",
        ),
    ],
)
def test_over_long_question_text_is_refused_in_every_format(db, fmt, data):
    report = questions_import(data=data.encode(), fmt=fmt, default_competence=competence("6.1"))
    assert [(p["code"], p["params"]["name"]) for p in report["problems"]] == [
        ("text_too_long", "长题")
    ]
    assert counts() == (0, 0)


def test_over_long_spreadsheet_text_and_options_are_refused(db):
    data = xlsx_of(
        single_row("长题", text="很" * 10_001), single_row("长选项", option="长" * 1_001)
    )
    report = questions_import(data=data, fmt="xlsx", default_competence=competence("6.1"))
    assert [(p["code"], p["line"]) for p in report["problems"]] == [
        ("text_too_long", 2),
        ("option_too_long", 3),
    ]
    assert counts() == (0, 0)


def test_the_admin_form_refuses_over_long_text_with_the_same_rule(db):
    from quizzes.admin_forms import QuestionAdminForm

    form = QuestionAdminForm(
        data={
            "content": "很" * 10_001 + " {=对 ~错}",
            "competence": competence("6.1").pk,
            "difficulty": "medium",
            "language": "zh-hans",
            "is_active": "on",
        }
    )
    assert not form.is_valid()
    assert "10000" in " ".join(form.errors["content"])
    assert counts() == (0, 0)


def test_the_database_refuses_over_long_text_whatever_the_path(db):
    from django.db import IntegrityError, transaction

    questions_import(data=b"::x::y {T}\n", fmt="gift", default_competence=competence("6.1"))
    version = QuestionVersion.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionVersion.objects.filter(pk=version.pk).update(text="很" * 10_001)


MOODLE_MULTI = """<quiz><question type="multichoice">
<name><text>{name}</text></name>
<questiontext format="plain_text"><text>选出正确的</text></questiontext>
<single>{single}</single>
{answers}
</question></quiz>"""


def moodle(name: str, single: str, *fractions: str) -> bytes:
    answers = "\n".join(
        f'<answer fraction="{f}"><text>选项{i}</text></answer>' for i, f in enumerate(fractions)
    )
    return MOODLE_MULTI.format(name=name, single=single, answers=answers).encode()


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        (moodle("少了分", "false", "50", "40", "0"), "grades_not_100", {"total": "90"}),
        (moodle("多了分", "false", "60", "60", "-100"), "grades_not_100", {"total": "120"}),
        (moodle("没满分", "true", "50", "50", "0"), "no_full_answer", {}),
    ],
)
def test_a_moodle_question_whose_grades_give_no_full_mark_is_refused_as_moodle_does(
    db, data, code, params
):
    report = questions_import(data=data, fmt="moodle-xml", default_competence=competence("6.1"))
    assert len(report["problems"]) == 1
    problem = report["problems"][0]
    assert (problem["code"], problem["line"]) == (code, 1)
    assert {k: problem["params"][k] for k in params} == params
    assert problem["params"]["name"] in ("少了分", "多了分", "没满分")
    assert counts() == (0, 0)


def test_moodle_grades_that_round_to_100_are_accepted_as_moodle_accepts_them(db):
    data = moodle("三分之一", "false", "33.33333", "33.33333", "33.33333", "-100")
    report = questions_import(data=data, fmt="moodle-xml", default_competence=competence("6.1"))
    assert report["ok"], report["problems"]


def test_gift_multiple_choice_whose_grades_do_not_add_up_is_refused_with_its_name(db):
    report = questions_import(
        data="::凑不满::选两项 {~%50%甲 ~%40%乙 ~%-100%丙}\n".encode(),
        fmt="gift",
        default_competence=competence("6.1"),
    )
    assert [(p["code"], p["line"], p["params"]["name"]) for p in report["problems"]] == [
        ("grades_not_100", 1, "凑不满")
    ]
    from quizzes.formats import describe_problem

    with translation.override("en"):
        assert describe_problem(report["problems"][0]) == (
            "“凑不满” is multiple choice but its positive grades add up to 90%, not 100%; "
            "Moodle refuses such a question too."
        )


@pytest.mark.parametrize(
    "data",
    [
        # Billion laughs: entities that expand to gigabytes.
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<quiz><question type='truefalse'><name><text>&c;</text></name></question></quiz>",
        # XXE: an external entity that would read a server file into the question.
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<quiz><question type='truefalse'><name><text>&x;</text></name></question></quiz>",
        # An external DTD fetched over the network.
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "http://example.invalid/q.dtd"><quiz/>',
    ],
)
def test_moodle_xml_entity_attacks_are_refused_before_any_expansion(db, data):
    report = questions_import(data=data, fmt="moodle-xml", default_competence=competence("6.1"))
    assert [(p["code"], p["line"]) for p in report["problems"]] == [("doctype", 2)]
    assert counts() == (0, 0)
