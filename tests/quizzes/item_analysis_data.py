"""Shared data for the item-analysis tests: a test of single-choice questions and simulated
finished attempts (demo.item_analysis.simulate_finished_attempts, the demo's and the bench's
loader)."""

from decimal import Decimal

from demo.item_analysis import simulate_finished_attempts
from tests.factories import UserFactory
from tests.factories.quizzes import AssessmentFactory, add_fixed, make_question

FOUR_OPTIONS = {
    "options": [
        {"text": "正确答案", "fraction": 1.0, "feedback": ""},
        {"text": "干扰项一", "fraction": 0.0, "feedback": ""},
        {"text": "干扰项二", "fraction": 0.0, "feedback": ""},
        {"text": "干扰项三", "fraction": 0.0, "feedback": ""},
    ]
}


def choice_test(questions: int = 6, **fields):
    """A test of `questions` fixed four-option single-choice questions; returns (test, versions)."""
    made = [make_question("single", payload=FOUR_OPTIONS) for _ in range(questions)]
    assessment = add_fixed(AssessmentFactory(**fields), made, points=Decimal(1))
    return assessment, [q.current_version for q in made]


def simulate(assessment, *, count=200, seed=7, users=4, **plan):
    people = [UserFactory() for _ in range(users)]
    return simulate_finished_attempts(
        assessment=assessment, users=people, count=count, seed=seed, **plan
    )
