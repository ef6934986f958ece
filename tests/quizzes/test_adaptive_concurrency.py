"""Real concurrent connections on PostgreSQL: two "next" posts for the same question of an adaptive
attempt at the same moment (a double click, two devices) create one next slot, not two."""

import numpy as np
import pytest

from quizzes.models import Attempt
from quizzes.services import attempt_next, attempt_start, framework_load
from tests.factories.people import UserFactory
from tests.factories.quizzes import adaptive_assessment, calibrated_questions

from .test_concurrent_submit import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def framework():
    """Transactional tests empty the tables afterwards, migration data included: load it again."""
    framework_load()


def test_two_simultaneous_nexts_for_one_question_create_one_next_slot():
    calibrated_questions(list(np.linspace(-2, 2, 12)))
    learner = UserFactory()
    attempt = attempt_start(user=learner, assessment=adaptive_assessment())
    for slot in (1, 2, 3):
        current = attempt.answers.select_related("question_version").get(slot=slot)
        right = max(current.question_version.payload["options"], key=lambda o: o["fraction"])
        response = {"choice": right["id"]}

        def click(slot=slot, response=response):
            return attempt_next(attempt_id=attempt.pk, user=learner, slot=slot, response=response)

        outcomes = run_together(click, click, click)
        assert all(isinstance(outcome, Attempt) for outcome in outcomes), outcomes
        assert attempt.answers.count() == slot + 1
    assert attempt.answers.exclude(score=None).count() == 3
