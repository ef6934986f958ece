"""The demo's item-analysis test: 200 simulated attempts (seeded, so always the same figures) in
which the analysis computed at seed time flags the planted wrong key; seeding twice changes
nothing."""

from demo.item_analysis import (
    ATTEMPTS,
    DEAD_DISTRACTOR,
    SLUG,
    TOO_EASY,
    WRONG_KEY,
    seed_item_analysis,
)
from quizzes.analysis.flags import DEAD_DISTRACTOR as DEAD
from quizzes.analysis.flags import LIKELY_WRONG_KEY
from quizzes.analysis.flags import TOO_EASY as EASY
from quizzes.models import Assessment, Attempt, ItemAnalysisRun


def test_the_demo_test_flags_its_planted_bad_questions_and_reseeding_changes_nothing(db):
    assessment = seed_item_analysis()
    run = ItemAnalysisRun.objects.get(assessment=assessment)
    assert run.status == ItemAnalysisRun.Status.SUCCEEDED and run.attempts == ATTEMPTS
    flags = {item.position: item.flags for item in run.items.all()}
    assert LIKELY_WRONG_KEY in flags[WRONG_KEY]
    assert EASY in flags[TOO_EASY]
    assert DEAD in flags[DEAD_DISTRACTOR]
    assert not any(LIKELY_WRONG_KEY in f for position, f in flags.items() if position != WRONG_KEY)
    assert not Attempt.objects.filter(assessment=assessment, user__is_active=True).exists()
    seed_item_analysis()
    assert Assessment.objects.filter(slug=SLUG).count() == 1
    assert Attempt.objects.filter(assessment=assessment).count() == ATTEMPTS
