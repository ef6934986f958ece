"""Starting, answering, submitting: the attempt engine's ordinary path."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from quizzes.models import Answer, Attempt, Result
from quizzes.services import (
    AttemptError,
    answer_save,
    attempt_start,
    attempt_submit,
    question_update,
)
from tests.factories.quizzes import AssessmentFactory, add_draw, make_question

from .conftest import right_responses


def test_all_right_answers_score_full_marks_and_pass(learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    for slot, response in right_responses(attempt).items():
        answer_save(attempt_id=attempt.pk, user=learner, slot=slot, response=response)
    result = attempt_submit(attempt_id=attempt.pk, user=learner)
    assert (result.score, result.max_score, result.percent, result.passed) == (
        Decimal(5),
        Decimal(5),
        Decimal(100),
        True,
    )
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.finished_at is not None


def test_starting_again_resumes_the_attempt_in_progress(learner, assessment):
    first = attempt_start(user=learner, assessment=assessment)
    assert attempt_start(user=learner, assessment=assessment).pk == first.pk
    assert Attempt.objects.filter(user=learner).count() == 1


def test_attempts_allowed_is_enforced(learner, assessment):
    assessment.attempts_allowed = 1
    assessment.save()
    attempt = attempt_start(user=learner, assessment=assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    with pytest.raises(AttemptError) as caught:
        attempt_start(user=learner, assessment=assessment)
    assert caught.value.code == "no_attempts_left"


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [(timedelta(hours=1), None, "not_open"), (None, timedelta(hours=-1), "closed")],
)
def test_a_test_outside_its_window_cannot_start(learner, assessment, opens, closes, code):
    now = timezone.now()
    assessment.opens_at = now + opens if opens else None
    assessment.closes_at = now + closes if closes else None
    if assessment.opens_at is None and assessment.closes_at is not None:
        assessment.opens_at = assessment.closes_at - timedelta(days=1)
    assessment.save()
    with pytest.raises(AttemptError) as caught:
        attempt_start(user=learner, assessment=assessment)
    assert caught.value.code == code


def test_random_draws_take_the_asked_number_from_the_competence_and_difficulty(learner, db):
    for index in range(4):
        make_question("single", code="6.2", difficulty="hard", name=f"hard-{index}")
    make_question("single", code="6.2", difficulty="easy", name="easy")
    make_question("single", code="6.1", difficulty="hard", name="other competence")
    assessment = AssessmentFactory()
    add_draw(assessment, code="6.2", difficulty="hard", count=3)
    attempt = attempt_start(user=learner, assessment=assessment)
    names = set(attempt.answers.values_list("question_version__question__name", flat=True))
    assert len(names) == 3 and names <= {f"hard-{i}" for i in range(4)}


def test_a_draw_the_bank_cannot_fill_refuses_to_start_and_writes_nothing(learner, db):
    make_question("single", code="6.2")
    assessment = AssessmentFactory()
    add_draw(assessment, code="6.2", count=2)
    with pytest.raises(AttemptError) as caught:
        attempt_start(user=learner, assessment=assessment)
    assert caught.value.code == "not_enough_questions"
    assert not Attempt.objects.exists() and not Answer.objects.exists()


def test_shuffles_are_per_attempt_and_stored(assessment, db):
    from tests.factories.people import UserFactory

    orders = set()
    for _ in range(6):
        attempt = attempt_start(user=UserFactory(), assessment=assessment)
        slots = list(
            attempt.answers.order_by("slot").values_list("question_version_id", "option_order")
        )
        orders.add(repr(slots))
        assert (
            attempt.answers.get(slot=1).option_order
            == Answer.objects.get(pk=attempt.answers.get(slot=1).pk).option_order
        )
    assert len(orders) > 1  # 6 attempts of 5 shuffled questions: all equal has odds of 1 in 10^8


def test_editing_a_used_question_makes_a_new_version_and_the_old_attempt_keeps_its_own(
    learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    answer = attempt.answers.select_related("question_version__question").get(
        question_version__qtype="single"
    )
    question = answer.question_version.question
    old_version = answer.question_version
    responses = right_responses(attempt)
    answer_save(
        attempt_id=attempt.pk, user=learner, slot=answer.slot, response=responses[answer.slot]
    )

    _question, outcome = question_update(
        question=question,
        qtype="single",
        text="改过的题干",
        payload={
            "options": [
                {"text": "新对", "fraction": 1.0, "feedback": ""},
                {"text": "新错", "fraction": 0.0, "feedback": ""},
            ]
        },
        name=question.name,
        competence=question.competence,
        difficulty=question.difficulty,
        language=question.language,
    )
    question.refresh_from_db()
    assert outcome == "new_version"
    assert question.current_version.number == old_version.number + 1
    answer.refresh_from_db()
    assert answer.question_version_id == old_version.pk
    result = attempt_submit(attempt_id=attempt.pk, user=learner)
    assert result.score >= 1  # still scored against the version it showed


def test_editing_a_question_nobody_has_seen_corrects_it_in_place(db):
    question = make_question("true_false")
    _question, outcome = question_update(
        question=question,
        qtype="true_false",
        text="新题干",
        payload=question.current_version.payload,
        name=question.name,
        competence=question.competence,
        difficulty=question.difficulty,
        language=question.language,
    )
    assert outcome == "edited" and question.versions.count() == 1


def test_per_competence_results_are_recorded(learner, db):
    assessment = AssessmentFactory()
    from tests.factories.quizzes import add_fixed

    add_fixed(
        assessment,
        [make_question("true_false", code="6.1"), make_question("true_false", code="6.2")],
    )
    attempt = attempt_start(user=learner, assessment=assessment)
    responses = right_responses(attempt)
    right_slot = attempt.answers.get(competence__code="6.1").slot
    answer_save(
        attempt_id=attempt.pk, user=learner, slot=right_slot, response=responses[right_slot]
    )
    result = attempt_submit(attempt_id=attempt.pk, user=learner)
    by_code = {item["code"]: item["percent"] for item in result.competences}
    assert by_code == {"6.1": "100.00", "6.2": "0.00"}
    assert Result.objects.count() == 1
