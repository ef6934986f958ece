"""Item analysis: one full recomputation of a test of 50 questions after 10,000 finished attempts
(500,000 answers; 1,000 × 20 with `--quick`), as the background task runs it.

Subject: quizzes.services.analysis's request + execute (load the answers in a few queries, the
numpy statistics, the flags, the stored rows). Baseline, "bare read of the scores": the cheapest
honest look at the same data, one query reading every answer's score into a list, so the ratio
says what the statistics and storage cost on top of merely reading the answers.

The data is written with bulk inserts (demo.item_analysis.simulate_finished_attempts, scored by
quizzes.selectors.analysis.choice_points like a real submit). Peak memory is traced with
tracemalloc in a separate call, so tracing does not distort the times. The query count grows
with the questions (a progress update per ten, deleting the oldest kept run), never with the
attempts. Measured once (SQLite, a shared loaded machine): 24.8 s against a 5.4 s bare read
(4.6x), peak 209 MB against 81 MB, 25 queries; writing the data took 8 minutes."""

from __future__ import annotations

import time
import tracemalloc
from decimal import Decimal

from bench.harness import BenchmarkError, Context, Result

FULL = (10_000, 50)
QUICK = (1_000, 20)
USERS = 100


def _build(attempts: int, questions: int):
    from django.contrib.auth import get_user_model

    from demo.item_analysis import simulate_finished_attempts
    from quizzes.models import Assessment, AssessmentQuestion, Competence
    from quizzes.services import question_create

    competence = Competence.objects.get(code="6.1")
    assessment = Assessment.objects.create(
        title="题目分析基准", slug="bench-item-analysis", attempts_allowed=None, is_published=True
    )
    payload = {
        "options": [
            {"text": text, "fraction": 1.0 if i == 0 else 0.0, "feedback": ""}
            for i, text in enumerate(["甲", "乙", "丙", "丁"])
        ]
    }
    difficulty, wrong_key = {}, set()
    for position in range(questions):
        question = question_create(
            competence=competence,
            qtype="single",
            name=f"基准题 {position + 1}",
            text=f"基准题 {position + 1}",
            payload=payload,
            is_active=False,
        )
        AssessmentQuestion.objects.create(
            assessment=assessment, question=question, points=Decimal(1), sort_order=position
        )
        difficulty[question.current_version_id] = -2 + 4 * position / max(questions - 1, 1)
        if position == questions // 2:
            wrong_key.add(question.current_version_id)
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"bench-ia-{i}", password="!") for i in range(USERS)], batch_size=1000
    )
    users = list(User.objects.filter(username__startswith="bench-ia-").order_by("pk"))
    started = time.perf_counter()
    answers = simulate_finished_attempts(
        assessment=assessment,
        users=users,
        count=attempts,
        seed=17,
        difficulty=difficulty,
        wrong_key=wrong_key,
        batch_size=1000,
    )
    return assessment, answers, time.perf_counter() - started, wrong_key


def run(ctx: Context) -> list[Result]:
    from quizzes.analysis.flags import LIKELY_WRONG_KEY
    from quizzes.models import Answer, Attempt, ItemAnalysisRun
    from quizzes.services.analysis import item_analysis_execute, item_analysis_request

    attempts, questions = QUICK if ctx.quick else FULL
    assessment, answers, load_seconds, wrong_key = _build(attempts, questions)

    def analyse():
        run = item_analysis_request(assessment=assessment)
        item_analysis_execute(run_id=run.pk)
        return run

    def bare_read():
        return list(
            Answer.objects.filter(
                attempt__assessment=assessment, attempt__status__in=Attempt.FINISHED
            ).values_list("score", flat=True)
        )

    repeat = 3 if ctx.quick else 5
    subject, baseline = ctx.paired_samples(analyse, bare_read, repeat=repeat, warmup=1)
    queries = ctx.count_queries(analyse)
    baseline_queries = ctx.count_queries(bare_read)
    tracemalloc.start()
    analyse()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    bare_read()
    _current, baseline_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    latest = ItemAnalysisRun.objects.filter(
        assessment=assessment, status=ItemAnalysisRun.Status.SUCCEEDED
    ).first()
    if latest is None or latest.attempts != attempts or latest.items.count() != questions:
        raise BenchmarkError("The item analysis did not cover every attempt and question.")
    flagged = latest.items.filter(question_version_id__in=wrong_key).first()
    if flagged is None or LIKELY_WRONG_KEY not in flagged.flags:
        raise BenchmarkError("The planted wrong key was not flagged.")
    import statistics

    return [
        Result(
            name=f"item analysis {attempts:,} attempts × {questions} questions",
            subject_seconds=statistics.median(subject),
            baseline_name="bare read of the scores",
            baseline_seconds=statistics.median(baseline),
            queries=queries,
            baseline_queries=baseline_queries,
            extra={
                "answers": answers,
                "repeat": repeat,
                "peak_mb": peak / 2**20,
                "baseline_peak_mb": baseline_peak / 2**20,
                "memory_ratio": peak / baseline_peak if baseline_peak else 0.0,
                "load_s": load_seconds,
            },
        )
    ]
