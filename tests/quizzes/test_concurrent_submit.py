"""Real concurrent connections on PostgreSQL: submitting twice at the same moment counts once, and
an answer a learner was told was saved is never left out of the score."""

import threading

import pytest
from django.db import connection

from quizzes.models import Answer, Result
from quizzes.selectors import attempt_score
from quizzes.services import (
    AttemptError,
    answer_save,
    attempt_start,
    attempt_submit,
    framework_load,
)
from tests.factories.people import UserFactory
from tests.factories.quizzes import assessment_with_all_types

from .conftest import right_responses

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def framework():
    """Transactional tests empty the tables afterwards, migration data included: load it again."""
    framework_load()


def run_together(*functions):
    """Run each function in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(functions))
    outcomes: list = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = function()
        except Exception as error:  # reported to the test below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_simultaneous_submits_produce_one_result():
    learner = UserFactory()
    attempt = attempt_start(user=learner, assessment=assessment_with_all_types())
    for slot, response in right_responses(attempt).items():
        answer_save(attempt_id=attempt.pk, user=learner, slot=slot, response=response)
    for _round in range(3):
        outcomes = run_together(
            lambda: attempt_submit(attempt_id=attempt.pk, user=learner),
            lambda: attempt_submit(attempt_id=attempt.pk, user=learner),
        )
        assert all(isinstance(o, Result) for o in outcomes), outcomes
        assert outcomes[0].pk == outcomes[1].pk
    assert Result.objects.filter(attempt=attempt).count() == 1
    assert Result.objects.get(attempt=attempt).percent == 100


def test_saves_racing_a_submit_are_either_scored_or_refused():
    learner = UserFactory()
    attempt = attempt_start(user=learner, assessment=assessment_with_all_types())
    responses = right_responses(attempt)

    def save(slot):
        def run():
            try:
                return answer_save(
                    attempt_id=attempt.pk, user=learner, slot=slot, response=responses[slot]
                )
            except AttemptError as error:
                return error

        return run

    outcomes = run_together(
        *[save(slot) for slot in responses],
        lambda: attempt_submit(attempt_id=attempt.pk, user=learner),
    )
    result = Result.objects.get(attempt=attempt)
    told_saved = [o.slot for o in outcomes if isinstance(o, Answer)]
    for slot in told_saved:
        assert Answer.objects.get(attempt=attempt, slot=slot).response is not None
    assert result.score == attempt_score(attempt=attempt)["score"]
    assert result.score == len(told_saved)  # every saved (right) answer counted, nothing else
