"""Real concurrent connections on PostgreSQL: the last two marks of an attempt landing at the same
moment record its Result once, and send `assessment_passed` once."""

from decimal import Decimal

import pytest

from quizzes.models import AssessmentQuestion, MarkingTask, Result
from quizzes.services import attempt_submit, framework_load
from quizzes.services.marking import marking_task_save
from quizzes.signals import assessment_passed
from tests.factories.marking import essay_assessment, essay_question
from tests.factories.people import UserFactory

from .test_concurrent_submit import run_together
from .test_marking_flow import _take

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def framework():
    framework_load()


def _submit(task):
    return lambda: marking_task_save(
        task_id=task.pk, user=task.marker, levels={"c1": "c1c", "c2": "c2b"}, submit=True
    )


def test_the_last_two_marks_at_once_record_one_result_and_one_signal():
    sent = []
    assessment_passed.connect(
        lambda sender, result, **kw: sent.append(result.pk), dispatch_uid="marking_race", weak=False
    )
    try:
        for _round in range(3):
            assessment = essay_assessment(markers=2)
            AssessmentQuestion.objects.create(
                assessment=assessment, question=essay_question(), points=Decimal(10), sort_order=9
            )
            learner = UserFactory()
            attempt = _take(learner, assessment)
            attempt_submit(attempt_id=attempt.pk, user=learner)
            tasks = list(MarkingTask.objects.filter(marked_answer__attempt=attempt))
            assert len(tasks) == 2 and tasks[0].marker != tasks[1].marker
            outcomes = run_together(_submit(tasks[0]), _submit(tasks[1]))
            assert all(isinstance(o, MarkingTask) for o in outcomes), outcomes
            result = Result.objects.get(attempt=attempt)
            assert result.score == Decimal(21)
            assert sent.count(result.pk) == 1
    finally:
        assessment_passed.disconnect(dispatch_uid="marking_race")


def test_two_markers_of_one_answer_at_once_make_it_final_once():
    assessment = essay_assessment(markers=2, double_marking=True)
    learner = UserFactory()
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    tasks = list(MarkingTask.objects.filter(marked_answer__attempt=attempt))
    outcomes = run_together(_submit(tasks[0]), _submit(tasks[1]))
    assert all(isinstance(o, MarkingTask) for o in outcomes), outcomes
    assert Result.objects.filter(attempt=attempt).count() == 1
    assert Result.objects.get(attempt=attempt).score == Decimal(11)
