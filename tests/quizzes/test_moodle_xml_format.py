"""Moodle XML reading and writing."""

import pytest

from quizzes.formats.base import FormatError
from quizzes.formats.moodle_xml import parse_moodle_xml, write_moodle_xml

from .sample_questions import every_field_questions, normalised

MOODLE_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/Default for 电子政务/安全</text></category>
  </question>
  <question type="multichoice">
    <name><text>Passwords</text></name>
    <questiontext format="html"><text><![CDATA[<p>Which passwords are <strong>strong</strong>?</p>]]></text></questiontext>
    <generalfeedback format="html"><text>&lt;p&gt;Length matters.&lt;/p&gt;</text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <single>false</single>
    <answer fraction="50" format="html"><text>Tr0ub4dor&amp;3x!</text><feedback format="html"><text>Yes</text></feedback></answer>
    <answer fraction="50"><text>correct horse battery staple</text></answer>
    <answer fraction="-100"><text>123456</text><feedback><text>Never</text></feedback></answer>
    <tags><tag><text>passwords</text></tag><tag><text>competence:4.1</text></tag></tags>
  </question>
  <question type="essay">
    <name><text>Write an essay</text></name>
    <questiontext format="html"><text>Discuss.</text></questiontext>
  </question>
  <question type="calculated">
    <name><text>Count</text></name>
    <questiontext format="html"><text>How many {a}?</text></questiontext>
  </question>
</quiz>
"""


def test_moodle_xml_round_trip_keeps_every_supported_field():
    again = parse_moodle_xml(write_moodle_xml(every_field_questions()).encode())
    assert again.problems == []
    assert normalised(again.questions) == normalised(every_field_questions())


def test_a_moodle_export_is_read_and_unsupported_types_are_reported_by_name_and_line():
    result = parse_moodle_xml(MOODLE_EXPORT.encode())
    question, essay = result.questions
    assert (essay.qtype, essay.name, essay.text) == ("essay", "Write an essay", "Discuss.")
    assert question.category == "Default for 电子政务/安全"
    assert question.qtype == "multiple"
    assert question.text == "Which passwords are strong?"
    assert question.explanation == "Length matters."
    assert question.competence == "4.1" and question.tags == ["passwords"]
    assert [(o["text"], o["fraction"], o["feedback"]) for o in question.payload["options"]] == [
        ("Tr0ub4dor&3x!", 0.5, "Yes"),
        ("correct horse battery staple", 0.5, ""),
        ("123456", -1.0, "Never"),
    ]
    assert [(p.params["type"], p.params["name"], p.line) for p in result.problems] == [
        ("calculated", "Count", 21),
    ]


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (
            b"<quiz>\n<question type='truefalse'>\n<name><text>x</text></name>\n</quiz>",
            "bad_xml",
            4,
        ),
        (b"<?xml version='1.0'?>\n<!DOCTYPE quiz [<!ENTITY boom 'x'>]>\n<quiz/>", "doctype", 2),
        (b"<html><body/></html>", "not_moodle_xml", 1),
        (b"", "empty_file", None),
        (
            b"<quiz>\n<question type='multichoice'>\n<name><text>x</text></name>\n"
            b"<questiontext><text>q</text></questiontext>\n<answer fraction='lots'><text>a</text></answer>\n"
            b"</question></quiz>",
            "bad_grade",
            5,
        ),
    ],
)
def test_a_malformed_xml_file_stops_with_the_line_where_it_broke(data, code, line):
    with pytest.raises(FormatError) as caught:
        parse_moodle_xml(data)
    assert caught.value.problem.code == code
    assert caught.value.problem.line == line
