"""Item analysis runs: request one (the admin's "Recompute", or the nightly sweep), and execute it
for the task worker. The statistics are quizzes.analysis (pure numpy); this module loads the
finished attempts' answers in a few queries, stores the results and keeps the run's progress.

What counts: every Answer of a finished attempt (submitted or expired). A null score (an essay
not marked yet) is missing, never zero: the question's statistics leave that attempt out, and the
attempt's total is the sum of its known scores."""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import datetime

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Count, FloatField, Max, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from ..analysis import statistics
from ..analysis.flags import item_flags, thresholds
from ..models import (
    Answer,
    Assessment,
    Attempt,
    ItemAnalysisRun,
    ItemStatistic,
    QuestionType,
    QuestionVersion,
)
from ..selectors.marking import counted_score

CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE)
# Older runs beyond this many per test are deleted when a run succeeds.
RUNS_KEPT = 5
PROGRESS_EVERY = 10
_CHUNK = 5000


def item_analysis_request(
    *, assessment: Assessment, user=None, trigger: str = ItemAnalysisRun.Trigger.MANUAL, now=None
) -> ItemAnalysisRun:
    """Queue a recomputation of the test's item analysis (once committed). While one is queued
    or running, that one is returned instead: a second click never queues a second run."""
    from ..tasks import compute_item_analysis

    existing = _unfinished_run(assessment)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            run = ItemAnalysisRun.objects.create(
                assessment=assessment,
                requested_by=user,
                trigger=trigger,
                requested_at=now or timezone.now(),
                thresholds=asdict(thresholds()),
            )
    except IntegrityError:  # Someone else queued one between the check and the insert.
        return _unfinished_run(assessment)
    transaction.on_commit(lambda: compute_item_analysis.enqueue(run_id=run.pk))
    return run


def _unfinished_run(assessment: Assessment) -> ItemAnalysisRun | None:
    return ItemAnalysisRun.objects.filter(
        assessment=assessment, status__in=ItemAnalysisRun.UNFINISHED
    ).first()


def item_analysis_request_due(*, now: datetime | None = None) -> int:
    """The nightly sweep (DAILY_JOBS): queue an analysis of every test whose finished attempts
    changed since its last analysis (a newer finish, a different count, or essays marked since),
    which also covers a test that closed since. Returns how many were queued."""
    now = now or timezone.now()
    finished = Q(attempts__status__in=Attempt.FINISHED)
    tests = Assessment.objects.annotate(
        finished_count=Count("attempts", filter=finished),
        last_finish=Max("attempts__finished_at", filter=finished),
    ).filter(finished_count__gt=0)
    last_runs = {}
    for run in ItemAnalysisRun.objects.filter(status=ItemAnalysisRun.Status.SUCCEEDED).order_by(
        "assessment_id", "-requested_at", "-pk"
    ):
        last_runs.setdefault(run.assessment_id, run)
    # Tests whose last analysis left answers out for want of a mark: how many still wait now.
    waiting = [pk for pk, run in last_runs.items() if run.unmarked_answers]
    still_unmarked = dict(
        Answer.objects.filter(
            attempt__assessment_id__in=waiting, attempt__status__in=Attempt.FINISHED
        )
        .annotate(counted=counted_score())
        .filter(counted__isnull=True)
        .values_list("attempt__assessment_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    queued = 0
    for assessment in tests:
        last = last_runs.get(assessment.pk)
        if (
            last is not None
            and last.attempts == assessment.finished_count
            and last.last_finished_at is not None
            and assessment.last_finish <= last.last_finished_at
            and still_unmarked.get(assessment.pk, 0) >= last.unmarked_answers
        ):
            continue
        item_analysis_request(
            assessment=assessment, trigger=ItemAnalysisRun.Trigger.NIGHTLY, now=now
        )
        queued += 1
    return queued


def _load(assessment_id: int) -> dict:
    """The answers of the test's finished attempts as matrices (attempts × versions)."""
    answers = Answer.objects.filter(
        attempt__assessment_id=assessment_id, attempt__status__in=Attempt.FINISHED
    ).annotate(counted=counted_score())
    attempt_index: dict[int, int] = {}
    version_index: dict[int, int] = {}
    first_slot: dict[int, int] = {}
    rows, columns, scores, points = [], [], [], []
    # Floats straight from the database: no Decimal per answer on the way.
    for attempt_id, version_id, slot, score, worth in answers.values_list(
        "attempt_id",
        "question_version_id",
        "slot",
        Cast("counted", FloatField()),
        Cast("points", FloatField()),
    ).iterator(chunk_size=_CHUNK):
        row = attempt_index.setdefault(attempt_id, len(attempt_index))
        column = version_index.setdefault(version_id, len(version_index))
        if slot < first_slot.get(version_id, slot + 1):
            first_slot[version_id] = slot
        rows.append(row)
        columns.append(column)
        scores.append(math.nan if score is None else score)
        points.append(worth)
    shape = (len(attempt_index), len(version_index))
    score_matrix = np.full(shape, np.nan)
    share_matrix = np.full(shape, np.nan)
    present = np.zeros(shape, dtype=bool)
    if rows:
        r, c = np.asarray(rows), np.asarray(columns)
        s, p = np.asarray(scores), np.asarray(points)
        score_matrix[r, c] = s
        present[r, c] = True
        with np.errstate(invalid="ignore", divide="ignore"):
            share_matrix[r, c] = np.where(p > 0, s / p, np.nan)
    versions = QuestionVersion.objects.in_bulk(list(version_index))
    choice_ids = [pk for pk, v in versions.items() if v.qtype in CHOICE_TYPES]
    responses: dict[int, list] = {pk: [] for pk in choice_ids}
    single = [pk for pk in choice_ids if versions[pk].qtype != QuestionType.MULTIPLE]
    multiple = [pk for pk in choice_ids if versions[pk].qtype == QuestionType.MULTIPLE]
    if single:
        # The picked option's id read in the database, so no response is decoded in Python.
        for attempt_id, version_id, choice in (
            answers.filter(question_version_id__in=single)
            .values_list("attempt_id", "question_version_id", KT("response__choice"))
            .iterator(chunk_size=_CHUNK)
        ):
            responses[version_id].append((attempt_index[attempt_id], {"choice": choice}))
    if multiple:
        for attempt_id, version_id, response in (
            answers.filter(question_version_id__in=multiple)
            .values_list("attempt_id", "question_version_id", "response")
            .iterator(chunk_size=_CHUNK)
        ):
            responses[version_id].append((attempt_index[attempt_id], response))
    last = Attempt.objects.filter(
        assessment_id=assessment_id, status__in=Attempt.FINISHED
    ).aggregate(last=Max("finished_at"))["last"]
    return {
        "scores": score_matrix,
        "shares": share_matrix,
        "present": present,
        "versions": versions,
        "version_index": version_index,
        "first_slot": first_slot,
        "responses": responses,
        "last_finished_at": last,
    }


def _picked(qtype: str, response) -> set:
    if not isinstance(response, dict):
        return set()
    if qtype == QuestionType.MULTIPLE:
        choices = response.get("choices")
        return {str(c) for c in choices} if isinstance(choices, list) else set()
    choice = response.get("choice")
    return {str(choice)} if choice not in (None, "") else set()


def _distractor_table(version: QuestionVersion, answered: list, groups: np.ndarray) -> dict:
    """The distractor table of a choice question from (row, response) pairs of the attempts
    that have a score for it."""
    options = [o for o in version.payload.get("options", []) if isinstance(o, dict)]
    ids = [str(o.get("id")) for o in options]
    picks = np.zeros((len(answered), len(ids)), dtype=bool)
    rows = np.fromiter((row for row, _response in answered), dtype=np.int64, count=len(answered))
    position = {option_id: i for i, option_id in enumerate(ids)}
    if version.qtype == QuestionType.MULTIPLE:
        blank = np.zeros(len(answered), dtype=bool)
        for i, (_row, response) in enumerate(answered):
            chosen = _picked(version.qtype, response)
            blank[i] = not chosen
            for option_id in chosen:
                if option_id in position:
                    picks[i, position[option_id]] = True
    else:
        # One pick each: the option's column, or -1 for no answer (or an option not offered).
        picked = np.fromiter(
            (
                position.get(str(r.get("choice")), -1) if isinstance(r, dict) else -1
                for _row, r in answered
            ),
            dtype=np.int64,
            count=len(answered),
        )
        chose = picked >= 0
        picks[np.flatnonzero(chose), picked[chose]] = True
        blank = ~chose
    member_groups = groups[rows] if rows.size else np.zeros(0, dtype=np.int8)
    table = statistics.distractor_shares(picks, member_groups)
    no_answer = statistics.distractor_shares(blank[:, None], member_groups)
    best = max((float(o.get("fraction", 0)) for o in options), default=0.0)
    table["options"] = [
        {
            "id": option_id,
            "text": str(option.get("text", ""))[:200],
            "keyed": float(option.get("fraction", 0)) > 0
            if version.qtype == QuestionType.MULTIPLE
            else best > 0 and float(option.get("fraction", 0)) == best,
        }
        for option_id, option in zip(ids, options, strict=True)
    ]
    table["keyed"] = [option["keyed"] for option in table["options"]]
    table["no_answer"] = {g: no_answer[g][0] for g in ("upper", "middle", "lower", "all")}
    return table


def _value(array: np.ndarray, column: int) -> float | None:
    value = float(array[column])
    return value if math.isfinite(value) else None


def item_analysis_execute(*, run_id: int) -> None:
    """Compute and store one run (called by the task worker). A finished run is left alone, so
    a retried task does nothing; a crash marks the run failed with its error and re-raises."""
    run = ItemAnalysisRun.objects.filter(pk=run_id).first()
    if run is None or run.is_finished:
        return
    runs = ItemAnalysisRun.objects.filter(pk=run_id)
    runs.update(status=ItemAnalysisRun.Status.RUNNING, started_at=timezone.now())
    try:
        _execute(run, runs)
    except Exception as error:
        runs.update(
            status=ItemAnalysisRun.Status.FAILED,
            error=str(error)[:500],
            finished_at=timezone.now(),
        )
        raise


def _execute(run: ItemAnalysisRun, runs) -> None:
    limits = thresholds()
    data = _load(run.assessment_id)
    scores, shares = data["scores"], data["shares"]
    versions, version_index = data["versions"], data["version_index"]
    runs.update(items_total=len(version_index), attempts=scores.shape[0])
    whole = statistics.whole_test_statistics(scores, shares)
    items = statistics.item_statistics(scores, shares)
    groups = items["groups"]
    # A slot without a score is an answer awaiting marking.
    unmarked = np.isnan(scores) & data["present"]
    ordered = sorted(version_index, key=lambda pk: (data["first_slot"][pk], pk))
    rows = []
    for position, version_id in enumerate(ordered, start=1):
        column = version_index[version_id]
        version = versions[version_id]
        scored = ~np.isnan(scores[:, column])
        distractors = {}
        if version.qtype in CHOICE_TYPES:
            answered = [(row, r) for row, r in data["responses"][version_id] if scored[row]]
            distractors = _distractor_table(version, answered, groups)
        responses = int(items["responses"][column])
        facility = _value(items["facility"], column)
        point_biserial = _value(items["point_biserial"], column)
        rows.append(
            ItemStatistic(
                run_id=run.pk,
                question_version_id=version_id,
                position=position,
                responses=responses,
                unmarked=int(unmarked[:, column].sum()),
                facility=facility,
                point_biserial=point_biserial,
                upper_lower=_value(items["upper_lower"], column),
                distractors=distractors,
                flags=item_flags(
                    responses=responses,
                    facility=facility,
                    point_biserial=point_biserial,
                    distractors=distractors or None,
                    limits=limits,
                ),
            )
        )
        if position % PROGRESS_EVERY == 0:
            runs.update(items_done=position)
    with transaction.atomic():
        ItemStatistic.objects.bulk_create(rows, batch_size=500)
        runs.update(
            status=ItemAnalysisRun.Status.SUCCEEDED,
            finished_at=timezone.now(),
            items_done=len(rows),
            last_finished_at=data["last_finished_at"],
            unmarked_answers=int(unmarked.sum()),
            mean=whole["mean"],
            sd=whole["sd"],
            alpha=whole["alpha"],
            kr20=whole["kr20"],
            sem=whole["sem"],
            reliability_attempts=whole["reliability_attempts"],
            reliability_items=whole["reliability_items"],
            thresholds=asdict(limits),
        )
        stale = ItemAnalysisRun.objects.filter(
            assessment_id=run.assessment_id, status=ItemAnalysisRun.Status.SUCCEEDED
        ).values_list("pk", flat=True)[RUNS_KEPT:]
        ItemAnalysisRun.objects.filter(pk__in=list(stale)).delete()
