"""Property-based test of the attempt state machine: random sequences of save, submit and expire
at random (server) times. Only legal transitions happen, a finished attempt never changes, and the
score always equals what the stored answers give."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.models import Answer, Attempt, Result
from quizzes.selectors import attempt_score
from quizzes.services import (
    AttemptError,
    answer_save,
    attempt_expire,
    attempt_start,
    attempt_submit,
)
from tests.factories.people import UserFactory

from .conftest import right_responses

TIME_LIMIT = timedelta(minutes=10)

operation = st.one_of(
    st.tuples(st.just("save"), st.integers(1, 5), st.integers(0, 9), st.integers(0, 400)),
    st.tuples(st.just("submit"), st.just(0), st.just(0), st.integers(0, 400)),
    st.tuples(st.just("expire"), st.just(0), st.just(0), st.integers(0, 400)),
)


class Rollback(Exception):
    pass


def candidates(answer) -> list:
    """Responses a learner could give to this slot: right, cleared, and each option alone."""
    version = answer.question_version
    payload = version.payload
    out = [None]
    if "options" in payload:
        ids = [o["id"] for o in payload["options"]]
        key = "choices" if version.qtype == "multiple" else "choice"
        out += [{key: [i] if key == "choices" else i} for i in ids]
        if key == "choices":
            out.append({"choices": ids})
    elif version.qtype == "fill_in":
        out += [{"text": a["text"]} for a in payload["answers"] if not a.get("regex")] + [
            {"text": "不知道"}
        ]
    else:
        rights = [p["right"] for p in payload["pairs"]]
        out += [{"matches": {"0": rights[0]}}, {"matches": {"0": rights[-1], "1": rights[0]}}]
    return out


def snapshot(attempt_id):
    return (
        list(
            Answer.objects.filter(attempt_id=attempt_id)
            .order_by("slot")
            .values_list("slot", "response", "revision", "score")
        ),
        list(Result.objects.filter(attempt_id=attempt_id).values_list("pk", "score", "passed")),
        Attempt.objects.filter(pk=attempt_id).values_list("status", "finished_at").get(),
    )


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=st.lists(operation, min_size=1, max_size=12))
def test_random_operation_sequences_keep_the_attempt_rules(assessment, operations):
    assessment.time_limit_minutes = 10
    assessment.save()
    try:
        with transaction.atomic():
            run_sequence(assessment, operations)
            raise Rollback
    except Rollback:
        pass


def run_sequence(assessment, operations):
    learner = UserFactory()
    start = timezone.now()
    attempt = attempt_start(user=learner, assessment=assessment, now=start)
    assert attempt.deadline == start + TIME_LIMIT
    answers = {a.slot: a for a in attempt.answers.select_related("question_version")}
    right = right_responses(attempt)
    now = start
    for kind, slot, choice, step in operations:
        now += timedelta(seconds=step)
        before = snapshot(attempt.pk)
        status_before = before[2][0]
        finished_before = status_before != Attempt.Status.IN_PROGRESS
        late = now >= attempt.deadline
        if kind == "save":
            options = [*candidates(answers[slot]), right[slot]]
            response = options[choice % len(options)]
            try:
                saved = answer_save(
                    attempt_id=attempt.pk, user=learner, slot=slot, response=response, now=now
                )
            except AttemptError as error:
                assert finished_before or late
                assert error.code == ("finished" if finished_before else "deadline")
                assert snapshot(attempt.pk) == before
            else:
                assert not finished_before and not late
                stored = Answer.objects.get(pk=saved.pk)
                assert stored.revision == saved.revision
                assert stored.response == saved.response
        elif kind == "submit":
            result = attempt_submit(attempt_id=attempt.pk, user=learner, now=now)
            if finished_before:
                assert snapshot(attempt.pk) == before
            else:
                expected = Attempt.Status.EXPIRED if late else Attempt.Status.SUBMITTED
                assert Attempt.objects.get(pk=attempt.pk).status == expected
            assert result.attempt_id == attempt.pk
        else:
            result = attempt_expire(attempt_id=attempt.pk, now=now)
            if finished_before or not late:
                assert snapshot(attempt.pk) == before
                assert (result is None) == (not finished_before)
            else:
                assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.EXPIRED
        # Only legal transitions: from in progress to a finished state, never back or sideways.
        status_after = Attempt.objects.get(pk=attempt.pk).status
        assert status_after == status_before or status_before == Attempt.Status.IN_PROGRESS
    final = Attempt.objects.get(pk=attempt.pk)
    assert Result.objects.filter(attempt=final).count() == (1 if final.is_finished else 0)
    if final.is_finished:
        recomputed = attempt_score(attempt=final)
        assert final.result.score == recomputed["score"]
        assert final.result.percent == recomputed["percent"]
        assert sum(a.score for a in final.answers.all()) == final.result.score


def test_the_database_refuses_to_change_a_finished_attempt_or_its_answers(learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    for change in (
        lambda: Answer.objects.filter(attempt=attempt).update(response={"choice": "x"}),
        lambda: Attempt.objects.filter(pk=attempt.pk).update(
            status=Attempt.Status.IN_PROGRESS, finished_at=None
        ),
        lambda: Result.objects.filter(attempt=attempt).update(score=99),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert Result.objects.get(attempt=attempt).score == 0
