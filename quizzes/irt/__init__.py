"""Item response theory for the bank: calibrating items (quizzes.irt.calibrate), estimating a
person's ability with its standard error (quizzes.irt.estimate), and what adaptive tests read.

One logit scale throughout: ability θ and item difficulty b, with discrimination a (1 under the
Rasch model). A response is scored 1 (right) or 0; partial credit counts as right from half the
points (the same cut item analysis uses)."""

from decimal import Decimal

# The one cut between right and wrong, for calibration, ability estimates and adaptive tests.
RIGHT_FROM = Decimal("0.5")


def is_right(score: Decimal, points: Decimal = Decimal(1)) -> int:
    """1 when `score` earns at least half of `points` (a fraction with the default), else 0."""
    return int(Decimal(score) >= RIGHT_FROM * Decimal(points))
