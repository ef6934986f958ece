"""How numerical answers are read and scored (tolerance, units, full-width input) and how essay
answers are counted against their word limit. Pure functions: no database."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from quizzes.scoring import (
    clean_response,
    keep_stored_file,
    numerical_fraction,
    read_number,
    response_fraction,
    word_count,
)
from tests.factories.quizzes import NUMERICAL

targets = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
tolerances = st.floats(min_value=0, max_value=1e3, allow_nan=False, allow_infinity=False)
shares = st.sampled_from([1.0, 0.5, 0.3333333, 0.1])


def one_answer(value, tolerance, fraction=1.0, **payload):
    return {
        "answers": [{"value": value, "tolerance": tolerance, "fraction": fraction}],
        **payload,
    }


@given(targets, tolerances, st.floats(min_value=-1, max_value=1), shares)
def test_a_number_within_the_tolerance_always_earns_the_answers_share(target, tolerance, u, share):
    typed = target + u * tolerance
    assert numerical_fraction(one_answer(target, tolerance, share), typed, "") == share
    # And the same when it arrives as text, the way a learner types it.
    assert numerical_fraction(one_answer(target, tolerance, share), *read_number(repr(typed))) == (
        share
    )


@given(targets, tolerances, st.floats(min_value=1e-6, max_value=1e6), st.booleans(), shares)
def test_a_number_outside_the_tolerance_never_earns_anything(
    target, tolerance, extra, above, share
):
    gap = tolerance + extra * max(1.0, abs(target))
    typed = target + gap if above else target - gap
    assert numerical_fraction(one_answer(target, tolerance, share), typed, "") == 0


def test_the_best_accepted_answer_counts():
    assert numerical_fraction(NUMERICAL, 12.5, "") == 1
    assert numerical_fraction(NUMERICAL, 13.5, "") == 0.5  # outside 12.5±0.5, inside 12±2
    assert numerical_fraction(NUMERICAL, 20, "") == 0


@pytest.mark.parametrize(
    ("handling", "typed", "share"),
    [
        # "none": the question has no units; whatever follows the number is ignored.
        ("none", "12.5", 1.0),
        ("none", "12.5 km", 1.0),
        ("none", "12500 m", 0.0),
        # "optional": a known unit converts, no unit means the base unit, an unknown one costs.
        ("optional", "12.5", 1.0),
        ("optional", "12.5 km", 1.0),
        ("optional", "12500 m", 1.0),
        ("optional", "12.5 KM", 1.0),
        ("optional", "12.5 mile", 0.9),
        # "required": a missing or unknown unit loses the penalty.
        ("required", "12.5", 0.9),
        ("required", "12.5 km", 1.0),
        ("required", "12500m", 1.0),
        ("required", "12.5 li", 0.9),
    ],
)
def test_unit_handling_and_the_unit_penalty(handling, typed, share):
    payload = {**NUMERICAL, "unit_handling": handling}
    fraction = response_fraction(qtype="numerical", payload=payload, response={"text": typed})
    assert float(fraction) == pytest.approx(share)


@pytest.mark.parametrize(
    "typed",
    ["１２．５", "１２．５ｋｍ", "１２５００　ｍ", "12,5", "１２，５ km", " +12.50 ", "1.25e1"],
)
def test_chinese_full_width_and_other_common_ways_of_writing_the_number(typed):
    payload = {**NUMERICAL, "unit_handling": "optional"}
    assert response_fraction(qtype="numerical", payload=payload, response={"text": typed}) == 1


@pytest.mark.parametrize("typed", ["abc", "公里12", "—", "e5", "km 12.5"])
def test_text_that_is_not_a_number_is_refused_with_a_sentence(typed):
    with pytest.raises(ValidationError) as error:
        clean_response(qtype="numerical", payload=NUMERICAL, response={"text": typed})
    assert error.value.messages[0].endswith(("。", "."))  # a whole sentence, in either language


def test_a_blank_numerical_answer_is_no_answer():
    assert clean_response(qtype="numerical", payload=NUMERICAL, response={"text": "  "}) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("数据共享", 4),
        ("一网通办，让群众少跑腿。", 10),
        ("Data sharing isn't easy.", 4),
        ("e-government in 2026", 3),
        ("推进 e-government 建设", 5),
        ("ＡＢＣ　ｄｅｆ", 2),
        ("", 0),
    ],
)
def test_the_word_count_counts_each_chinese_character_and_each_english_word(text, words):
    assert word_count(text) == words


@pytest.mark.parametrize(
    ("text", "limit", "allowed"),
    [
        ("一二三四五", 5, True),
        ("一二三四五六", 5, False),
        ("one two three four five", 5, True),
        ("one two three four five six", 5, False),
        ("很长的答案" * 100, 0, True),  # 0: no limit
    ],
)
def test_the_word_limit_holds_for_chinese_and_english(text, limit, allowed):
    payload = {"word_limit": limit, "allow_file": False, "rubric": []}
    if allowed:
        assert clean_response(qtype="essay", payload=payload, response={"text": text}) == {
            "text": text
        }
    else:
        with pytest.raises(ValidationError) as error:
            clean_response(qtype="essay", payload=payload, response={"text": text})
        assert str(limit) in error.value.messages[0]


def test_saving_an_essays_text_keeps_the_stored_file_and_ignores_a_named_one():
    stored = {"text": "旧", "file": "quiz-essays/abc.pdf", "file_name": "报告.pdf"}
    forged = {"text": "新", "file": "quiz-essays/someone-elses.pdf", "file_name": "x"}
    assert keep_stored_file(qtype="essay", response=forged, stored=stored) == {
        "text": "新",
        "file": "quiz-essays/abc.pdf",
        "file_name": "报告.pdf",
    }
    assert keep_stored_file(qtype="essay", response=forged, stored=None) == {"text": "新"}
    assert keep_stored_file(qtype="numerical", response={"text": "1"}, stored=stored) == {
        "text": "1"
    }


def test_an_essay_earns_nothing_until_it_is_marked():
    payload = {"word_limit": 0, "allow_file": False, "rubric": []}
    assert response_fraction(qtype="essay", payload=payload, response={"text": "答案"}) == 0
