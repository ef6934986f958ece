"""Adaptive tests by simulation: how many questions the adaptive test needs to measure an ability to
its target standard error, against the fixed test that measures as well.

1,000 simulated candidates (200 with --quick) with known abilities θ ~ N(0, 1) answer a calibrated
pool of 200 two-parameter items (a ~ lognormal around 1.2, b ~ N(0, 1.2)), each answer right with
the model's probability. The adaptive test runs the engine's own rules (quizzes.services.adaptive:
`item_choose`, `stop_reason`; quizzes.irt.estimate.eap): target SE 0.3, at least 5 and at most 60
questions, randomesque k = 5, and once more with k = 1 (no exposure control). The fixed test is
what a random draw gives today: every candidate a random 30 questions of the pool, scored with the
same EAP.

Figures (in `extra`):
- adaptive_items_mean / _p95: questions the adaptive test asked; reached_target: the share that
  stopped on the target SE (not at the maximum length);
- fixed_se_mean: the mean SE the fixed 30-question test reaches; fixed_items_for_target: the
  shortest fixed length (in steps of 5) whose mean SE is at most the target;
  items_ratio = fixed_items_for_target / adaptive_items_mean (how many times fewer questions);
- bias and RMSE of θ̂ − θ, adaptive and fixed;
- max_exposure: the largest share of candidates who saw one question (k = 5 against k = 1, and
  k = 5 with the test's optional maximum exposure rate set to 0.3, which costs a few questions).

Timing: subject = simulating one adaptive attempt (selection + EAP after every answer); baseline =
scoring one fixed 30-question attempt with EAP (what a fixed test's ability costs). No database."""

from __future__ import annotations

import random
import time

import numpy as np

from bench.harness import Context, Result

POOL = 200
FIXED_LENGTH = 30
TARGET_SE = 0.3
MIN_ITEMS = 5
MAX_ITEMS = 60
MAX_EXPOSURE = 0.3


def _pool(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    a = np.exp(rng.normal(np.log(1.2), 0.25, POOL))
    b = rng.normal(0.0, 1.2, POOL)
    return a, b


def _answer(rng: np.random.Generator, theta: float, a: float, b: float) -> int:
    from quizzes.irt.estimate import probability

    return int(rng.random() < probability(theta, a, b))


def _adaptive(thetas, a, b, *, k: int, seed: int, max_rate: float | None = None) -> dict:
    from quizzes.irt.estimate import eap
    from quizzes.selectors.adaptive import EXPOSURE_MIN_ATTEMPTS
    from quizzes.services.adaptive import item_choose, stop_reason

    rules = {"target_se": TARGET_SE, "min_items": MIN_ITEMS, "max_items": MAX_ITEMS}
    answers_rng = np.random.default_rng(seed)
    choice_rng = random.Random(seed)
    shown = np.zeros(POOL, dtype=int)
    items, estimates, reached = [], [], 0
    start = time.perf_counter()
    for started, theta in enumerate(thetas, start=1):
        used: list[int] = []
        responses: list[int] = []
        estimate_theta, ability = 0.0, None
        # As adaptive_overexposed: past the minimum number of attempts, leave out questions shown
        # to at least max_rate of them while others remain.
        overexposed = (
            shown / started >= max_rate
            if max_rate and started >= EXPOSURE_MIN_ATTEMPTS
            else np.zeros(POOL, dtype=bool)
        )
        while True:
            available = np.setdiff1d(np.arange(POOL), used, assume_unique=True)
            allowed = available[~overexposed[available]]
            available = allowed if len(allowed) else available
            index = item_choose(
                theta=estimate_theta,
                discrimination=a,
                difficulty=b,
                available=available,
                k=k,
                rng=choice_rng,
            )
            used.append(index)
            responses.append(_answer(answers_rng, theta, a[index], b[index]))
            ability = eap(responses, a[used], b[used])
            estimate_theta = ability.theta
            reason = stop_reason(
                ability=ability,
                asked=len(used),
                assessment_rules=rules,
                pool_left=POOL - len(used),
            )
            if reason is not None:
                reached += reason == "precise"
                break
        shown[used] += 1
        items.append(len(used))
        estimates.append(ability.theta)
    seconds = (time.perf_counter() - start) / len(thetas)
    errors = np.asarray(estimates) - thetas
    return {
        "seconds": seconds,
        "items_mean": float(np.mean(items)),
        "items_p95": float(np.percentile(items, 95)),
        "reached_target": reached / len(thetas),
        "bias": float(errors.mean()),
        "rmse": float(np.sqrt((errors**2).mean())),
        "max_exposure": float(shown.max() / len(thetas)),
    }


def _fixed(thetas, a, b, *, length: int, seed: int) -> dict:
    from quizzes.irt.estimate import eap

    rng = np.random.default_rng(seed)
    estimates, ses = [], []
    start = time.perf_counter()
    for theta in thetas:
        form = rng.choice(POOL, size=length, replace=False)
        responses = [_answer(rng, theta, a[i], b[i]) for i in form]
        ability = eap(responses, a[form], b[form])
        estimates.append(ability.theta)
        ses.append(ability.se)
    seconds = (time.perf_counter() - start) / len(thetas)
    errors = np.asarray(estimates) - thetas
    return {
        "seconds": seconds,
        "se_mean": float(np.mean(ses)),
        "bias": float(errors.mean()),
        "rmse": float(np.sqrt((errors**2).mean())),
    }


def run(ctx: Context) -> list[Result]:
    candidates = 200 if ctx.quick else 1000
    rng = np.random.default_rng(2026)
    a, b = _pool(rng)
    thetas = rng.normal(0.0, 1.0, candidates)
    spread = _adaptive(thetas, a, b, k=5, seed=1)
    greedy = _adaptive(thetas, a, b, k=1, seed=1)
    capped = _adaptive(thetas, a, b, k=5, seed=1, max_rate=MAX_EXPOSURE)
    fixed = _fixed(thetas, a, b, length=FIXED_LENGTH, seed=2)
    needed = None
    for length in range(5, POOL + 1, 5):
        if _fixed(thetas[: min(candidates, 300)], a, b, length=length, seed=3)["se_mean"] <= (
            TARGET_SE
        ):
            needed = length
            break
    common = {"candidates": candidates, "pool": POOL, "target_se": TARGET_SE}
    return [
        Result(
            name=f"adaptive test k=5, SE<={TARGET_SE}: one simulated attempt",
            subject_seconds=spread["seconds"],
            baseline_name=f"EAP of one fixed {FIXED_LENGTH}-question attempt",
            baseline_seconds=fixed["seconds"],
            extra={
                **common,
                "adaptive_items_mean": round(spread["items_mean"], 1),
                "adaptive_items_p95": round(spread["items_p95"], 1),
                "reached_target": round(spread["reached_target"], 3),
                "fixed_length": FIXED_LENGTH,
                "fixed_se_mean": round(fixed["se_mean"], 3),
                "fixed_items_for_target": needed,
                "items_ratio": round(needed / spread["items_mean"], 2) if needed else None,
                "adaptive_bias": round(spread["bias"], 3),
                "adaptive_rmse": round(spread["rmse"], 3),
                "fixed_bias": round(fixed["bias"], 3),
                "fixed_rmse": round(fixed["rmse"], 3),
                "max_exposure": round(spread["max_exposure"], 3),
            },
        ),
        Result(
            name=f"adaptive test k=1 (no exposure control), SE<={TARGET_SE}",
            subject_seconds=greedy["seconds"],
            baseline_name=f"EAP of one fixed {FIXED_LENGTH}-question attempt",
            baseline_seconds=fixed["seconds"],
            extra={
                **common,
                "adaptive_items_mean": round(greedy["items_mean"], 1),
                "reached_target": round(greedy["reached_target"], 3),
                "adaptive_rmse": round(greedy["rmse"], 3),
                "max_exposure": round(greedy["max_exposure"], 3),
                "max_exposure_k5": round(spread["max_exposure"], 3),
                "exposure_ratio_k1_k5": round(greedy["max_exposure"] / spread["max_exposure"], 2),
            },
        ),
        Result(
            name=f"adaptive test k=5, maximum exposure rate {MAX_EXPOSURE}, SE<={TARGET_SE}",
            subject_seconds=capped["seconds"],
            baseline_name=f"EAP of one fixed {FIXED_LENGTH}-question attempt",
            baseline_seconds=fixed["seconds"],
            extra={
                **common,
                "adaptive_items_mean": round(capped["items_mean"], 1),
                "reached_target": round(capped["reached_target"], 3),
                "adaptive_rmse": round(capped["rmse"], 3),
                "max_exposure": round(capped["max_exposure"], 3),
                "items_ratio": round(needed / capped["items_mean"], 2) if needed else None,
            },
        ),
    ]
