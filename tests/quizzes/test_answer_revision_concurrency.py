"""The answer revision number increases strictly when saves race (autosave from two tabs, the
submit's save beside an autosave): on real concurrent PostgreSQL connections, each save gets its
own number and the stored revision counts every save."""

import pytest

from quizzes.models import Answer
from quizzes.services import answer_save, attempt_start, framework_load
from tests.factories.people import UserFactory
from tests.factories.quizzes import assessment_with_all_types

from .conftest import right_responses
from .test_concurrent_submit import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SAVES = 6


@pytest.fixture(autouse=True)
def framework():
    """Transactional tests empty the tables afterwards, migration data included: load it again."""
    framework_load()


def test_concurrent_saves_of_one_answer_each_get_the_next_revision():
    learner = UserFactory()
    attempt = attempt_start(user=learner, assessment=assessment_with_all_types())
    slot, response = sorted(right_responses(attempt).items())[0]
    first = answer_save(attempt_id=attempt.pk, user=learner, slot=slot, response=response)

    for round_number in range(3):
        start = first.revision + round_number * SAVES
        outcomes = run_together(
            *[
                lambda: answer_save(
                    attempt_id=attempt.pk, user=learner, slot=slot, response=response
                )
                for _ in range(SAVES)
            ]
        )
        assert all(isinstance(outcome, Answer) for outcome in outcomes), outcomes
        revisions = sorted(outcome.revision for outcome in outcomes)
        assert revisions == list(range(start + 1, start + SAVES + 1))
        stored = Answer.objects.get(attempt=attempt, slot=slot).revision
        assert stored == start + SAVES


def test_a_single_save_returns_the_stored_revision():
    learner = UserFactory()
    attempt = attempt_start(user=learner, assessment=assessment_with_all_types())
    slot, response = sorted(right_responses(attempt).items())[0]
    before = Answer.objects.get(attempt=attempt, slot=slot).revision
    saved = answer_save(attempt_id=attempt.pk, user=learner, slot=slot, response=response)
    assert saved.revision == before + 1 == Answer.objects.get(attempt=attempt, slot=slot).revision
