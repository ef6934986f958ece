"""GIFT reading and writing."""

import pytest

from quizzes.formats.base import FormatError
from quizzes.formats.gift import parse_gift, write_gift

from .sample_questions import every_field_questions, normalised


def test_gift_round_trip_keeps_every_supported_field():
    original = every_field_questions()
    again = parse_gift(write_gift(original))
    assert again.problems == []
    assert normalised(again.questions) == normalised(every_field_questions())


def test_moodle_style_gift_is_read_with_categories_weights_feedback_and_escapes():
    source = """// exported by Moodle
$CATEGORY: $course$/top/默认/数字政府

::Q1::[html]<p>Which is <b>right</b>?</p>{
  =A \\= B#yes
  ~%50%half \\{x\\}
  ~%-25%wrong\\#1#no
  ####General \\: feedback
}

::Q2:: 2 + 2 = 4 {T}

Capital of China? {=Beijing =%75%Peking#old name}
"""
    result = parse_gift(source)
    assert result.problems == []
    q1, q2, q3 = result.questions
    assert q1.category == "默认/数字政府"
    assert q1.qtype == "single"
    assert q1.text == "Which is right?"
    assert [(o["text"], o["fraction"], o["feedback"]) for o in q1.payload["options"]] == [
        ("A = B", 1.0, "yes"),
        ("half {x}", 0.5, ""),
        ("wrong#1", -0.25, "no"),
    ]
    assert q1.explanation == "General : feedback"
    assert q2.qtype == "true_false" and q2.line == 11
    assert q3.qtype == "fill_in"
    assert [(a["text"], a["fraction"], a["feedback"]) for a in q3.payload["answers"]] == [
        ("Beijing", 1.0, ""),
        ("Peking", 0.75, "old name"),
    ]


def test_several_weighted_answers_without_equals_make_a_multiple_choice_question():
    result = parse_gift("Pick two {~%50%a ~%50%b ~%-100%c}")
    assert result.questions[0].qtype == "multiple"


@pytest.mark.parametrize(("block", "kind"), [("", "description")])
def test_unsupported_types_are_reported_by_name_and_line(block, kind):
    source = f"::Fine::ok {{T}}\n\n\n::Other::Some text {block}\n"
    result = parse_gift(source)
    assert [q.name for q in result.questions] == ["Fine"]
    assert [(p.code, p.line, p.params["name"], p.params["type"]) for p in result.problems] == [
        ("unsupported_type", 4, "Other", kind)
    ]


@pytest.mark.parametrize(
    ("source", "code", "line"),
    [
        ("::A::ok {T}\n\n::B::broken {=a ~b\n~c\n", "unclosed_brace", 3),
        ("::A::ok {T}\n\nstray } here {T}", "unexpected_brace", 3),
        ("::A::ok {T}\n\n\n::B::x {=a}{=b}", "two_answer_blocks", 4),
        ("::A::ok {T}\n\n::B::x {a =b}", "answer_start", 3),
        ("::A::ok {T}\n\n::B::x {=%abc%a ~b}", "bad_weight", 3),
        ("::Title never closed {T}", "unclosed_title", 1),
        ("   \n\n", "empty_file", None),
    ],
)
def test_a_malformed_file_stops_with_the_line_where_it_broke(source, code, line):
    with pytest.raises(FormatError) as caught:
        parse_gift(source)
    assert caught.value.problem.code == code
    assert caught.value.problem.line == line
