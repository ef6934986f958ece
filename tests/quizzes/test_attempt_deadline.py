"""The deadline is kept on the server: whatever clock the browser has, answers after it are refused
and the attempt is finished (by its task, the sweep, or lazily when opened) on the saved answers."""

from datetime import timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt
from quizzes.services import answer_save, attempt_start, attempts_expire_overdue
from tests.conftest import drain_task_queue

from .conftest import right_responses


def _timed(assessment, minutes=10):
    assessment.time_limit_minutes = minutes
    assessment.save()
    return assessment


def _later(minutes):
    return mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=minutes)
    )


def test_a_save_after_the_deadline_is_refused_whatever_time_the_browser_sends(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=_timed(assessment))
    _slot, response = next(iter(right_responses(attempt).items()))
    client.force_login(learner)
    url = reverse("quizzes:save", args=[attempt.pk])
    # The browser claims it is still early; the server clock says the time is up.
    fields = {"slots": [1], "s1": response.get("choice", ""), "client_time": "2000-01-01T00:00:00Z"}
    with _later(11):
        reply = client.post(url, fields, HTTP_ACCEPT="application/json")
    assert reply.status_code == 409 and reply.json()["finished"] is True
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert attempt.answers.exclude(response=None).count() == 0


def test_a_browser_clock_far_in_the_future_does_not_end_the_attempt_early(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=_timed(assessment))
    client.force_login(learner)
    reply = client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {"slots": [1], "client_time": "2099-01-01T00:00:00Z", "deadline": "2000-01-01"},
        HTTP_ACCEPT="application/json",
    )
    assert reply.status_code == 200
    assert 590 <= reply.json()["remaining_seconds"] <= 600


def test_answers_saved_in_time_are_scored_when_the_deadline_task_finishes_the_attempt(
    learner, assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attempt = attempt_start(user=learner, assessment=_timed(assessment, minutes=1))
    for slot, response in right_responses(attempt).items():
        answer_save(attempt_id=attempt.pk, user=learner, slot=slot, response=response)
    drain_task_queue()  # the deadline task is not due yet: nothing happens
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    drain_task_queue()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert attempt.result.percent == 100


def test_the_sweep_finishes_every_overdue_attempt_and_only_those(
    learner, other_learner, assessment
):
    _timed(assessment)
    overdue = attempt_start(user=learner, assessment=assessment)
    running = attempt_start(user=other_learner, assessment=assessment)
    Attempt.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert attempts_expire_overdue() == 1
    assert Attempt.objects.get(pk=overdue.pk).status == Attempt.Status.EXPIRED
    assert Attempt.objects.get(pk=running.pk).status == Attempt.Status.IN_PROGRESS


def test_opening_an_overdue_attempt_finishes_it_and_shows_the_result(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=_timed(assessment))
    client.force_login(learner)
    with _later(30):
        reply = client.get(reverse("quizzes:take", args=[attempt.pk]))
    assert reply.status_code == 302 and reply.url == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED


def test_the_page_shows_the_servers_remaining_seconds(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=_timed(assessment))
    client.force_login(learner)
    with _later(4):
        html = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert 'data-remaining-seconds="3' in html  # 10 minutes minus 4, in seconds: 35x
