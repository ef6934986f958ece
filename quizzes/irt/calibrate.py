"""Calibrating the bank: item-response parameters (Rasch and 2PL) per question version, fitted by
marginal maximum likelihood with the `mirt` library, one competence area at a time.

The response matrix has one row per learner and one column per question version: the learner's
latest scored answer to that version in a finished attempt, 1 (right) or 0, where partial credit
counts as right from half the points (quizzes.irt); a version the learner was never shown is
missing, not wrong. Essays count only once an expert has marked them (`counted_score`).

An area is one scale: its items are fitted together, so abilities in its competences are
comparable. A version is calibrated only with at least IRT_MIN_RESPONSES answers and both right
and wrong ones among them; a recalibration replaces every parameter row of the area's versions in
one transaction, so readers never see two scales mixed."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Answer, Area, Attempt, IrtModel, ItemParameter
from ..selectors.marking import counted_score
from . import is_right

# Partial credit counts as right from this share of the points (quizzes.irt).
LIBRARY_MODELS = {IrtModel.RASCH: "1PL", IrtModel.TWO_PL: "2PL"}


def min_responses() -> int:
    return int(getattr(settings, "IRT_MIN_RESPONSES", 50))


def calibrated_models() -> tuple[str, ...]:
    return tuple(getattr(settings, "IRT_MODELS", (IrtModel.RASCH, IrtModel.TWO_PL)))


def ability_model() -> str:
    """The model whose parameters ability estimates read."""
    return getattr(settings, "IRT_ABILITY_MODEL", IrtModel.TWO_PL)


def min_calibrated_answers() -> int:
    """Answers to calibrated versions a learner needs in a competence for a level from ability."""
    return int(getattr(settings, "IRT_MIN_CALIBRATED_ANSWERS", 5))


def scored_answers(**filters):
    """Answers that count as responses: in finished attempts, worth points and scored, an essay
    once its experts' final mark is in (`score` here is quizzes.selectors.marking.counted_score).
    Filters narrow them (e.g. competence_id=..., attempt__user_id=...)."""
    return (
        Answer.objects.filter(attempt__status__in=Attempt.FINISHED, points__gt=0, **filters)
        .annotate(counted=counted_score())
        .filter(counted__isnull=False)
        .order_by()
    )


def latest_responses(rows: Iterable[tuple]) -> dict[tuple[int, int], int]:
    """(user id, version id) -> 1/0 from rows (user, version, score, points, finished_at, answer
    id): the latest finished attempt's answer wins."""
    best: dict[tuple[int, int], tuple] = {}
    for user_id, version_id, score, points, finished_at, answer_id in rows:
        key = (user_id, version_id)
        order = (finished_at, answer_id)
        if key not in best or order > best[key][0]:
            best[key] = (order, is_right(score, points))
    return {key: value for key, (_order, value) in best.items()}


RESPONSE_FIELDS = (
    "attempt__user_id",
    "question_version_id",
    "counted",
    "points",
    "attempt__finished_at",
    "pk",
)


@dataclass
class ResponseMatrix:
    persons: list[int]  # user ids, one per row
    items: list[int]  # question version ids, one per column
    data: np.ndarray  # persons × items: 1.0, 0.0, or NaN (not presented)
    counts: dict[int, int]  # responses per version before filtering, calibrated or not


def response_matrix(responses: dict[tuple[int, int], int], *, minimum: int) -> ResponseMatrix:
    """The matrix of the versions with at least `minimum` responses and both outcomes, and the
    persons who answered any of them."""
    counts: dict[int, int] = {}
    rights: dict[int, int] = {}
    for (_user, version), right in responses.items():
        counts[version] = counts.get(version, 0) + 1
        rights[version] = rights.get(version, 0) + right
    items = sorted(v for v, n in counts.items() if n >= minimum and 0 < rights[v] < n)
    column = {version: j for j, version in enumerate(items)}
    persons = sorted({user for (user, version) in responses if version in column})
    row = {user: i for i, user in enumerate(persons)}
    data = np.full((len(persons), len(items)), np.nan)
    for (user, version), right in responses.items():
        if version in column:
            data[row[user], column[version]] = right
    return ResponseMatrix(persons=persons, items=items, data=data, counts=counts)


@dataclass(frozen=True)
class ItemFit:
    discrimination: float
    difficulty: float
    discrimination_se: float | None
    difficulty_se: float | None


def _finite(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) and value > 0 else None


def fit(data: np.ndarray, model: str) -> list[ItemFit]:
    """Fit `model` (IrtModel) to a persons × items matrix of 1/0/NaN by marginal maximum
    likelihood (EM, standard normal ability distribution); one ItemFit per column."""
    import mirt  # Imported here: its native extension loads in the worker, not in every request.

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = mirt.fit_mirt(data, model=LIBRARY_MODELS[model], verbose=False)
    parameters = result.model.parameters
    errors = result.standard_errors
    a = np.asarray(parameters["discrimination"], dtype=float).reshape(-1)
    b = np.asarray(parameters["difficulty"], dtype=float).reshape(-1)
    a_se = np.asarray(errors.get("discrimination", np.zeros_like(a)), dtype=float).reshape(-1)
    b_se = np.asarray(errors.get("difficulty", np.zeros_like(b)), dtype=float).reshape(-1)
    return [
        ItemFit(
            discrimination=float(a[j]),
            difficulty=float(b[j]),
            discrimination_se=None if model == IrtModel.RASCH else _finite(a_se[j]),
            difficulty_se=_finite(b_se[j]),
        )
        for j in range(len(b))
    ]


def _usable(item: ItemFit) -> bool:
    # A negative or vanishing discrimination is a broken item (item analysis flags it), and an
    # item no ability can separate has no place on the scale.
    return (
        np.isfinite(item.difficulty)
        and np.isfinite(item.discrimination)
        and item.discrimination > 0.05
        and abs(item.difficulty) < 10
    )


def area_responses(area_id: int) -> dict[tuple[int, int], int]:
    """The area's latest responses per learner and version (by the question's current area)."""
    rows = scored_answers(question_version__question__competence__area_id=area_id).values_list(
        *RESPONSE_FIELDS
    )
    return latest_responses(rows.iterator(chunk_size=5000))


def area_version_ids(area_id: int) -> list[int]:
    from ..models import QuestionVersion

    return list(
        QuestionVersion.objects.filter(question__competence__area_id=area_id).values_list(
            "pk", flat=True
        )
    )


def calibrate_area(
    area: Area, *, models: Sequence[str] | None = None, now: datetime | None = None
) -> dict:
    """Calibrate one area and replace its parameter rows. Returns the area's report."""
    now = now or timezone.now()
    models = tuple(models or calibrated_models())
    minimum = min_responses()
    matrix = response_matrix(area_responses(area.pk), minimum=minimum)
    report = {
        "area": area.pk,
        "code": area.code,
        "versions_answered": len(matrix.counts),
        "items": len(matrix.items),
        "persons": len(matrix.persons),
        "below_minimum": sum(1 for n in matrix.counts.values() if n < minimum),
        "models": {},
    }
    rows = []
    if len(matrix.items) >= 2:
        for model in models:
            fits = fit(matrix.data, model)
            usable = 0
            for version_id, item in zip(matrix.items, fits, strict=True):
                if not _usable(item):
                    continue
                usable += 1
                rows.append(
                    ItemParameter(
                        question_version_id=version_id,
                        model=model,
                        discrimination=1.0 if model == IrtModel.RASCH else item.discrimination,
                        difficulty=item.difficulty,
                        difficulty_se=item.difficulty_se,
                        discrimination_se=item.discrimination_se,
                        responses=matrix.counts[version_id],
                        calibrated_at=now,
                    )
                )
            report["models"][model] = {"calibrated": usable, "rejected": len(fits) - usable}
    with transaction.atomic():
        # One scale per area: rows of an earlier calibration never mix with this one's.
        ItemParameter.objects.filter(
            question_version_id__in=area_version_ids(area.pk), model__in=models
        ).delete()
        ItemParameter.objects.bulk_create(rows, batch_size=1000)
    return report


def calibrate_bank(
    *, progress: Callable[[int, int], None] | None = None, now: datetime | None = None
) -> dict:
    """Calibrate every area that has questions; `progress(done, total)` after each."""
    now = now or timezone.now()
    areas = list(Area.objects.filter(competences__questions__isnull=False).distinct())
    areas.sort(key=lambda area: (area.framework_id, area.sort_order, area.code))
    if progress:
        progress(0, len(areas))
    reports = []
    for done, area in enumerate(areas, start=1):
        reports.append(calibrate_area(area, now=now))
        if progress:
            progress(done, len(areas))
    return {"areas": reports, "min_responses": min_responses(), "models": list(calibrated_models())}
