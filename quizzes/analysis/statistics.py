"""Classical item statistics as pure functions of numpy arrays, so every figure can be checked
against a hand computation (tests/quizzes/test_item_statistics.py).

The inputs are matrices of attempts (rows) × question versions (columns):
- `scores`: points earned, NaN where the attempt did not get the question (random draws) or its
  score is not known yet (an essay not marked): missing, never zero;
- `shares`: the same scores as a share of the question's points (0..1, partial credit allowed).

Definitions (the usual ones; Moodle's quiz statistics report uses the same):
- facility: the mean share of the question's points earned, over the attempts that have a score;
- corrected point-biserial: Pearson's correlation between the item's share and the rest-of-test
  score (the attempt's total minus this item), so an item does not correlate with itself; with
  partial credit this is the item–rest correlation;
- upper/lower index D: the mean share in the upper 27 % of attempts by total score minus the mean
  share in the lower 27 % (groups are ranked over all attempts, ties broken by row order);
- Cronbach's alpha over a complete block (every row has every column): k/(k−1)·(1 − Σ var_i /
  var_total); KR-20 is the same formula with p·q as the item variance, for 0/1 items only;
- SEM = SD·√(1 − α).
"""

from __future__ import annotations

import math

import numpy as np

GROUP_FRACTION = 0.27
LOWER, MIDDLE, UPPER = 0, 1, 2
# A block for alpha keeps the questions at least this share of the attempts answered, then only
# the attempts that answered all of them (fixed questions: everything; random draws: usually too
# few questions, and alpha is not reported).
RELIABILITY_COLUMN_COVERAGE = 0.8


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def total_scores(scores: np.ndarray) -> np.ndarray:
    """Each attempt's total over the questions with a known score."""
    return np.nansum(scores, axis=1)


def response_counts(scores: np.ndarray) -> np.ndarray:
    """How many attempts have a score for each question."""
    return np.sum(~np.isnan(scores), axis=0)


def facility(shares: np.ndarray) -> np.ndarray:
    """Mean share of the points per question (NaN for a question nobody has a score for)."""
    counts = response_counts(shares)
    sums = np.nansum(shares, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's r, NaN when either side has no spread (or fewer than two pairs)."""
    if x.size < 2:
        return math.nan
    dx, dy = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float(np.dot(dx, dx)) * float(np.dot(dy, dy)))
    if denominator == 0:
        return math.nan
    return float(np.dot(dx, dy)) / denominator


def corrected_point_biserial(scores: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Per question: the correlation of its share with the rest-of-test score."""
    totals = total_scores(scores)
    result = np.full(scores.shape[1], np.nan)
    for column in range(scores.shape[1]):
        present = ~np.isnan(scores[:, column])
        rest = totals[present] - scores[present, column]
        result[column] = pearson(shares[present, column], rest)
    return result


def score_groups(totals: np.ndarray, fraction: float = GROUP_FRACTION) -> np.ndarray:
    """UPPER, MIDDLE or LOWER per attempt: the top and bottom `fraction` by total score (rounded
    to whole attempts, at least one each when there are two attempts or more)."""
    n = totals.size
    groups = np.full(n, MIDDLE, dtype=np.int8)
    if n < 2:
        return groups
    size = max(1, math.floor(fraction * n + 0.5))
    size = min(size, n // 2)
    order = np.argsort(-totals, kind="stable")
    groups[order[:size]] = UPPER
    groups[order[n - size :]] = LOWER
    return groups


def upper_lower_index(shares: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Per question: mean share in the upper group minus the lower group (among those who have a
    score for it); NaN when either group has nobody with a score."""
    result = np.full(shares.shape[1], np.nan)
    for column in range(shares.shape[1]):
        values = shares[:, column]
        upper = values[(groups == UPPER) & ~np.isnan(values)]
        lower = values[(groups == LOWER) & ~np.isnan(values)]
        if upper.size and lower.size:
            result[column] = upper.mean() - lower.mean()
    return result


def distractor_shares(picks: np.ndarray, groups: np.ndarray) -> dict:
    """How each score group chose: `picks` is respondents × options (True where the respondent
    picked the option), `groups` their score groups. Returns, per group and overall, the number
    of respondents and each option's share of them, plus each option's number of picks."""
    picks = np.asarray(picks, dtype=bool)
    result = {"picks": [int(v) for v in picks.sum(axis=0)], "n": int(picks.shape[0])}
    for name, value in (("upper", UPPER), ("middle", MIDDLE), ("lower", LOWER)):
        members = picks[groups == value]
        result[f"n_{name}"] = int(members.shape[0])
        result[name] = [
            _finite(v) if members.shape[0] else None
            for v in (members.mean(axis=0) if members.shape[0] else np.zeros(picks.shape[1]))
        ]
    result["all"] = [
        _finite(v) if picks.shape[0] else None
        for v in (picks.mean(axis=0) if picks.shape[0] else np.zeros(picks.shape[1]))
    ]
    return result


def reliability_block(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (rows, columns) index arrays of the complete block alpha is computed on."""
    n = scores.shape[0]
    if n == 0:
        return np.arange(0), np.arange(0)
    columns = np.flatnonzero(response_counts(scores) >= RELIABILITY_COLUMN_COVERAGE * n)
    rows = np.flatnonzero(~np.isnan(scores[:, columns]).any(axis=1))
    return rows, columns


def cronbach_alpha(matrix: np.ndarray) -> float:
    """Alpha of a complete rows × items matrix; NaN with fewer than two items or two rows, or no
    spread in the totals."""
    n, k = matrix.shape
    if k < 2 or n < 2:
        return math.nan
    total_variance = float(np.var(matrix.sum(axis=1)))
    if total_variance == 0:
        return math.nan
    item_variances = float(np.var(matrix, axis=0).sum())
    return k / (k - 1) * (1 - item_variances / total_variance)


def kr20(matrix: np.ndarray) -> float:
    """KR-20 of a complete 0/1 matrix: alpha with p·q as each item's variance; NaN when an entry is
    not 0 or 1 (use alpha), with fewer than two items or rows, or with no spread."""
    n, k = matrix.shape
    if k < 2 or n < 2 or not np.isin(matrix, (0.0, 1.0)).all():
        return math.nan
    p = matrix.mean(axis=0)
    total_variance = float(np.var(matrix.sum(axis=1)))
    if total_variance == 0:
        return math.nan
    return k / (k - 1) * (1 - float((p * (1 - p)).sum()) / total_variance)


def standard_error_of_measurement(sd: float, alpha: float) -> float:
    """SD·√(1−α); NaN when alpha is unknown (or above 1, which it cannot be)."""
    if not math.isfinite(alpha) or not math.isfinite(sd) or alpha > 1:
        return math.nan
    return sd * math.sqrt(1 - alpha)


def sample_sd(values: np.ndarray) -> float:
    """The sample standard deviation (n − 1), NaN below two values."""
    return float(np.std(values, ddof=1)) if values.size >= 2 else math.nan


def whole_test_statistics(scores: np.ndarray, shares: np.ndarray) -> dict:
    """The whole test: n, mean and SD of the total score, alpha (and KR-20 when every item of the
    block is scored 0/1) and the SEM, over the reliability block."""
    totals = total_scores(scores)
    rows, columns = reliability_block(scores)
    block = scores[np.ix_(rows, columns)]
    share_block = shares[np.ix_(rows, columns)]
    alpha = cronbach_alpha(block)
    dichotomous = bool(block.size) and np.isin(share_block, (0.0, 1.0)).all()
    # KR-20 is defined on 0/1 items; with unequal points alpha on the points is the right one.
    kr = kr20(share_block) if dichotomous else math.nan
    block_sd = sample_sd(block.sum(axis=1)) if block.size else math.nan
    return {
        "n": int(scores.shape[0]),
        "mean": _finite(totals.mean()) if totals.size else None,
        "sd": _finite(sample_sd(totals)),
        "alpha": _finite(alpha),
        "kr20": _finite(kr),
        "sem": _finite(standard_error_of_measurement(block_sd, alpha)),
        "reliability_attempts": int(rows.size),
        "reliability_items": int(columns.size),
    }


def item_statistics(scores: np.ndarray, shares: np.ndarray) -> dict:
    """Per-question arrays: responses, facility, corrected point-biserial, upper/lower index, and
    the score group of every attempt (for the distractor tables)."""
    groups = score_groups(total_scores(scores))
    return {
        "responses": response_counts(scores),
        "facility": facility(shares),
        "point_biserial": corrected_point_biserial(scores, shares),
        "upper_lower": upper_lower_index(shares, groups),
        "groups": groups,
    }
