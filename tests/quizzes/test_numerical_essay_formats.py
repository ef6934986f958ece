"""Numerical and essay questions in GIFT, Moodle XML and the spreadsheet: GovLearn's own files
round-trip without loss, Moodle's own syntax imports, and bad values are problems with lines."""

import io

import pytest

from quizzes.formats.base import FormatError, QuestionData, content_key, validate_question
from quizzes.formats.gift import parse_gift, write_gift
from quizzes.formats.moodle_xml import parse_moodle_xml, write_moodle_xml
from quizzes.formats.payloads import (
    SyntaxProblem,
    format_rubric,
    parse_rubric,
    parse_units,
)
from quizzes.formats.xlsx import HEADERS, parse_xlsx, write_xlsx

from .sample_questions import every_field_questions


def new_types() -> list[QuestionData]:
    return [q for q in every_field_questions() if q.qtype in ("numerical", "essay")]


def keys(questions) -> list[tuple]:
    return [
        (q.name, q.category, q.competence, content_key(q.qtype, q.text, q.explanation, q.payload))
        for q in questions
    ]


# --- GovLearn -> format -> GovLearn ----------------------------------------------------------------


def test_numerical_and_essay_survive_gift_byte_for_byte():
    written = write_gift(new_types())
    again = parse_gift(written)
    assert again.problems == []
    assert [(q.qtype, q.text, q.payload, q.explanation) for q in again.questions] == [
        (q.qtype, q.text, q.payload, q.explanation) for q in new_types()
    ]
    assert write_gift(again.questions) == written


def test_gift_carries_the_extras_in_a_comment_and_shows_the_material_to_moodle():
    written = write_gift(new_types())
    comments = [line for line in written.splitlines() if line.startswith("// govlearn: ")]
    assert len(comments) == 2 and '"unit_handling": "required"' in comments[0]
    assert '"rubric": [' in comments[1] and '"word_limit": 800' in comments[1]
    essay_line = next(line for line in written.splitlines() if line.startswith("::案例分析"))
    # Moodle drops the comment; the material is still in the text a Moodle learner reads.
    assert "某市热线一年受理诉求 300 万件。\\n部分诉求" in essay_line
    assert essay_line.endswith("{}") or essay_line.endswith("{####闭环管理。}")


def test_numerical_and_essay_survive_moodle_xml():
    written = write_moodle_xml(new_types())
    again = parse_moodle_xml(written.encode())
    assert again.problems == []
    assert [(q.qtype, q.text, q.payload, q.explanation) for q in again.questions] == [
        (q.qtype, q.text, q.payload, q.explanation) for q in new_types()
    ]
    assert "<unitgradingtype>2</unitgradingtype>" in written
    assert '<answer fraction="100" format="moodle_auto_format">' in written
    assert (
        "<maxwordlimit>800</maxwordlimit>" in written and "<attachments>1</attachments>" in written
    )


def test_rubric_ids_travel_in_gift_and_xml_so_marks_keep_pointing_at_them():
    essay = new_types()[1]
    essay.payload["rubric"][0]["id"] = "c0ffee01"
    essay.payload["rubric"][0]["levels"][1]["id"] = "1e7e1002"
    for again in (
        parse_gift(write_gift([essay])).questions[0],
        parse_moodle_xml(write_moodle_xml([essay]).encode()).questions[0],
    ):
        assert again.payload["rubric"][0]["id"] == "c0ffee01"
        assert again.payload["rubric"][0]["levels"][1]["id"] == "1e7e1002"


def test_the_spreadsheet_carries_an_essay_and_a_plain_numerical_question():
    essay = QuestionData(
        qtype="essay",
        name="论述",
        text="请论述。",
        payload={
            "material": "材料第一行\n第二行",
            "word_limit": 300,
            "allow_file": True,
            "rubric": [
                {
                    "criterion": "论点",
                    "levels": [{"label": "缺失", "points": 0}, {"label": "清楚", "points": 4}],
                }
            ],
            "marker_guide": "看论点。",
        },
        competence="1.1",
    )
    number = QuestionData(
        qtype="numerical",
        name="长度",
        text="多长？",
        payload={
            "answers": [{"value": 3.5, "tolerance": 0.25, "fraction": 1.0, "feedback": ""}],
            "units": [{"unit": "m", "multiplier": 1}, {"unit": "cm", "multiplier": 100}],
            "unit_handling": "optional",
            "unit_penalty": 0.1,
        },
        competence="6.2",
    )
    data, lossy = write_xlsx([essay, number])
    assert lossy == []
    again = parse_xlsx(data)
    assert again.problems == []
    assert keys(again.questions) == keys([essay, number])


def test_the_spreadsheet_names_the_numerical_questions_it_cannot_carry_in_full():
    _data, lossy = write_xlsx(new_types())
    # Partial credit, feedback and required units; a rubric whose wording holds the separators.
    assert lossy == ["办结率 {%}", "案例分析: 12345"]


# --- Moodle's own files ----------------------------------------------------------------------------

MOODLE_GIFT = """// question: 101  name: Q5
::Q5:: 一个工作日内最多可以安排几个时段的窗口值班？ {#3:2~#差得太远了}

::Q6:: 窗口值班时段的数目？ {#1..5}

::Q7:: 《政府信息公开条例》是哪一年首次施行的？ {#
         =2008:0      # 对，2008 年 5 月 1 日起施行。
         =%50%2008:2  # 接近，给一半分。
}

::Q8::[html]<p>谈谈<b>你</b>对一网通办的理解。</p>{}

::Q9::请说明理由。 {####想想群众的感受。}

::Q10::圆周率？ {# =%100%3.14:0.01 =%50%3.1:0.1 }
"""


def test_moodle_gift_numerical_and_essay_syntax_is_read_as_moodle_reads_it():
    result = parse_gift(MOODLE_GIFT)
    assert result.problems == []
    q5, q6, q7, q8, q9, q10 = result.questions
    assert [(a["value"], a["tolerance"], a["fraction"]) for a in q10.payload["answers"]] == [
        (3.14, 0.01, 1.0),
        (3.1, 0.1, 0.5),
    ]
    assert [(a["value"], a["tolerance"], a["fraction"]) for a in q5.payload["answers"]] == [
        (3.0, 2.0, 1.0)
    ]  # the "any other answer" feedback has nowhere to go and scores nothing
    assert [(a["value"], a["tolerance"]) for a in q6.payload["answers"]] == [(3.0, 2.0)]
    assert [
        (a["value"], a["tolerance"], a["fraction"], a["feedback"]) for a in q7.payload["answers"]
    ] == [
        (2008.0, 0.0, 1.0, "对，2008 年 5 月 1 日起施行。"),
        (2008.0, 2.0, 0.5, "接近，给一半分。"),
    ]
    assert (q8.qtype, q8.text, q8.payload["rubric"]) == ("essay", "谈谈你对一网通办的理解。", [])
    assert (q9.qtype, q9.explanation) == ("essay", "想想群众的感受。")
    assert all(validate_question(q) == [] for q in result.questions)


MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category><text>$course$/top/默认/数字政府</text></category>
  </question>
  <question type="numerical">
    <name>
      <text>Distance</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>How far is it, <b>in metres</b>?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>Measure twice.</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <answer fraction="100" format="moodle_auto_format">
      <text>1500</text>
      <feedback format="html">
        <text><![CDATA[<p>Right.</p>]]></text>
      </feedback>
      <tolerance>10</tolerance>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>15</text>
      <feedback format="html">
        <text>That is in hundreds.</text>
      </feedback>
      <tolerance>0</tolerance>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>*</text>
      <feedback format="html">
        <text>完全不对。</text>
      </feedback>
      <tolerance></tolerance>
    </answer>
    <units>
      <unit>
        <multiplier>1</multiplier>
        <unit_name>m</unit_name>
      </unit>
      <unit>
        <multiplier>0.001</multiplier>
        <unit_name>km</unit_name>
      </unit>
    </units>
    <unitgradingtype>1</unitgradingtype>
    <unitpenalty>0.2500000</unitpenalty>
    <showunits>0</showunits>
    <unitsleft>0</unitsleft>
    <instructions format="html">
      <text></text>
    </instructions>
  </question>
  <question type="numerical">
    <name><text>No units</text></name>
    <questiontext format="html"><text>6 × 7?</text></questiontext>
    <answer fraction="100"><text>42</text><tolerance>0</tolerance></answer>
    <unitgradingtype>0</unitgradingtype>
    <unitpenalty>0.1000000</unitpenalty>
    <showunits>3</showunits>
    <unitsleft>0</unitsleft>
  </question>
  <question type="essay">
    <name>
      <text>案例分析</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>阅读材料，回答问题。</p><p>材料：某市&hellip;</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>10.0000000</defaultgrade>
    <penalty>0.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <responseformat>editor</responseformat>
    <responserequired>1</responserequired>
    <responsefieldlines>15</responsefieldlines>
    <minwordlimit>100</minwordlimit>
    <maxwordlimit>500</maxwordlimit>
    <attachments>-1</attachments>
    <attachmentsrequired>0</attachmentsrequired>
    <maxbytes>0</maxbytes>
    <filetypeslist>.pdf,.docx</filetypeslist>
    <graderinfo format="html">
      <text><![CDATA[<p>要点一</p><p>要点二</p>]]></text>
    </graderinfo>
    <responsetemplate format="html">
      <text></text>
    </responsetemplate>
  </question>
  <question type="calculated">
    <name><text>Formula</text></name>
    <questiontext format="html"><text>{a} + {b}?</text></questiontext>
  </question>
</quiz>
"""


def test_a_moodle_xml_bank_with_numerical_and_essay_questions_imports():
    result = parse_moodle_xml(MOODLE_XML.encode())
    distance, plain, essay = result.questions
    assert distance.category == "默认/数字政府"
    assert (distance.text, distance.explanation) == ("How far is it, in metres?", "Measure twice.")
    assert distance.payload == {
        "answers": [
            {"value": 1500.0, "tolerance": 10.0, "fraction": 1.0, "feedback": "Right."},
            {"value": 15.0, "tolerance": 0.0, "fraction": 0.0, "feedback": "That is in hundreds."},
        ],
        "units": [{"unit": "m", "multiplier": 1.0}, {"unit": "km", "multiplier": 0.001}],
        "unit_handling": "required",
        "unit_penalty": 0.25,
    }
    assert (plain.payload["units"], plain.payload["unit_handling"]) == ([], "none")
    assert essay.text == "阅读材料，回答问题。\n材料：某市…"
    assert essay.payload == {
        "material": "",
        "word_limit": 500,
        "allow_file": True,
        "rubric": [],
        "marker_guide": "要点一\n要点二",
    }
    assert all(validate_question(q) == [] for q in result.questions)
    # A type GovLearn truly does not have is still refused, by name and line.
    assert [(p.code, p.params["type"], p.line) for p in result.problems] == [
        ("unsupported_type", "calculated", 99)
    ]


def test_ungraded_moodle_units_that_are_shown_are_optional():
    data = MOODLE_XML.replace(
        "<unitgradingtype>1</unitgradingtype>", "<unitgradingtype>0</unitgradingtype>"
    )
    assert parse_moodle_xml(data.encode()).questions[0].payload["unit_handling"] == "optional"


# --- bad values are problems with their lines ------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "code", "line"),
    [
        ("::A::ok {T}\n\n::B::how many? {#abc}\n", "bad_numerical_answer", 3),
        ("::A::ok {T}\n\n::B::how many?\n{#=3:1 =%50%x..2}\n", "bad_numerical_answer", 4),
        ("::A::ok {T}\n\n// govlearn: {broken\n::B::论述 {}\n", "bad_extras", 3),
        ('// govlearn: {"rubric": "not a list"}\n::B::论述 {}\n', "bad_extras", 1),
        ('// govlearn: {"word_limit": true}\n::B::论述 {}\n', "bad_extras", 1),
    ],
)
def test_a_bad_numerical_answer_or_govlearn_comment_is_a_problem_at_its_line(source, code, line):
    result = parse_gift(source)
    assert [(p.code, p.line) for p in result.problems] == [(code, line)]
    assert "B" not in [q.name for q in result.questions]


def test_a_bad_numerical_weight_stops_the_gift_read_with_its_line():
    with pytest.raises(FormatError) as caught:
        parse_gift("::A::ok {T}\n\n::B::x {#=%lots%3}\n")
    assert (caught.value.problem.code, caught.value.problem.line) == ("bad_weight", 3)


def test_gift_extras_that_break_the_rules_are_reported_by_validation():
    comment = (
        '// govlearn: {"rubric": [{"criterion": "论点", "levels": [{"label": "有", "points": 1}]}],'
        ' "word_limit": 999999}\n'
    )
    (question,) = parse_gift(comment + "::B::论述 {}\n").questions
    assert sorted(p.code for p in validate_question(question)) == [
        "bad_word_limit",
        "rubric_levels",
    ]


MOODLE_BAD = """<quiz>
<question type="numerical">
<name><text>坏数字</text></name>
<questiontext format="html"><text>多少？</text></questiontext>
<answer fraction="100"><text>3,5</text><tolerance>0</tolerance></answer>
</question>
<question type="numerical">
<name><text>坏误差</text></name>
<questiontext format="html"><text>多少？</text></questiontext>
<answer fraction="100"><text>3</text><tolerance>a bit</tolerance></answer>
</question>
<question type="essay">
<name><text>坏字数</text></name>
<questiontext format="html"><text>论述</text></questiontext>
<maxwordlimit>many</maxwordlimit>
</question>
<question type="numerical">
<name><text>坏单位</text></name>
<questiontext format="html"><text>多少？</text></questiontext>
<answer fraction="100"><text>3</text></answer>
<units><unit><multiplier>big</multiplier><unit_name>m</unit_name></unit></units>
<unitgradingtype>2</unitgradingtype>
</question>
</quiz>"""


def test_bad_moodle_numbers_are_problems_at_their_lines():
    result = parse_moodle_xml(MOODLE_BAD.encode())
    assert [
        (p.code, p.line, p.params["value"]) for p in result.problems if "value" in p.params
    ] == [
        ("bad_numerical_answer", 5, "3,5"),
        ("bad_numerical_answer", 10, "a bit"),
    ]
    assert [(p.code, p.line) for p in result.problems if "value" not in p.params] == [
        ("bad_word_limit", 15)
    ]
    (units,) = result.questions
    assert [p.code for p in validate_question(units)] == ["bad_multiplier"]


def xlsx_with(*rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(list(row) + [""] * (len(HEADERS) - len(row)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_row(qtype: str, answer: str = "", **extra) -> list[str]:
    row = [qtype, "6.1", "", "", "", f"{qtype}-{answer}", "题干"] + [""] * 8 + [answer, "", "", ""]
    columns = [
        "tolerance",
        "units",
        "word_limit",
        "rubric",
        "material",
        "marker_guide",
        "allow_file",
    ]
    return row + [extra.get(column, "") for column in columns]


def test_bad_spreadsheet_numbers_units_limits_and_rubrics_are_problems_at_their_rows():
    data = xlsx_with(
        sheet_row("数值", "12"),
        sheet_row("数值", "十二"),
        sheet_row("数值", "12", tolerance="±1"),
        sheet_row("数值", "12", units="m; cm"),
        sheet_row("论述", word_limit="八百"),
        sheet_row("论述", rubric="论点 缺失=0"),
        sheet_row("论述", rubric="论点: 缺失=零分"),
        sheet_row("calculated"),
    )
    result = parse_xlsx(data)
    assert [(p.code, p.line) for p in result.problems] == [
        ("bad_numerical_answer", 3),
        ("bad_numerical_answer", 4),
        ("unit_syntax", 5),
        ("bad_word_limit", 6),
        ("rubric_syntax", 7),
        ("rubric_syntax", 8),
        ("unsupported_type", 9),
    ]
    assert [q.line for q in result.questions] == [2]


# --- the rubric and units syntax -------------------------------------------------------------------


def test_the_rubric_syntax_reads_full_width_punctuation_and_writes_back_the_same():
    rubric = parse_rubric("论点：缺失＝0；清楚=4\nMeasures: none=0; concrete=2.5")
    assert rubric == [
        {
            "criterion": "论点",
            "levels": [{"label": "缺失", "points": 0.0}, {"label": "清楚", "points": 4.0}],
        },
        {
            "criterion": "Measures",
            "levels": [{"label": "none", "points": 0.0}, {"label": "concrete", "points": 2.5}],
        },
    ]
    text, readable = format_rubric(rubric)
    assert readable and parse_rubric(text) == rubric
    assert format_rubric([{"criterion": "a: b", "levels": []}])[1] is False


@pytest.mark.parametrize(
    "text", ["论点", "论点:", ": a=1", "论点: 缺失", "论点: =1", "论点: a=nan"]
)
def test_unreadable_rubric_text_names_the_part(text):
    with pytest.raises(SyntaxProblem) as caught:
        parse_rubric(text)
    assert caught.value.code == "rubric_syntax" and caught.value.params["part"]


def test_units_read_the_base_unit_without_a_multiplier():
    assert parse_units("m\ncm = 100\nkm=0.001") == [
        {"unit": "m", "multiplier": 1.0},
        {"unit": "cm", "multiplier": 100.0},
        {"unit": "km", "multiplier": 0.001},
    ]
    with pytest.raises(SyntaxProblem):
        parse_units("m\ncm")
