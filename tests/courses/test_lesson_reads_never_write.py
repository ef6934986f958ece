"""Opening a lesson page is a read: it records nothing. The lesson page's script then posts the
start of the visit (the heartbeat endpoint with resume), which starts the server's clock."""

import pytest
from django.urls import reverse

from courses.models import LessonProgress

pytestmark = pytest.mark.django_db


def _first_lesson(course):
    return course.get_children().specific().order_by("path").first()


def test_getting_a_lesson_page_writes_no_progress_row(client, learner, course, enrolled):
    lesson = _first_lesson(course)
    client.force_login(learner)
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert not LessonProgress.objects.filter(user=learner).exists()


def test_the_lesson_page_posts_the_start_of_the_visit_to_the_heartbeat_endpoint(
    client, learner, course, enrolled
):
    lesson = _first_lesson(course)
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    url = reverse("courses:heartbeat", args=[lesson.pk])
    assert f'data-heartbeat-url="{url}"' in page
    response = client.post(url, {"resume": "1"})
    assert response.status_code == 200
    progress = LessonProgress.objects.get(user=learner, lesson=lesson)
    assert progress.first_seen is not None and progress.seconds_spent == 0
    assert response.json() == {
        "seconds_spent": 0,
        "min_seconds": lesson.min_seconds,
        "completed": False,
    }


def test_posting_the_start_again_keeps_one_row_and_credits_nothing(
    client, learner, course, enrolled
):
    lesson = _first_lesson(course)
    client.force_login(learner)
    url = reverse("courses:heartbeat", args=[lesson.pk])
    client.post(url, {"resume": "1"})
    first_seen = LessonProgress.objects.get(user=learner, lesson=lesson).first_seen
    client.post(url, {"resume": "1"})
    progress = LessonProgress.objects.get(user=learner, lesson=lesson)
    assert LessonProgress.objects.filter(user=learner).count() == 1
    assert progress.first_seen == first_seen and progress.seconds_spent == 0
