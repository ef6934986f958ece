"""Item statistics against values computed by hand on small matrices (the working is in the
comments; nothing here calls the code under test to get an expected number)."""

import math

import numpy as np
import pytest

from quizzes.analysis import statistics as st

# Six attempts × three 1-point questions (A, B, C). Totals 3, 2, 2, 1, 1, 0.
SCORES = np.array(
    [
        [1, 1, 1],
        [1, 1, 0],
        [1, 0, 1],
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 0],
    ],
    dtype=float,
)


def test_facility_is_the_mean_share_of_the_points():
    # A: 4/6, B: 3/6, C: 2/6.
    assert st.facility(SCORES) == pytest.approx([4 / 6, 0.5, 2 / 6])


def test_corrected_point_biserial_correlates_each_item_with_the_rest_of_the_test():
    # A: x = 1,1,1,1,0,0; rest = 2,1,1,0,1,0. Σdxdy = 2/3, Σdx² = 4/3, Σdy² = 17/6,
    #    r = (2/3)/√(4/3·17/6) = 2/√34 = 0.342997.
    # B: x = 1,1,0,0,1,0; rest = 2,1,2,1,0,0 (mean 1). Σdxdy = .5−.5−.5+.5 = 0, r = 0.
    # C: x = 1,0,1,0,0,0; rest = 2,2,1,1,1,0. Σdxdy = 2/3, Σdx² = 4/3, Σdy² = 17/6, r = 2/√34.
    assert st.corrected_point_biserial(SCORES, SCORES) == pytest.approx(
        [0.342997, 0.0, 0.342997], abs=1e-6
    )


def test_upper_and_lower_groups_are_the_top_and_bottom_27_percent_by_total():
    # 0.27 × 6 = 1.62, rounded to 2 attempts a group: upper rows 0 and 1 (the tie between rows 1
    # and 2 at total 2 goes to the earlier row), lower rows 4 and 5.
    groups = st.score_groups(st.total_scores(SCORES))
    assert list(groups) == [st.UPPER, st.UPPER, st.MIDDLE, st.MIDDLE, st.LOWER, st.LOWER]
    # D = upper mean − lower mean. A: 1 − 0 = 1; B: 1 − 0.5 = 0.5; C: 0.5 − 0 = 0.5.
    assert st.upper_lower_index(SCORES, groups) == pytest.approx([1.0, 0.5, 0.5])


def test_alpha_kr20_and_sem_of_the_whole_test():
    # Item variances p·q: 2/9 + 1/4 + 2/9 = 25/36. Totals 3,2,2,1,1,0: mean 1.5, Σ(dev²) = 5.5,
    # population variance 11/12 = 33/36. α = 3/2·(1 − 25/33) = 4/11 = 0.363636; KR-20 the same.
    # Sample SD = √(5.5/5) = √1.1 = 1.048809; SEM = √1.1·√(1 − 4/11) = √0.7 = 0.836660.
    whole = st.whole_test_statistics(SCORES, SCORES)
    assert whole["n"] == 6
    assert whole["mean"] == pytest.approx(1.5)
    assert whole["sd"] == pytest.approx(1.048809, abs=1e-6)
    assert whole["alpha"] == pytest.approx(4 / 11)
    assert whole["kr20"] == pytest.approx(0.363636, abs=1e-6)
    assert whole["sem"] == pytest.approx(0.836660, abs=1e-6)
    assert (whole["reliability_attempts"], whole["reliability_items"]) == (6, 3)


def test_partial_credit_and_a_missing_score_are_handled_as_missing_not_zero():
    # Two 2-point questions; attempt 2's second score is missing (an essay not marked).
    scores = np.array([[2, 1], [1, np.nan], [0, 2], [2, 0]], dtype=float)
    shares = scores / 2
    # Facility: (1 + .5 + 0 + 1)/4 = 0.625; (.5 + 1 + 0)/3 = 0.5 (not 1.5/4 = 0.375).
    assert st.facility(shares) == pytest.approx([0.625, 0.5])
    assert list(st.response_counts(scores)) == [4, 3]
    # Item 2 over rows 1, 3, 4: x = .5, 1, 0; totals 3, 2, 2 so rest = 2, 0, 2 (mean 4/3).
    # Σdxdy = 0·(2/3) + .5·(−4/3) + (−.5)·(2/3) = −1; Σdx² = .5; Σdy² = 24/9.
    # r = −1/√(.5·24/9) = −√3/2 = −0.866025.
    assert st.corrected_point_biserial(scores, shares)[1] == pytest.approx(-0.866025, abs=1e-6)
    # Item 2 was answered by 3 of 4 attempts (< 80 %): the reliability block keeps one question,
    # and alpha over one question is not defined.
    whole = st.whole_test_statistics(scores, shares)
    assert whole["alpha"] is None and whole["sem"] is None
    assert whole["reliability_items"] == 1
    assert whole["mean"] == pytest.approx((3 + 1 + 2 + 2) / 4)


def test_alpha_with_partial_credit_uses_the_points_and_kr20_is_not_reported():
    # Three attempts × two 2-point questions: rows (2, 1), (1, 1), (0, 0).
    # Item variances (population): item 1 mean 1, Σdev² = 2, var 2/3; item 2 mean 2/3,
    # Σdev² = 1/9 + 1/9 + 4/9 = 2/3, var 2/9. Totals 3, 2, 0: mean 5/3, Σdev² = 16/9 + 1/9 + 25/9
    # = 42/9, var 14/9. α = 2·(1 − (2/3 + 2/9)/(14/9)) = 2·(1 − 8/14) = 6/7 = 0.857143.
    scores = np.array([[2, 1], [1, 1], [0, 0]], dtype=float)
    whole = st.whole_test_statistics(scores, scores / 2)
    assert whole["alpha"] == pytest.approx(0.857143, abs=1e-6)
    assert whole["kr20"] is None


def test_distractor_shares_per_score_group():
    # Four respondents × options (key, d1, d2): upper picks d1, middle picks key twice, lower
    # picks d1; nobody picks d2.
    picks = np.array([[0, 1, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0]], dtype=bool)
    groups = np.array([st.UPPER, st.MIDDLE, st.MIDDLE, st.LOWER])
    table = st.distractor_shares(picks, groups)
    assert table["picks"] == [2, 2, 0]
    assert table["upper"] == [0.0, 1.0, 0.0]
    assert table["middle"] == [1.0, 0.0, 0.0]
    assert table["lower"] == [0.0, 1.0, 0.0]
    assert table["all"] == [0.5, 0.5, 0.0]
    assert (table["n_upper"], table["n_middle"], table["n_lower"]) == (1, 2, 1)


def test_no_spread_gives_no_correlation_rather_than_a_number():
    scores = np.ones((5, 2))
    assert all(math.isnan(v) for v in st.corrected_point_biserial(scores, scores))
    assert st.whole_test_statistics(scores, scores)["alpha"] is None
