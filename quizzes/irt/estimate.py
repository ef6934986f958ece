"""Ability estimates: the expected a posteriori (EAP) ability and its posterior standard deviation
(the standard error) on a fixed quadrature grid, with a standard normal prior.

EAP is what operational adaptive tests use: it exists for every response pattern (all right or all
wrong included, where maximum likelihood runs off to infinity) and it is fast: one matrix product
over 81 grid points, whatever the number of items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# -4..4 logits in steps of 0.1: wider than any real candidate, fine enough that the estimate's
# rounding is far below its standard error.
GRID = np.linspace(-4.0, 4.0, 81)


def probability(theta, a, b):
    """The chance of a right answer at ability θ (the two-parameter logistic curve)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(a) * (np.asarray(theta) - np.asarray(b))))


def information(theta, a, b):
    """Fisher information an item gives at θ: a² p (1 − p). Adaptive tests pick the largest."""
    p = probability(theta, a, b)
    return np.asarray(a) ** 2 * p * (1.0 - p)


@dataclass(frozen=True)
class Ability:
    theta: float
    se: float
    items: int


def eap(
    responses: Sequence[int], a: Sequence[float], b: Sequence[float], *, prior_sd: float = 1.0
) -> Ability:
    """The EAP ability and its standard error from scored responses (1/0) to items (a, b).
    With no responses it is the prior: θ = 0, SE = prior_sd."""
    u = np.asarray(responses, dtype=float)
    if u.size == 0:
        return Ability(theta=0.0, se=float(prior_sd), items=0)
    grid = GRID * prior_sd
    prior = np.exp(-0.5 * (grid / prior_sd) ** 2)
    p = probability(
        grid[:, None], np.asarray(a, dtype=float)[None, :], np.asarray(b, dtype=float)[None, :]
    )
    p = np.clip(p, 1e-12, 1 - 1e-12)
    log_likelihood = (u * np.log(p) + (1 - u) * np.log(1 - p)).sum(axis=1)
    weights = prior * np.exp(log_likelihood - log_likelihood.max())
    weights /= weights.sum()
    theta = float((weights * grid).sum())
    se = float(np.sqrt((weights * (grid - theta) ** 2).sum()))
    return Ability(theta=theta, se=se, items=int(u.size))
