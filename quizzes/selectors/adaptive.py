"""Reads of adaptive tests: the calibrated pool a test draws from, the progress of an attempt
toward its target precision, and the level an ability corresponds to.

The pool is the questions the fixed list and the random draws name (a draw rule's competence and
difficulty, or without rules the test's area), in the test's language, active, with a current
version that is not marked by an expert (an adaptive test scores every answer at once) and that
has item-response parameters. One model for the whole pool, so that every ability and difficulty
is on one scale: two-parameter logistic when any pool question has such parameters, Rasch
otherwise; questions without parameters of that model are left out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from ..models import (
    MARKED_TYPES,
    Answer,
    Assessment,
    Attempt,
    Band,
    IrtModel,
    ItemParameter,
    Level,
    Question,
)

# Below this many attempts a test's exposure rates say nothing yet (the first attempt shows every
# one of its questions to 100% of the test's candidates); the maximum exposure rate waits for it.
EXPOSURE_MIN_ATTEMPTS = 20


@dataclass(frozen=True)
class PoolItem:
    question_id: int
    version_id: int
    competence_id: int
    points: Decimal
    discrimination: float
    difficulty: float


@dataclass(frozen=True)
class PoolRule:
    """What one source of pool questions asks for: a draw rule, or the test's area."""

    competence_id: int | None
    area_id: int | None
    difficulty: str
    points: Decimal


@dataclass(frozen=True)
class Pool:
    model: str
    items: list[PoolItem]

    def __len__(self) -> int:
        return len(self.items)


def adaptive_pool_rule(
    *, competence_id: int | None, area_id: int | None, difficulty: str, points
) -> PoolRule:
    """One source of pool questions (a draw rule as the admin form holds it)."""
    return PoolRule(
        competence_id=competence_id,
        area_id=area_id,
        difficulty=difficulty,
        points=Decimal(points),
    )


def _rule_matches(rule: PoolRule, question: Question) -> bool:
    if rule.competence_id and question.competence_id != rule.competence_id:
        return False
    if not rule.competence_id and rule.area_id and question.competence.area_id != rule.area_id:
        return False
    return not rule.difficulty or question.difficulty == rule.difficulty


def adaptive_pool_from(
    *,
    rules: Iterable[PoolRule],
    fixed: Iterable[tuple[int, Decimal]] = (),
    area_id: int | None = None,
    language: str = "",
) -> Pool:
    """The calibrated pool for draw rules and fixed questions (question id, points) not yet saved
    (the admin form checks an edited test with it). Three queries."""
    rules = list(rules)
    fixed_points = dict(fixed)
    if not rules and area_id:
        rules = [PoolRule(competence_id=None, area_id=area_id, difficulty="", points=Decimal(1))]
    wanted = Q(pk__in=list(fixed_points))
    for rule in rules:
        condition = Q()
        if rule.competence_id:
            condition &= Q(competence_id=rule.competence_id)
        elif rule.area_id:
            condition &= Q(competence__area_id=rule.area_id)
        if rule.difficulty:
            condition &= Q(difficulty=rule.difficulty)
        wanted |= condition
    questions = (
        Question.objects.filter(wanted, is_active=True, current_version__isnull=False)
        .exclude(current_version__qtype__in=list(MARKED_TYPES))
        .select_related("competence")
        .only("pk", "competence_id", "competence__area_id", "difficulty", "current_version_id")
    )
    if language:
        questions = questions.filter(language=language)
    points: dict[int, tuple[Question, Decimal]] = {}
    for question in questions:
        if question.pk in fixed_points:
            points[question.pk] = (question, fixed_points[question.pk])
            continue
        for rule in rules:  # the first rule that names the question gives its points
            if _rule_matches(rule, question):
                points[question.pk] = (question, rule.points)
                break
    by_version = {question.current_version_id: (question, p) for question, p in points.values()}
    parameters = list(
        ItemParameter.objects.filter(question_version_id__in=list(by_version)).values_list(
            "question_version_id", "model", "discrimination", "difficulty"
        )
    )
    model = (
        IrtModel.TWO_PL if any(row[1] == IrtModel.TWO_PL for row in parameters) else IrtModel.RASCH
    )
    items = [
        PoolItem(
            question_id=by_version[version_id][0].pk,
            version_id=version_id,
            competence_id=by_version[version_id][0].competence_id,
            points=by_version[version_id][1],
            # Under Rasch every item discriminates alike, whatever a row may hold.
            discrimination=discrimination if model == IrtModel.TWO_PL else 1.0,
            difficulty=difficulty,
        )
        for version_id, row_model, discrimination, difficulty in parameters
        if row_model == model
    ]
    items.sort(key=lambda item: item.question_id)
    return Pool(model=str(model), items=items)


def adaptive_pool(*, assessment: Assessment) -> Pool:
    """The calibrated pool of a saved test (see the module docstring). Five queries."""
    rules = [
        PoolRule(
            competence_id=rule.competence_id,
            area_id=assessment.area_id,
            difficulty=rule.difficulty,
            points=rule.points,
        )
        for rule in assessment.draw_rules.order_by("sort_order", "pk")
    ]
    fixed = assessment.fixed_questions.values_list("question_id", "points")
    return adaptive_pool_from(
        rules=rules, fixed=fixed, area_id=assessment.area_id, language=assessment.language
    )


def assessment_is_contest_paper(*, assessment: Assessment) -> bool:
    """Whether a contest plays this test (its papers are prepared ahead: never adaptive)."""
    return Assessment.objects.filter(pk=assessment.pk, contest__isnull=False).exists()


def adaptive_overexposed(*, assessment: Assessment) -> set[int]:
    """Questions already shown in more than the test's maximum exposure rate of its attempts
    (empty without a maximum, or before EXPOSURE_MIN_ATTEMPTS attempts). Two queries."""
    rate = assessment.adaptive_max_exposure
    if not rate:
        return set()
    attempts = Attempt.objects.filter(assessment=assessment).count()
    if attempts < EXPOSURE_MIN_ATTEMPTS:
        return set()
    shown = (
        Answer.objects.filter(attempt__assessment=assessment)
        .values("question_version__question_id")
        .annotate(attempts=Count("attempt_id", distinct=True))
        .values_list("question_version__question_id", "attempts")
    )
    return {question_id for question_id, n in shown if n / attempts >= rate}


def adaptive_progress(*, attempt: Attempt) -> dict:
    """How far an adaptive attempt is toward its target precision, for the page's progress bar:
    the standard error falls from the prior's 1 toward the target (0..100 %)."""
    assessment = attempt.assessment
    target = assessment.adaptive_target_se
    se = attempt.ability_se if attempt.ability_se is not None else 1.0
    span = 1.0 - target
    precision = 100 if span <= 0 else round(100 * min(1.0, max(0.0, (1.0 - se) / span)))
    answered = attempt.answers.exclude(score=None).count()
    return {
        "answered": answered,
        "question_number": answered + 1,
        "percent": precision,
        "se": se,
        "target_se": target,
        "min_items": assessment.adaptive_min_items,
        "max_items": assessment.adaptive_max_items,
    }


def ability_level(*, competence_id: int, theta: float) -> int | None:
    """The highest level of a competence whose cut score the ability reaches, or None.

    Hook: cut scores are Level.cut_score (on the logit scale of the item parameters), added by the
    calibrated-levels work; without that field, or with no cut score set, there is no level from
    an ability and the result shows the ability alone."""
    field_names = {field.name for field in Level._meta.get_fields()}
    if "cut_score" not in field_names:
        return None
    levels = (
        Level.objects.filter(competence_id=competence_id, cut_score__isnull=False)
        .filter(cut_score__lte=theta)
        .order_by("-level")
        .values_list("level", flat=True)
    )
    return next(iter(levels), None)


def adaptive_result(*, attempt: Attempt) -> dict | None:
    """What the result page shows of an adaptive attempt: the final ability, its standard error
    and, where cut scores exist, the level of the competence most of its questions measured."""
    if not attempt.assessment.adaptive or attempt.ability is None:
        return None
    main = (
        attempt.answers.values("competence_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "competence_id")
        .first()
    )
    level = (
        ability_level(competence_id=main["competence_id"], theta=attempt.ability) if main else None
    )
    return {
        "theta": attempt.ability,
        "se": attempt.ability_se,
        "items": attempt.answers.count(),
        "level": level,
        "level_label": dict(Band.choices).get(level, "") if level else "",
    }
