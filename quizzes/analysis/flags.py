"""The flags item analysis raises, and the thresholds they use.

Defaults are the usual rules of thumb of classical test theory; a deployment may change any of
them with `ITEM_ANALYSIS_THRESHOLDS` in the settings (a dict of the field names below). No flag is
raised for a question with fewer than `min_responses` scored responses: with a handful of
candidates a facility or a correlation says nothing, and the screen says so.

- too easy: facility above `too_easy` (0.9); too hard: below `too_hard` (0.2);
- negative discrimination: corrected point-biserial below 0; weak: below `weak_discrimination`
  (0.2) but not negative;
- dead distractor (choice questions): a wrong option nobody picked, once at least
  `dead_distractor_min_responses` (50) answered the question;
- likely wrong key (choice questions): the upper group picked some wrong option more often than
  the keyed one, or the question discriminates negatively and some wrong option is picked more
  by the upper group than by the lower group.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _

TOO_EASY = "too_easy"
TOO_HARD = "too_hard"
NEGATIVE_DISCRIMINATION = "negative_discrimination"
WEAK_DISCRIMINATION = "weak_discrimination"
DEAD_DISTRACTOR = "dead_distractor"
LIKELY_WRONG_KEY = "likely_wrong_key"

FLAG_LABELS = {
    LIKELY_WRONG_KEY: _("Likely wrong key"),
    NEGATIVE_DISCRIMINATION: _("Negative discrimination"),
    WEAK_DISCRIMINATION: _("Weak discrimination"),
    TOO_EASY: _("Too easy"),
    TOO_HARD: _("Too hard"),
    DEAD_DISTRACTOR: _("A distractor nobody picks"),
}
# The order flags are listed in: the most serious first.
FLAG_ORDER = list(FLAG_LABELS)


@dataclass(frozen=True)
class Thresholds:
    min_responses: int = 30
    too_easy: float = 0.9
    too_hard: float = 0.2
    weak_discrimination: float = 0.2
    dead_distractor_min_responses: int = 50


def thresholds() -> Thresholds:
    """The defaults with the settings' overrides (unknown keys are ignored)."""
    overrides = getattr(settings, "ITEM_ANALYSIS_THRESHOLDS", None) or {}
    known = {field.name for field in fields(Thresholds)}
    return replace(Thresholds(), **{k: v for k, v in overrides.items() if k in known})


def item_flags(
    *,
    responses: int,
    facility: float | None,
    point_biserial: float | None,
    distractors: dict | None,
    limits: Thresholds,
) -> list[str]:
    """The flags of one question version from its statistics. `distractors` (choice questions
    only) is quizzes.analysis.statistics.distractor_shares's table with a `keyed` list of booleans,
    one per option."""
    if responses < limits.min_responses:
        return []
    raised = set()
    if facility is not None:
        if facility > limits.too_easy:
            raised.add(TOO_EASY)
        elif facility < limits.too_hard:
            raised.add(TOO_HARD)
    if point_biserial is not None:
        if point_biserial < 0:
            raised.add(NEGATIVE_DISCRIMINATION)
        elif point_biserial < limits.weak_discrimination:
            raised.add(WEAK_DISCRIMINATION)
    if distractors and any(distractors["keyed"]) and not all(distractors["keyed"]):
        keyed = distractors["keyed"]
        wrong = [i for i, is_key in enumerate(keyed) if not is_key]
        if responses >= limits.dead_distractor_min_responses and any(
            distractors["picks"][i] == 0 for i in wrong
        ):
            raised.add(DEAD_DISTRACTOR)
        upper, lower = distractors["upper"], distractors["lower"]
        if distractors["n_upper"]:
            best_key = max(upper[i] for i, is_key in enumerate(keyed) if is_key)
            if any(upper[i] > best_key for i in wrong) or (
                NEGATIVE_DISCRIMINATION in raised
                and distractors["n_lower"]
                and any(upper[i] > lower[i] for i in wrong)
            ):
                raised.add(LIKELY_WRONG_KEY)
    return [flag for flag in FLAG_ORDER if flag in raised]
