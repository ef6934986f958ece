"""Lesson time is measured by the server: however many heartbeats a browser sends, a learner is
credited at most the real time that passed."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.models import LessonProgress
from courses.services import (
    HEARTBEAT_MAX_CREDIT_SECONDS,
    ProgressError,
    lesson_heartbeat,
    lesson_visit,
)

# These tests read the English wording; the Chinese wording is the catalogue's business.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


T0 = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC)


def _lessons(course):
    return list(course.get_children().specific().order_by("path"))


def test_many_rapid_heartbeats_credit_only_the_elapsed_time(learner, course, enrolled):
    lesson = _lessons(course)[0]
    lesson_visit(user=learner, lesson=lesson, now=T0)
    for fifth in range(1, 101):  # 100 beats within 20 seconds
        progress = lesson_heartbeat(
            user=learner, lesson=lesson, now=T0 + dt.timedelta(milliseconds=200 * fifth)
        )
    assert progress.seconds_spent <= 20
    assert progress.completed_at is None


def test_a_learner_cannot_complete_faster_than_the_minimum(learner, course, enrolled):
    lesson = _lessons(course)[0]  # min_seconds = 120
    lesson_visit(user=learner, lesson=lesson, now=T0)
    now = T0
    for _ in range(300):
        now += dt.timedelta(milliseconds=366)  # 110 seconds of wall time in all
        progress = lesson_heartbeat(user=learner, lesson=lesson, now=now)
    assert progress.seconds_spent <= 110
    assert progress.completed_at is None
    progress = lesson_heartbeat(user=learner, lesson=lesson, now=T0 + dt.timedelta(seconds=121))
    assert progress.seconds_spent >= 120
    assert progress.completed_at is not None


def test_a_long_gap_credits_at_most_the_cap(learner, course, enrolled):
    lesson = _lessons(course)[0]
    lesson_visit(user=learner, lesson=lesson, now=T0)
    progress = lesson_heartbeat(user=learner, lesson=lesson, now=T0 + dt.timedelta(hours=3))
    assert progress.seconds_spent == HEARTBEAT_MAX_CREDIT_SECONDS


def test_opening_the_lesson_again_restarts_the_clock_without_credit(learner, course, enrolled):
    lesson = _lessons(course)[0]
    lesson_visit(user=learner, lesson=lesson, now=T0)
    lesson_heartbeat(user=learner, lesson=lesson, now=T0 + dt.timedelta(seconds=30))
    lesson_visit(user=learner, lesson=lesson, now=T0 + dt.timedelta(days=1))
    progress = lesson_heartbeat(
        user=learner, lesson=lesson, now=T0 + dt.timedelta(days=1, seconds=15)
    )
    assert progress.seconds_spent == 45


def test_a_clock_going_backwards_credits_nothing(learner, course, enrolled):
    lesson = _lessons(course)[0]
    lesson_visit(user=learner, lesson=lesson, now=T0)
    progress = lesson_heartbeat(user=learner, lesson=lesson, now=T0 - dt.timedelta(minutes=5))
    assert progress.seconds_spent == 0


def test_heartbeats_need_an_enrolment(learner, course):
    with pytest.raises(ProgressError, match="Enrol"):
        lesson_heartbeat(user=learner, lesson=_lessons(course)[0], now=T0)
    assert not LessonProgress.objects.exists()


def test_the_heartbeat_endpoint_ignores_any_time_the_browser_claims(
    client, learner, course, enrolled
):
    lesson = _lessons(course)[0]
    client.force_login(learner)
    client.get(lesson.url)
    client.post(reverse("courses:heartbeat", args=[lesson.pk]), {"resume": "1"})
    for _ in range(20):
        response = client.post(
            reverse("courses:heartbeat", args=[lesson.pk]), {"seconds": 3600, "elapsed": 3600}
        )
    assert response.status_code == 200
    assert response.json()["seconds_spent"] < 5
    assert response.json()["completed"] is False


def test_the_heartbeat_endpoint_refuses_learners_not_enrolled(client, learner, course):
    client.force_login(learner)
    response = client.post(reverse("courses:heartbeat", args=[_lessons(course)[0].pk]))
    assert response.status_code == 403
    assert "Enrol" in response.json()["error"]


def test_the_heartbeat_endpoint_needs_post_and_csrf(learner, course, enrolled):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(learner)
    url = reverse("courses:heartbeat", args=[_lessons(course)[0].pk])
    assert csrf_client.get(url).status_code == 405
    assert csrf_client.post(url).status_code == 403
