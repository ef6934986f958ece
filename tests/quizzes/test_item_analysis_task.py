"""Item analysis end to end: "Recompute" queues the background task (nothing is computed in the
request), the worker stores the run and its questions, essays awaiting marking count as missing,
a second request joins the queued one, a retried task does nothing, and the nightly sweep queues
only tests whose finished attempts changed."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Answer, ItemAnalysisRun, QuestionType
from quizzes.services import question_create
from quizzes.services.analysis import (
    item_analysis_execute,
    item_analysis_request,
    item_analysis_request_due,
)
from tests.factories.quizzes import competence

from .item_analysis_data import choice_test, simulate


def test_recompute_queues_the_task_and_the_worker_stores_the_analysis(admin_client, run_tasks):
    assessment, versions = choice_test(3)
    simulate(assessment, count=40)
    url = reverse("quizzes_item_analysis_recompute", args=[assessment.pk])
    with run_tasks():
        reply = admin_client.post(url)
        assert reply.status_code == 302
        run = ItemAnalysisRun.objects.get(assessment=assessment)
        assert run.status == ItemAnalysisRun.Status.QUEUED and not run.items.exists()
    run.refresh_from_db()
    assert run.status == ItemAnalysisRun.Status.SUCCEEDED
    assert (run.attempts, run.items_done, run.items_total) == (40, 3, 3)
    assert run.alpha is not None and run.reliability_items == 3
    assert [i.question_version_id for i in run.items.order_by("position")] == [
        v.pk for v in versions
    ]
    assert run.requested_by is not None and run.trigger == ItemAnalysisRun.Trigger.MANUAL
    page = admin_client.get(reverse("quizzes_item_analysis", args=[assessment.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('data-version="') == 3


def test_a_second_request_joins_the_queued_one_and_a_retried_task_does_nothing(db):
    assessment, _versions = choice_test(2)
    simulate(assessment, count=10)
    first = item_analysis_request(assessment=assessment)
    assert item_analysis_request(assessment=assessment).pk == first.pk
    item_analysis_execute(run_id=first.pk)
    item_analysis_execute(run_id=first.pk)  # the worker retried it
    assert first.items.count() == 2
    assert item_analysis_request(assessment=assessment).pk != first.pk


def test_an_essay_awaiting_marking_is_missing_not_zero(db):
    assessment, _versions = choice_test(2)
    simulate(assessment, count=4)
    essay = question_create(
        competence=competence("6.1"),
        qtype=QuestionType.ESSAY,
        name="论述题",
        text="请论述数字政府建设的意义。",
        payload={
            "material": "",
            "word_limit": 0,
            "allow_file": False,
            "rubric": [],
            "marker_guide": "",
        },
    )
    essay_answers = []
    for number, attempt in enumerate(assessment.attempts.order_by("pk")):
        essay_answers.append(
            Answer(
                attempt=attempt,
                slot=99,
                question_version=essay.current_version,
                competence=essay.competence,
                points=Decimal(10),
                response={"text": "答案"},
                # Two marked (8 and 4 of 10), two awaiting marking.
                score=[Decimal(8), Decimal(4), None, None][number],
            )
        )
    Answer.objects.bulk_create(essay_answers)
    run = item_analysis_request(assessment=assessment)
    item_analysis_execute(run_id=run.pk)
    run.refresh_from_db()
    item = run.items.get(question_version=essay.current_version)
    assert (item.responses, item.unmarked) == (2, 2)
    assert item.facility == pytest.approx(0.6)  # (0.8 + 0.4) / 2, not (0.8 + 0.4 + 0 + 0) / 4
    assert item.distractors == {}
    assert run.unmarked_answers == 2
    # Nothing changed: the nightly sweep leaves it. An essay marked since: it recomputes.
    assert item_analysis_request_due() == 0
    waiting = Answer.objects.filter(question_version=essay.current_version, score=None).first()
    marked = Answer(
        attempt_id=waiting.attempt_id,
        slot=waiting.slot,
        question_version=waiting.question_version,
        competence=waiting.competence,
        points=waiting.points,
        response=waiting.response,
        score=Decimal(6),
    )
    waiting.delete()  # finished answers cannot be updated in place (database triggers)
    marked.save()
    assert item_analysis_request_due() == 1


def test_the_nightly_sweep_queues_only_tests_whose_attempts_changed(db):
    changed, _ = choice_test(2)
    unchanged, _ = choice_test(2)
    never, _ = choice_test(2)  # nobody finished it: nothing to analyse
    simulate(changed, count=5)
    simulate(unchanged, count=5)
    for assessment in (changed, unchanged):
        run = item_analysis_request(assessment=assessment)
        item_analysis_execute(run_id=run.pk)
    simulate(changed, count=3, seed=8)
    assert item_analysis_request_due(now=timezone.now()) == 1
    queued = ItemAnalysisRun.objects.get(status=ItemAnalysisRun.Status.QUEUED)
    assert queued.assessment == changed and queued.trigger == ItemAnalysisRun.Trigger.NIGHTLY
    assert not ItemAnalysisRun.objects.filter(assessment=never).exists()
    # Already queued: the next sweep joins it rather than queueing another.
    item_analysis_request_due(now=timezone.now())
    assert ItemAnalysisRun.objects.filter(status=ItemAnalysisRun.Status.QUEUED).count() == 1


def test_the_sweep_is_a_daily_job(settings):
    assert (
        settings.DAILY_JOBS["item_analysis"][0] == "quizzes.tasks.recompute_changed_item_analyses"
    )
