"""Each question type scores as Moodle would, partial credit included."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from quizzes.scoring import clean_response, response_fraction, response_score

SINGLE = {
    "options": [
        {"id": "a", "text": "right", "fraction": 1.0, "feedback": ""},
        {"id": "b", "text": "half", "fraction": 0.5, "feedback": ""},
        {"id": "c", "text": "wrong", "fraction": 0.0, "feedback": ""},
        {"id": "d", "text": "penalised", "fraction": -0.5, "feedback": ""},
    ]
}
MULTIPLE = {
    "options": [
        {"id": "a", "text": "r1", "fraction": 0.5, "feedback": ""},
        {"id": "b", "text": "r2", "fraction": 0.5, "feedback": ""},
        {"id": "c", "text": "w-explicit", "fraction": -1.0, "feedback": ""},
        {"id": "d", "text": "w-zero", "fraction": 0.0, "feedback": ""},
    ]
}
FILL = {
    "answers": [
        {"text": "一网通办", "fraction": 1.0, "feedback": "", "regex": False},
        {"text": "One-Stop", "fraction": 1.0, "feedback": "", "regex": False},
        {"text": r"一网\s*办", "fraction": 0.5, "feedback": "", "regex": True},
    ],
    "case_sensitive": False,
}
MATCHING = {
    "pairs": [
        {"left": "a", "right": "1"},
        {"left": "b", "right": "2"},
        {"left": "c", "right": "3"},
    ],
    "distractors": ["4"],
}
TF = {
    "options": [
        {"id": "true", "text": "true", "fraction": 1.0, "feedback": ""},
        {"id": "false", "text": "false", "fraction": 0.0, "feedback": ""},
    ]
}


def fraction(qtype, payload, response):
    return response_fraction(qtype=qtype, payload=payload, response=response)


@pytest.mark.parametrize(
    ("choice", "expected"), [("a", "1"), ("b", "0.5"), ("c", "0"), ("d", "0"), ("zz", "0")]
)
def test_single_choice_earns_the_chosen_options_fraction_floored_at_zero(choice, expected):
    assert fraction("single", SINGLE, {"choice": choice}) == Decimal(expected)


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (["a", "b"], "1"),
        (["a"], "0.5"),
        (["a", "b", "c"], "0"),  # an explicit -100% wipes out the right picks
        (["a", "b", "d"], "0.5"),  # a wrong pick without a penalty costs one right option's share
        (["a", "b", "c", "d"], "0"),  # ticking every box never earns credit
        (["c"], "0"),  # floored at zero
        ([], "0"),
    ],
)
def test_multiple_choice_adds_right_picks_and_subtracts_wrong_ones(choices, expected):
    assert fraction("multiple", MULTIPLE, {"choices": choices}) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一网通办", "1"),
        ("  一网通办 ", "1"),
        ("one-stop", "1"),  # case-insensitive by default
        ("ＯＮＥ－ＳＴＯＰ", "1"),  # full-width input from a Chinese keyboard
        ("一网 办", "0.5"),  # the pattern answer gives partial credit
        ("一网办理", "0"),  # patterns must match the whole answer
        ("", "0"),
    ],
)
def test_fill_in_accepts_exact_answers_and_patterns(text, expected):
    assert fraction("fill_in", FILL, {"text": text}) == Decimal(expected)


def test_fill_in_can_be_case_sensitive():
    payload = {**FILL, "case_sensitive": True}
    assert fraction("fill_in", payload, {"text": "One-Stop"}) == 1
    assert fraction("fill_in", payload, {"text": "one-stop"}) == 0


def test_matching_earns_the_share_of_pairs_matched():
    assert fraction("matching", MATCHING, {"matches": {"0": "1", "1": "2", "2": "3"}}) == 1
    assert fraction("matching", MATCHING, {"matches": {"0": "1", "1": "4"}}) == Decimal("0.3333")
    assert fraction("matching", MATCHING, {"matches": {"0": "2", "1": "1"}}) == 0


def test_true_false_scores_the_right_value_only():
    assert fraction("true_false", TF, {"choice": "true"}) == 1
    assert fraction("true_false", TF, {"choice": "false"}) == 0


def test_no_response_scores_zero_and_points_scale_the_fraction():
    assert fraction("single", SINGLE, None) == 0
    assert response_score(
        qtype="single", payload=SINGLE, response={"choice": "b"}, points=Decimal(3)
    ) == Decimal("1.5")


def test_a_response_naming_an_unknown_option_is_refused():
    with pytest.raises(ValidationError):
        clean_response(qtype="single", payload=SINGLE, response={"choice": "nope"})
    with pytest.raises(ValidationError):
        clean_response(
            qtype="matching", payload=MATCHING, response={"matches": {"0": "not offered"}}
        )


def test_empty_responses_clear_the_answer():
    assert clean_response(qtype="multiple", payload=MULTIPLE, response={"choices": []}) is None
    assert clean_response(qtype="fill_in", payload=FILL, response={"text": "   "}) is None
    assert clean_response(qtype="single", payload=SINGLE, response={"choice": ""}) is None
