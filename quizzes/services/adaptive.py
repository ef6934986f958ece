"""The adaptive attempt engine: one question at a time, each chosen by its information at the
learner's current ability, until the ability is measured precisely enough.

    attempt_start -> one slot, the first question chosen at θ = 0
    attempt_next (the learner answers and moves on) -> the answer is scored and frozen, θ and its
        standard error re-estimated (quizzes.irt.estimate.eap over the answered slots), then
        either the next slot is created or the attempt is finished, when
        - the standard error is at most the target and at least the minimum number was asked,
        - the maximum number was asked, or
        - the pool has no unused question left.

Exposure control is randomesque: the question is drawn at random among the k most informative
unused ones (k = 1: always the most informative), and, if the test sets a maximum exposure rate,
questions shown to that share of its attempts are left out while others remain.

Every write locks the attempt row first (as quizzes.services.attempts does), and (attempt, slot)
is unique, so a double click on "Next" gets one new slot. A slot the learner moved on from has a
score and no longer changes (answer saves refuse it). The deadline and the immutability of a
finished attempt hold as for every test.

For the estimate an answer is right from half the points (quizzes.irt.is_right), the same cut
the calibration of the item parameters uses."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..irt import is_right
from ..irt.estimate import Ability, eap, information
from ..models import Answer, Assessment, Attempt, ItemParameter, QuestionVersion
from ..scoring import clean_response, response_fraction, response_score
from ..selectors.adaptive import Pool, PoolItem, adaptive_overexposed, adaptive_pool
from .attempts import AttemptError, _finish, _locked, _option_order

STOP_PRECISE = "precise"
STOP_MAX_ITEMS = "max_items"
STOP_POOL = "pool_exhausted"


def item_choose(
    *,
    theta: float,
    discrimination: Sequence[float],
    difficulty: Sequence[float],
    available: Sequence[int],
    k: int,
    rng: random.Random,
) -> int | None:
    """The index of the next item: at random among the `k` most informative at θ of the
    `available` indexes (ties go to the lower index). None when nothing is available. Pure, so
    the benchmark simulates with exactly the rule the tests run."""
    if not len(available):
        return None
    indexes = np.asarray(available, dtype=int)
    info = information(theta, np.asarray(discrimination)[indexes], np.asarray(difficulty)[indexes])
    order = np.lexsort((indexes, -info))  # most informative first, then the lower index
    best = indexes[order[: max(1, k)]]
    return int(best[rng.randrange(len(best))])


def stop_reason(
    *, ability: Ability, asked: int, assessment_rules: dict, pool_left: int
) -> str | None:
    """Why the test ends now, or None to go on. `assessment_rules`: target_se, min_items,
    max_items (the test's settings; the benchmark passes its own)."""
    if asked >= assessment_rules["max_items"]:
        return STOP_MAX_ITEMS
    if asked >= assessment_rules["min_items"] and ability.se <= assessment_rules["target_se"]:
        return STOP_PRECISE
    if pool_left <= 0:
        return STOP_POOL
    return None


def _rules(assessment: Assessment) -> dict:
    return {
        "target_se": assessment.adaptive_target_se,
        "min_items": assessment.adaptive_min_items,
        "max_items": assessment.adaptive_max_items,
    }


def _rng(attempt: Attempt, slot: int) -> random.Random:
    # Reproducible from the attempt's secret seed, different for every slot.
    return random.Random(f"{attempt.seed}:{slot}")  # noqa: S311


def _item_next(
    attempt: Attempt, pool: Pool, used: set[int], theta: float, slot: int
) -> PoolItem | None:
    """The pool question for `slot`: unused, and not overexposed while others remain."""
    unused = [i for i, item in enumerate(pool.items) if item.question_id not in used]
    overexposed = adaptive_overexposed(assessment=attempt.assessment)
    if overexposed:
        allowed = [i for i in unused if pool.items[i].question_id not in overexposed]
        unused = allowed or unused
    index = item_choose(
        theta=theta,
        discrimination=[item.discrimination for item in pool.items],
        difficulty=[item.difficulty for item in pool.items],
        available=unused,
        k=attempt.assessment.adaptive_randomesque,
        rng=_rng(attempt, slot),
    )
    return None if index is None else pool.items[index]


def _slot_create(attempt: Attempt, item: PoolItem, slot: int) -> Answer:
    version = QuestionVersion.objects.get(pk=item.version_id)
    return Answer.objects.create(
        attempt=attempt,
        slot=slot,
        question_version=version,
        competence_id=item.competence_id,
        points=item.points,
        option_order=_option_order(
            version, attempt.assessment.shuffle_options, _rng(attempt, -slot)
        ),
    )


def pool_too_small_error(*, available: int, needed: int) -> AttemptError:
    return AttemptError(
        "not_enough_questions",
        _(
            "This adaptive test cannot start: it needs at least %(needed)s calibrated questions "
            "but its pool has only %(available)s. Please tell the test's organiser."
        )
        % {"needed": needed, "available": available},
    )


def adaptive_attempt_build(*, attempt: Attempt) -> Attempt:
    """Save a new adaptive attempt (built but not saved by the caller) with its first slot: the
    question chosen at θ = 0, the prior's centre, with exposure control."""
    assessment = attempt.assessment
    pool = adaptive_pool(assessment=assessment)
    if len(pool) < assessment.adaptive_min_items:
        raise pool_too_small_error(available=len(pool), needed=assessment.adaptive_min_items)
    attempt.irt_model = pool.model
    attempt.ability, attempt.ability_se = 0.0, 1.0
    attempt.full_clean(
        exclude=["user", "assessment"], validate_unique=False, validate_constraints=False
    )
    attempt.save()
    item = _item_next(attempt, pool, set(), 0.0, 1)
    _slot_create(attempt, item, 1)
    return attempt


def attempt_ability(*, attempt: Attempt, answers: Sequence[Answer]) -> Ability:
    """The EAP ability over the slots with a response (right from half the points), with the parameters
    of the attempt's model. A slot whose parameters are gone since (a recalibration dropped the
    version) does not count. One query."""
    answered = [answer for answer in answers if answer.response is not None]
    parameters = dict(
        (version_id, (a, b))
        for version_id, a, b in ItemParameter.objects.filter(
            question_version_id__in=[answer.question_version_id for answer in answered],
            model=attempt.irt_model,
        ).values_list("question_version_id", "discrimination", "difficulty")
    )
    responses, a, b = [], [], []
    for answer in answered:
        if answer.question_version_id not in parameters:
            continue
        version = answer.question_version
        fraction = response_fraction(
            qtype=version.qtype, payload=version.payload, response=answer.response
        )
        responses.append(is_right(fraction))
        discrimination, difficulty = parameters[answer.question_version_id]
        a.append(discrimination if attempt.irt_model == "2pl" else 1.0)
        b.append(difficulty)
    return eap(responses, a, b)


def attempt_next(
    *, attempt_id: int, user, slot: int, response, now: datetime | None = None
) -> Attempt:
    """The learner answers the current slot of an adaptive attempt and moves on: score it, update
    the ability, then add the next slot or finish (see the module docstring). A repeated "next"
    for a slot already moved on from changes nothing. Past the deadline the attempt finishes as
    expired on what was saved in time. Raises Attempt.DoesNotExist for an attempt that is not the
    user's, AttemptError for a test that is not adaptive or an unanswered question, and
    ValidationError for a response the question cannot take."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt_id, user)
        assessment = attempt.assessment
        if not assessment.adaptive:
            raise AttemptError("not_adaptive", _("This test shows all its questions at once."))
        if attempt.is_finished:
            return attempt
        if attempt.deadline and now >= attempt.deadline:
            _finish(attempt, Attempt.Status.EXPIRED, now)
            return attempt
        answers = list(attempt.answers.select_related("question_version").order_by("slot"))
        current = answers[-1]
        if slot != current.slot or current.score is not None:
            return attempt  # a double click or a stale page: that slot was already answered
        version = current.question_version
        cleaned = clean_response(qtype=version.qtype, payload=version.payload, response=response)
        if cleaned is None:
            raise AttemptError(
                "unanswered", _("Answer this question before going on to the next one.")
            )
        score = response_score(
            qtype=version.qtype, payload=version.payload, response=cleaned, points=current.points
        )
        Answer.objects.filter(pk=current.pk).update(
            response=cleaned, saved_at=now, revision=F("revision") + 1, score=score
        )
        current.response, current.score = cleaned, score
        ability = attempt_ability(attempt=attempt, answers=answers)
        pool = adaptive_pool(assessment=assessment)
        used = {answer.question_version.question_id for answer in answers}
        pool_left = sum(1 for item in pool.items if item.question_id not in used)
        reason = stop_reason(
            ability=ability,
            asked=len(answers),
            assessment_rules=_rules(assessment),
            pool_left=pool_left,
        )
        item = None
        if reason is None:
            item = _item_next(attempt, pool, used, ability.theta, current.slot + 1)
        Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
            ability=ability.theta, ability_se=ability.se
        )
        attempt.ability, attempt.ability_se = ability.theta, ability.se
        if item is None:
            _finish(attempt, Attempt.Status.SUBMITTED, now)
        else:
            _slot_create(attempt, item, current.slot + 1)
        return attempt
