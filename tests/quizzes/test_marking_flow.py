"""Expert marking end to end: nothing is credited before the marks are final, then exactly once;
single and double marking, the third marker, moderation."""

from decimal import Decimal

import pytest

from quizzes.models import (
    Attempt,
    CompetenceLevelRecord,
    MarkedAnswer,
    MarkingTask,
    MarkingWait,
    Result,
)
from quizzes.services import answer_save, attempt_start, attempt_submit
from quizzes.services.marking import (
    MarkingError,
    attempt_result_if_marked,
    final_mark,
    marking_moderate,
    marking_reassign,
    marking_task_save,
    rubric_points,
)
from quizzes.signals import assessment_passed
from tests.factories.marking import essay_assessment, essay_payload


def _take(user, assessment, *, essay="我的分析……", right=True):
    attempt = attempt_start(user=user, assessment=assessment)
    for answer in attempt.answers.select_related("question_version"):
        version = answer.question_version
        if version.qtype == "essay":
            response = {"text": essay}
        else:
            best = max(version.payload["options"], key=lambda o: o["fraction"])
            worst = min(version.payload["options"], key=lambda o: o["fraction"])
            response = {"choice": (best if right else worst)["id"]}
        answer_save(attempt_id=attempt.pk, user=user, slot=answer.slot, response=response)
    return attempt


def _task(attempt, role=1) -> MarkingTask:
    return MarkingTask.objects.get(marked_answer__attempt=attempt, role=role)


def _mark(task, levels, **kwargs):
    return marking_task_save(
        task_id=task.pk, user=task.marker, levels=levels, submit=True, **kwargs
    )


@pytest.fixture
def passed_signals():
    sent = []

    def receiver(sender, result, **kwargs):
        sent.append(result.pk)

    assessment_passed.connect(receiver, dispatch_uid="test_marking_passed")
    yield sent
    assessment_passed.disconnect(dispatch_uid="test_marking_passed")


def test_rubric_points_are_the_chosen_levels_share_of_the_question_points():
    payload = essay_payload()
    # 2 of 4 and 6 of 6: 8 of the rubric's 10 → 8 of 10 points; on a 5-point slot, 4.
    levels = {"c1": "c1b", "c2": "c2b"}
    assert rubric_points(payload=payload, levels=levels, points=Decimal(10)) == Decimal(8)
    assert rubric_points(payload=payload, levels=levels, points=Decimal(5)) == Decimal(4)
    with pytest.raises(MarkingError):
        rubric_points(payload=payload, levels={"c1": "c1b"}, points=Decimal(10))


def test_final_mark_rule_mean_within_margin_third_when_apart_closest_pair_of_three():
    assert final_mark(scores=[Decimal(6)], margin=Decimal(1)) == (Decimal(6), "single")
    assert final_mark(scores=[Decimal(6), Decimal(7)], margin=Decimal(1)) == (
        Decimal("6.5"),
        "mean",
    )
    assert final_mark(scores=[Decimal(2), Decimal(8)], margin=Decimal(1))[0] is None
    assert final_mark(scores=[Decimal(2), Decimal(8), Decimal(7)], margin=Decimal(1)) == (
        Decimal("7.5"),
        "closest",
    )
    # A tie between pairs goes to the pair with the third marker's mark.
    assert final_mark(scores=[Decimal(2), Decimal(8), Decimal(5)], margin=Decimal(1)) == (
        Decimal("3.5"),
        "closest",
    )


def test_an_essay_test_finishes_but_credits_nothing_until_marked_then_exactly_once(
    learner, passed_signals, django_capture_on_commit_callbacks
):
    assessment = essay_assessment(certifies_level=2)
    attempt = _take(learner, assessment)
    with django_capture_on_commit_callbacks(execute=True):
        assert attempt_submit(attempt_id=attempt.pk, user=learner) is None
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    wait = MarkingWait.objects.get(attempt=attempt)
    assert wait.finalised_at is None and wait.due_at > attempt.finished_at
    assert not Result.objects.filter(attempt=attempt).exists()
    assert not CompetenceLevelRecord.objects.filter(user=learner).exists()
    assert passed_signals == []
    # Submitting again changes nothing.
    assert attempt_submit(attempt_id=attempt.pk, user=learner) is None
    task = _task(attempt)
    assert task.marker in assessment.marker_users and task.marker != learner
    marking_task_save(task_id=task.pk, user=task.marker, levels={"c1": "c1c"})  # a draft
    assert not Result.objects.filter(attempt=attempt).exists()
    with django_capture_on_commit_callbacks(execute=True):
        _mark(task, {"c1": "c1c", "c2": "c2b"})
    result = Result.objects.get(attempt=attempt)
    assert (result.score, result.max_score, result.passed) == (Decimal(11), Decimal(11), True)
    assert passed_signals == [result.pk]
    assert CompetenceLevelRecord.objects.filter(user=learner, attempt=attempt).exists()
    # The last mark landing twice (a retried task) records nothing more.
    assert attempt_result_if_marked(attempt_id=attempt.pk) == result
    assert Result.objects.filter(attempt=attempt).count() == 1
    assert passed_signals == [result.pk]


def test_a_submitted_mark_cannot_change(learner):
    assessment = essay_assessment()
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    task = _task(attempt)
    _mark(task, {"c1": "c1a", "c2": "c2a"})
    with pytest.raises(MarkingError) as caught:
        _mark(task, {"c1": "c1c", "c2": "c2b"})
    assert caught.value.code in {"submitted", "final"}
    assert Result.objects.get(attempt=attempt).score == Decimal(1)


def test_a_blank_essay_needs_no_marking_and_the_result_is_immediate(learner):
    assessment = essay_assessment()
    attempt = _take(learner, assessment, essay="")
    result = attempt_submit(attempt_id=attempt.pk, user=learner)
    assert result is not None and result.score == Decimal(1)
    assert not MarkingWait.objects.filter(attempt=attempt).exists()


def test_without_a_rubric_the_marker_gives_points_within_the_slot(learner):
    assessment = essay_assessment(rubric=False)
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    task = _task(attempt)
    for bad in ("11", "-1", "abc", "NaN"):
        with pytest.raises(MarkingError):
            marking_task_save(task_id=task.pk, user=task.marker, points=bad, submit=True)
    marking_task_save(task_id=task.pk, user=task.marker, points="7.5", submit=True)
    assert Result.objects.get(attempt=attempt).score == Decimal("8.5")


def test_double_marking_takes_two_independent_markers_and_their_mean(learner):
    assessment = essay_assessment(double_marking=True, marking_margin=Decimal(20))
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    first, second = _task(attempt, 1), _task(attempt, 2)
    assert {first.marker, second.marker} == set(assessment.marker_users)
    _mark(first, {"c1": "c1c", "c2": "c2b"})  # 10
    assert not Result.objects.filter(attempt=attempt).exists()
    _mark(second, {"c1": "c1b", "c2": "c2b"})  # 8: within 20% of 10 points
    marked = MarkedAnswer.objects.get(attempt=attempt)
    assert (marked.status, marked.score, marked.method) == ("final", Decimal(9), "mean")
    assert Result.objects.get(attempt=attempt).score == Decimal(10)


def test_two_marks_beyond_the_margin_bring_a_third_marker(learner):
    assessment = essay_assessment(markers=3, double_marking=True, marking_margin=Decimal(10))
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    _mark(_task(attempt, 1), {"c1": "c1c", "c2": "c2b"})  # 10
    _mark(_task(attempt, 2), {"c1": "c1b", "c2": "c2a"})  # 2
    marked = MarkedAnswer.objects.get(attempt=attempt)
    assert marked.status == "third"
    third = _task(attempt, 3)
    assert third.marker not in {_task(attempt, 1).marker, _task(attempt, 2).marker, learner}
    assert not Result.objects.filter(attempt=attempt).exists()
    _mark(third, {"c1": "c1c", "c2": "c2b"})  # 10: closest to the first
    marked.refresh_from_db()
    assert (marked.score, marked.method) == (Decimal(10), "closest")
    assert Result.objects.get(attempt=attempt).score == Decimal(11)


def test_a_marker_never_marks_their_own_attempt(db):
    assessment = essay_assessment(markers=2)
    marker = assessment.marker_users[0]
    attempt = _take(marker, assessment)
    attempt_submit(attempt_id=attempt.pk, user=marker)
    assert _task(attempt).marker == assessment.marker_users[1]


def test_assignment_balances_the_workload(db):
    from tests.factories import UserFactory

    assessment = essay_assessment(markers=2)
    for _n in range(4):
        learner = UserFactory()
        attempt_submit(attempt_id=_take(learner, assessment).pk, user=learner)
    loads = [
        MarkingTask.objects.filter(marker=marker).count() for marker in assessment.marker_users
    ]
    assert loads == [2, 2]


def test_the_lead_marker_moderates_with_a_reason_others_cannot(learner):
    assessment = essay_assessment(leads=1)
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    marked = MarkedAnswer.objects.get(attempt=attempt)
    lead = assessment.lead_users[0]
    with pytest.raises(MarkingError) as caught:
        marking_moderate(marked_id=marked.pk, user=assessment.marker_users[0], points=5, reason="x")
    assert caught.value.code == "forbidden"
    with pytest.raises(MarkingError):
        marking_moderate(marked_id=marked.pk, user=lead, points=5, reason=" ")
    marking_moderate(marked_id=marked.pk, user=lead, points="6", reason="两位评分差异过大")
    marked.refresh_from_db()
    assert (marked.score, marked.method, marked.moderated_by) == (Decimal(6), "moderated", lead)
    assert Result.objects.get(attempt=attempt).score == Decimal(7)
    # The unsubmitted task of that answer can no longer be submitted.
    with pytest.raises(MarkingError):
        _mark(_task(attempt), {"c1": "c1a", "c2": "c2a"})


def test_reassignment_stays_in_the_pool_and_never_to_the_learner(learner):
    assessment = essay_assessment(markers=2, leads=1, double_marking=False)
    assessment.markers.add(learner)
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    task = _task(attempt)
    other = next(m for m in assessment.marker_users if m != task.marker)
    lead = assessment.lead_users[0]
    with pytest.raises(MarkingError):
        marking_reassign(task_id=task.pk, user=lead, marker_id=learner.pk)
    marking_reassign(task_id=task.pk, user=lead, marker_id=other.pk)
    assert _task(attempt).marker == other


def test_every_mark_and_change_is_audited(learner):
    from trust.models import AuditEvent

    assessment = essay_assessment(leads=1)
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    task = _task(attempt)
    marking_task_save(task_id=task.pk, user=task.marker, levels={"c1": "c1b"})
    _mark(task, {"c1": "c1b", "c2": "c2b"})
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "marking_assigned",
        "mark_draft_saved",
        "mark_submitted",
        "mark_final",
        "marking_result_recorded",
    } <= actions


def test_the_database_refuses_a_second_result_for_one_attempt(learner):
    from django.db import IntegrityError
    from django.utils import timezone

    from quizzes.services.attempts import result_record
    from quizzes.services.marking import attempt_marked_score

    assessment = essay_assessment()
    attempt = _take(learner, assessment)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    _mark(_task(attempt), {"c1": "c1c", "c2": "c2b"})
    attempt.refresh_from_db()
    with pytest.raises(IntegrityError):
        result_record(
            attempt=attempt, scored=attempt_marked_score(attempt=attempt), now=timezone.now()
        )
    assert Result.objects.filter(attempt=attempt).count() == 1
