"""One learner can neither read nor write another's attempt: every attempt URL answers 404."""

import pytest
from django.urls import reverse

from quizzes.models import Attempt
from quizzes.services import attempt_start


@pytest.mark.parametrize(
    ("name", "method"),
    [("take", "get"), ("result", "get"), ("save", "post"), ("submit", "post")],
)
def test_another_learners_attempt_is_not_found(
    client, learner, other_learner, assessment, name, method
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(other_learner)
    reply = getattr(client, method)(
        reverse(f"quizzes:{name}", args=[attempt.pk]), {"slots": [1], "s1": "x"}
    )
    assert reply.status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert not attempt.answers.exclude(response=None).exists()


def test_attempt_pages_need_a_login(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    reply = client.get(reverse("quizzes:take", args=[attempt.pk]))
    assert reply.status_code == 302 and "login" in reply.url


def test_an_unpublished_test_is_not_found(client, learner, assessment):
    assessment.is_published = False
    assessment.save()
    client.force_login(learner)
    assert client.get(reverse("quizzes:detail", args=[assessment.slug])).status_code == 404
    assert client.post(reverse("quizzes:start", args=[assessment.slug])).status_code == 404
