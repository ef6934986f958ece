"""Simulated response data for item-response tests and the bench: learners of known ability
answering questions of known difficulty (2PL), written as finished attempts with scored answers,
in bulk (thousands of attempts in a few statements)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

import numpy as np
from django.contrib.auth import get_user_model
from django.utils import timezone

from quizzes.irt.estimate import probability
from quizzes.models import Answer, Attempt

_batches = itertools.count(1)


def simulate_matrix(*, items: int, persons: int, seed: int, rasch: bool = False):
    """Known parameters and a persons × items 1/0 matrix drawn from them."""
    rng = np.random.default_rng(seed)
    a = np.ones(items) if rasch else rng.uniform(0.7, 2.0, items)
    b = rng.normal(0.0, 1.0, items)
    theta = rng.normal(0.0, 1.0, persons)
    p = probability(theta[:, None], a[None, :], b[None, :])
    data = (rng.random((persons, items)) < p).astype(float)
    return a, b, theta, data


def bulk_learners(count: int):
    """`count` learners, created in one statement."""
    User = get_user_model()
    batch = next(_batches)
    User.objects.bulk_create(
        User(username=f"sim{batch}-{i}", full_name=f"模拟学员{i}", password="!")
        for i in range(count)
    )
    return list(User.objects.filter(username__startswith=f"sim{batch}-").order_by("pk"))


def bulk_finished_attempts(*, assessment, questions, users, data, points=Decimal(1), when=None):
    """One finished attempt per user of `assessment`, answering each question where
    `data[user, question]` is not NaN: full points for 1, none for 0."""
    when = when or timezone.now()
    User = get_user_model()
    assert all(isinstance(user, User) for user in users)
    numbers = {
        user_id: number
        for user_id, number in Attempt.objects.filter(assessment=assessment)
        .values_list("user_id", "number")
        .order_by("number")
    }
    attempts = Attempt.objects.bulk_create(
        Attempt(
            user=user,
            assessment=assessment,
            number=numbers.get(user.pk, 0) + 1,
            status=Attempt.Status.SUBMITTED,
            started_at=when - timedelta(minutes=30),
            finished_at=when,
            seed=i,
        )
        for i, user in enumerate(users)
    )
    answers = []
    for attempt, row in zip(attempts, data, strict=True):
        slot = 0
        for question, value in zip(questions, row, strict=True):
            if np.isnan(value):
                continue
            slot += 1
            answers.append(
                Answer(
                    attempt=attempt,
                    slot=slot,
                    question_version_id=question.current_version_id,
                    competence_id=question.competence_id,
                    points=points,
                    score=points if value else Decimal(0),
                    response={"choice": "x"},
                )
            )
    Answer.objects.bulk_create(answers, batch_size=5000)
    return attempts
