"""Calibrated levels (issue 17): what an ability estimate costs next to today's percentages, and
how long calibrating a large bank takes.

Ability estimate per learner. Subject: `abilities_estimate` for one learner in one competence —
read their scored answers of every finished attempt, the calibrated parameters, the EAP estimate
and its standard error, and replace their one AbilityEstimate row (what the task queued after each
finished attempt does). Baseline, "today's percentage computation": `attempt_score` of the same
learner's latest attempt (the per-competence percentages the level records come from). Timed in
alternation (paired samples). The learner has 5 finished attempts of 40 calibrated questions.

Calibration. Subject: `calibrate_area` for one area holding 200 calibrated question versions
answered by 5,000 learners, 40 each (drawn tests, so each version has about 1,000 answers and
each learner misses 160: missing, not wrong), both models (Rasch and 2PL) fitted and 400
parameter rows replaced. Baseline: reading the same responses (the response matrix's query and
the latest-answer rule) without fitting, so the ratio is the fitting's cost over the reading.
`--quick`: 50 versions × 1,000 learners."""

from __future__ import annotations

import statistics
import time

import numpy as np

from bench.harness import BenchmarkError, Context, Result


def _bank(items: int, code: str):
    from tests.factories.quizzes import AssessmentFactory, add_fixed, make_question

    questions = [make_question("single", code=code) for _ in range(items)]
    return questions, add_fixed(AssessmentFactory(), questions)


def _ability_row(ctx: Context) -> Result:
    from django.utils import timezone

    from quizzes.models import Attempt, ItemParameter
    from quizzes.selectors import attempt_score
    from quizzes.services import abilities_estimate
    from tests.factories.irt import bulk_finished_attempts, bulk_learners

    questions, assessment = _bank(40, "6.3")
    now = timezone.now()
    rng = np.random.default_rng(3)
    ItemParameter.objects.bulk_create(
        ItemParameter(
            question_version_id=question.current_version_id,
            model=model,
            discrimination=float(rng.uniform(0.7, 2.0)),
            difficulty=float(rng.normal()),
            responses=500,
            calibrated_at=now,
        )
        for question in questions
        for model in ("rasch", "2pl")
    )
    (learner,) = bulk_learners(1)
    for _ in range(5):
        data = (rng.random((1, len(questions))) < 0.6).astype(float)
        bulk_finished_attempts(
            assessment=assessment, questions=questions, users=[learner], data=data
        )
    latest = Attempt.objects.filter(user=learner).order_by("-number").first()
    competence_id = questions[0].competence_id

    def subject():
        counts = abilities_estimate(competence_ids=[competence_id], user_ids=[learner.pk])
        if counts["irt"] != 1:
            raise BenchmarkError(f"The learner's ability was not estimated from IRT: {counts}")

    def baseline():
        attempt_score(attempt=latest)

    repeat = 15 if ctx.quick else 60
    subject_samples, baseline_samples = ctx.paired_samples(
        subject, baseline, repeat=repeat, warmup=3
    )
    return Result(
        name="ability estimate, one learner (EAP, 200 answers)",
        subject_seconds=statistics.median(subject_samples),
        baseline_name="per-competence percentages of one attempt",
        baseline_seconds=statistics.median(baseline_samples),
        queries=ctx.count_queries(subject),
        baseline_queries=ctx.count_queries(baseline),
        extra={"repeat": repeat, "answers": 200},
    )


def _calibration_row(ctx: Context) -> Result:
    from django.test.utils import override_settings

    from quizzes.irt.calibrate import area_responses, calibrate_area
    from quizzes.models import ItemParameter
    from tests.factories.irt import bulk_finished_attempts, bulk_learners, simulate_matrix

    items, persons, shown = (50, 1000, 20) if ctx.quick else (200, 5000, 40)
    _a, _b, _theta, data = simulate_matrix(items=items, persons=persons, seed=17)
    rng = np.random.default_rng(17)
    for row in data:  # each learner sees `shown` versions drawn at random
        row[rng.permutation(items)[shown:]] = np.nan
    questions, assessment = _bank(items, "5.1")
    start = time.perf_counter()
    users = bulk_learners(persons)
    for begin in range(0, persons, 500):
        bulk_finished_attempts(
            assessment=assessment,
            questions=questions,
            users=users[begin : begin + 500],
            data=data[begin : begin + 500],
        )
    setup_seconds = time.perf_counter() - start
    area = questions[0].competence.area

    with override_settings(IRT_MIN_RESPONSES=50):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        baseline_seconds = ctx.median_seconds(lambda: area_responses(area.pk), repeat=3, warmup=1)
        baseline_queries = ctx.count_queries(lambda: area_responses(area.pk))
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            report = calibrate_area(area)
        subject_seconds = time.perf_counter() - start
    fitted = ItemParameter.objects.filter(
        question_version_id__in=[q.current_version_id for q in questions]
    ).count()
    if fitted < items * 2 * 0.9:
        raise BenchmarkError(f"Only {fitted} of {items * 2} parameter rows were calibrated.")
    return Result(
        name=f"calibrate an area ({items} versions × {persons} learners, Rasch + 2PL)",
        subject_seconds=subject_seconds,
        baseline_name="read the same responses",
        baseline_seconds=baseline_seconds,
        queries=len(captured.captured_queries),
        baseline_queries=baseline_queries,
        extra={
            "answers": int(np.sum(~np.isnan(data))),
            "parameter_rows": fitted,
            "setup_seconds": round(setup_seconds, 1),
            "rasch_rows": report["models"].get("rasch", {}).get("calibrated", 0),
            "two_pl_rows": report["models"].get("2pl", {}).get("calibrated", 0),
        },
    )


def run(ctx: Context) -> list[Result]:
    return [_ability_row(ctx), _calibration_row(ctx)]
