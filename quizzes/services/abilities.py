"""Writes for learners' abilities (quizzes.models.AbilityEstimate) and item calibration runs.

A learner's ability in a competence is the EAP estimate (quizzes.irt.estimate.eap) from their
latest scored answer to each question version of that competence, using the versions' calibrated
parameters (settings.IRT_ABILITY_MODEL). With fewer than IRT_MIN_CALIBRATED_ANSWERS answers to
calibrated versions, the estimate says "percent": the level keeps coming from test percentages
(quizzes.services.competency) and the profile says so."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..irt.calibrate import (
    ability_model,
    calibrate_bank,
    latest_responses,
    min_calibrated_answers,
    scored_answers,
)
from ..irt.estimate import eap
from ..models import (
    AbilityEstimate,
    AbilityMethod,
    CalibrationRun,
    Competence,
    ItemParameter,
)

logger = logging.getLogger(__name__)


def abilities_estimate(
    *, competence_ids, user_ids=None, now: datetime | None = None
) -> dict[str, int]:
    """Estimate (again) the abilities in these competences, for these learners or (None) for
    everyone who answered; replaces their AbilityEstimate rows in one transaction. Returns how
    many estimates of each method were written."""
    now = now or timezone.now()
    competence_ids = list(competence_ids)
    filters = {"competence_id__in": competence_ids}
    if user_ids is not None:
        filters["attempt__user_id__in"] = list(user_ids)
    rows = scored_answers(**filters).values_list(
        "attempt__user_id",
        "competence_id",
        "question_version_id",
        "counted",
        "points",
        "attempt__finished_at",
        "pk",
    )
    # Keyed by (user, competence) so that a version re-filed under another competence counts
    # where it was answered; the latest answer per version wins.
    grouped: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for user_id, competence_id, version_id, score, points, finished_at, pk in rows.iterator(
        chunk_size=5000
    ):
        grouped[(user_id, competence_id)].append(
            (competence_id, version_id, score, points, finished_at, pk)
        )
    version_ids = {row[1] for answers in grouped.values() for row in answers}
    parameters = {
        version_id: (a, b)
        for version_id, a, b in ItemParameter.objects.filter(
            model=ability_model(), question_version_id__in=version_ids
        ).values_list("question_version_id", "discrimination", "difficulty")
    }
    minimum = min_calibrated_answers()
    estimates = []
    counts = {AbilityMethod.IRT: 0, AbilityMethod.PERCENT: 0}
    for (user_id, competence_id), answers in grouped.items():
        responses = latest_responses(answers)
        calibrated = [
            (right, *parameters[version_id])
            for (_competence, version_id), right in responses.items()
            if version_id in parameters
        ]
        estimate = AbilityEstimate(
            user_id=user_id,
            competence_id=competence_id,
            items=len(calibrated),
            responses=len(responses),
            estimated_at=now,
        )
        if len(calibrated) >= minimum:
            ability = eap(
                [row[0] for row in calibrated],
                [row[1] for row in calibrated],
                [row[2] for row in calibrated],
            )
            estimate.method, estimate.theta, estimate.se = (
                AbilityMethod.IRT,
                ability.theta,
                ability.se,
            )
        else:
            estimate.method = AbilityMethod.PERCENT
        counts[estimate.method] += 1
        estimates.append(estimate)
    with transaction.atomic():
        stale = AbilityEstimate.objects.filter(competence_id__in=competence_ids)
        if user_ids is not None:
            stale = stale.filter(user_id__in=list(user_ids))
        stale.delete()
        AbilityEstimate.objects.bulk_create(estimates, batch_size=1000)
    return {str(method): count for method, count in counts.items()}


def learner_abilities_queue(*, user_id: int, competence_ids) -> None:
    """After an attempt finishes (passed or not): queue the learner's estimate in the
    competences it covered, once the attempt's transaction has committed."""
    from ..tasks import estimate_learner_abilities

    competence_ids = sorted(set(competence_ids))
    if competence_ids:
        transaction.on_commit(
            lambda: estimate_learner_abilities.enqueue(
                user_id=user_id, competence_ids=competence_ids
            )
        )


def calibration_start(
    *, user=None, now: datetime | None = None, queue: bool = True
) -> CalibrationRun:
    """Record a calibration of the bank and queue its task (the admin button); the daily job,
    already in the worker, records it with queue=False and runs it itself."""
    from ..tasks import run_calibration

    # Not audited: a calibration changes no one's record by hand, and the run itself (who, when,
    # what it fitted) is kept as its own row.
    run = CalibrationRun.objects.create(created_by=user, created_at=now or timezone.now())
    if queue:
        transaction.on_commit(lambda: run_calibration.enqueue(run_id=run.pk))
    return run


def calibration_execute(*, run_id: int, now: datetime | None = None) -> CalibrationRun | None:
    """Run a queued calibration (the task worker): every area, then everyone's abilities in the
    competences of the calibrated areas. A finished run is not run again."""
    run = CalibrationRun.objects.filter(pk=run_id).first()
    if run is None or run.is_finished:
        return run
    runs = CalibrationRun.objects.filter(pk=run_id)
    runs.update(status=CalibrationRun.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        runs.update(areas_done=done, areas_total=total)

    try:
        report = calibrate_bank(progress=progress, now=now)
        area_ids = [item["area"] for item in report["areas"]]
        competence_ids = list(
            Competence.objects.filter(area_id__in=area_ids).values_list("pk", flat=True)
        )
        report["abilities"] = abilities_estimate(competence_ids=competence_ids, now=now)
    except Exception as error:  # The run must say it failed; the worker logs it too.
        runs.update(
            status=CalibrationRun.Status.FAILED,
            report={"error": str(error)[:500]},
            finished_at=timezone.now(),
        )
        raise
    runs.update(status=CalibrationRun.Status.SUCCEEDED, report=report, finished_at=timezone.now())
    run.refresh_from_db()
    return run
