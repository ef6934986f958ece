"""Competency levels from ability: the framework's cut scores (quizzes.models.Level.cut_score, the
lowest θ of each band) turn an ability and its standard error into a level and the range of
levels the estimate cannot tell apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# A 95% interval: θ ± 1.96 standard errors.
Z_95 = 1.96


def level_for(theta: float, cuts: Mapping[int, float]) -> int:
    """The highest band whose cut score is at most θ; 0 below the lowest cut."""
    reached = [level for level, cut in cuts.items() if cut <= theta]
    return max(reached, default=0)


@dataclass(frozen=True)
class LevelEstimate:
    level: int
    low: int  # the level at θ − 1.96·SE
    high: int  # the level at θ + 1.96·SE

    @property
    def certain(self) -> bool:
        """Whether the whole interval lies in one band."""
        return self.low == self.high


def level_with_uncertainty(theta: float, se: float, cuts: Mapping[int, float]) -> LevelEstimate:
    """The level at θ and the band range covered by θ ± 1.96·SE."""
    return LevelEstimate(
        level=level_for(theta, cuts),
        low=level_for(theta - Z_95 * se, cuts),
        high=level_for(theta + Z_95 * se, cuts),
    )
