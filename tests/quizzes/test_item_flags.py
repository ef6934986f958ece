"""Item analysis flags: on hand-made statistics (each rule and the minimum number of responses),
and on simulated attempts where a planted wrong key, a dead distractor and a far too easy question
must be found."""

import pytest

from quizzes.analysis.flags import (
    DEAD_DISTRACTOR,
    LIKELY_WRONG_KEY,
    NEGATIVE_DISCRIMINATION,
    TOO_EASY,
    TOO_HARD,
    WEAK_DISCRIMINATION,
    Thresholds,
    item_flags,
    thresholds,
)
from quizzes.models import ItemAnalysisRun
from quizzes.services.analysis import item_analysis_execute, item_analysis_request

from .item_analysis_data import choice_test, simulate

LIMITS = Thresholds()


def table(upper, lower, picks, keyed=(True, False, False)):
    return {
        "keyed": list(keyed),
        "picks": list(picks),
        "upper": list(upper),
        "lower": list(lower),
        "n_upper": 10,
        "n_lower": 10,
    }


def flags(**kwargs):
    values = {"responses": 100, "facility": 0.5, "point_biserial": 0.4, "distractors": None}
    return item_flags(**{**values, **kwargs}, limits=LIMITS)


def test_a_healthy_question_has_no_flag():
    assert flags(distractors=table([0.8, 0.1, 0.1], [0.3, 0.4, 0.3], [50, 30, 20])) == []


@pytest.mark.parametrize(
    ("facility", "expected"), [(0.95, [TOO_EASY]), (0.1, [TOO_HARD]), (0.9, []), (0.2, [])]
)
def test_too_easy_above_0_9_and_too_hard_below_0_2(facility, expected):
    assert flags(facility=facility) == expected


@pytest.mark.parametrize(
    ("r", "expected"), [(-0.05, [NEGATIVE_DISCRIMINATION]), (0.1, [WEAK_DISCRIMINATION]), (0.2, [])]
)
def test_negative_and_weak_discrimination(r, expected):
    assert flags(point_biserial=r) == expected


def test_a_wrong_option_nobody_picks_is_a_dead_distractor_once_enough_answered():
    dead = table([0.8, 0.2, 0.0], [0.4, 0.6, 0.0], [60, 40, 0])
    assert flags(distractors=dead) == [DEAD_DISTRACTOR]
    assert flags(responses=40, distractors=dead) == []  # 30 ≤ 40 < 50: too few to call it dead


def test_the_upper_group_preferring_a_distractor_is_a_likely_wrong_key():
    wrong = table([0.2, 0.7, 0.1], [0.4, 0.3, 0.3], [30, 50, 20])
    assert LIKELY_WRONG_KEY in flags(point_biserial=-0.3, distractors=wrong)
    # Negative discrimination with a distractor the upper group picks more than the lower group
    # does, even when the key is still the upper group's most common pick.
    subtle = table([0.5, 0.4, 0.1], [0.6, 0.1, 0.3], [55, 25, 20])
    assert flags(point_biserial=-0.1, distractors=subtle) == [
        LIKELY_WRONG_KEY,
        NEGATIVE_DISCRIMINATION,
    ]
    assert LIKELY_WRONG_KEY not in flags(point_biserial=0.1, distractors=subtle)


def test_no_flag_below_the_minimum_number_of_responses():
    assert flags(responses=29, facility=0.99, point_biserial=-0.5) == []


def test_thresholds_come_from_the_settings(settings):
    settings.ITEM_ANALYSIS_THRESHOLDS = {"min_responses": 5, "too_easy": 0.8, "nonsense": 1}
    assert thresholds() == Thresholds(min_responses=5, too_easy=0.8)


def test_simulated_attempts_flag_the_planted_wrong_key_dead_distractor_and_easy_question(db):
    assessment, versions = choice_test(6)
    wrong_key, easy, dead = versions[1], versions[3], versions[5]
    simulate(
        assessment,
        count=200,
        difficulty={easy.pk: -4.0},
        wrong_key={wrong_key.pk},
        never_picked={dead.pk: dead.payload["options"][-1]["id"]},
    )
    run = item_analysis_request(assessment=assessment)
    item_analysis_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ItemAnalysisRun.Status.SUCCEEDED and run.attempts == 200
    by_version = {item.question_version_id: item for item in run.items.all()}
    assert LIKELY_WRONG_KEY in by_version[wrong_key.pk].flags
    assert NEGATIVE_DISCRIMINATION in by_version[wrong_key.pk].flags
    assert TOO_EASY in by_version[easy.pk].flags
    assert DEAD_DISTRACTOR in by_version[dead.pk].flags
    assert by_version[dead.pk].distractors["picks"][-1] == 0
    # The honest questions are not accused of a wrong key.
    for version in (versions[0], versions[2], versions[4]):
        assert LIKELY_WRONG_KEY not in by_version[version.pk].flags


def test_distractor_tables_count_each_ticked_box_and_blank_answers():
    import numpy as np

    from quizzes.analysis.statistics import LOWER, UPPER
    from quizzes.models import QuestionVersion
    from quizzes.services.analysis import _distractor_table

    options = [
        {"id": "a", "text": "合法", "fraction": 0.5},
        {"id": "b", "text": "必要", "fraction": 0.5},
        {"id": "c", "text": "越多越好", "fraction": -1.0},
    ]
    multiple = QuestionVersion(qtype="multiple", payload={"options": options})
    groups = np.array([UPPER, LOWER, LOWER])
    answered = [(0, {"choices": ["a", "b"]}), (1, {"choices": ["a", "c"]}), (2, None)]
    table = _distractor_table(multiple, answered, groups)
    assert table["keyed"] == [True, True, False]
    assert table["picks"] == [2, 1, 1]
    assert table["upper"] == [1.0, 1.0, 0.0] and table["lower"] == [0.5, 0.0, 0.5]
    assert table["no_answer"]["lower"] == 0.5
    single = QuestionVersion(qtype="single", payload={"options": options[:1] + options[2:]})
    table = _distractor_table(single, [(0, {"choice": "c"}), (1, {"choice": "zz"})], groups)
    assert table["picks"] == [0, 1] and table["no_answer"]["all"] == 0.5
