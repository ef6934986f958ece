"""Progress is shown as a bar as well as in words, on the lesson and on the course page."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import LessonProgress

pytestmark = pytest.mark.django_db


def test_the_lesson_page_shows_time_counted_as_a_bar(client, learner, enrolled, course):
    lesson = course.get_children().specific().first()
    now = timezone.now()
    LessonProgress.objects.create(
        user=learner, lesson=lesson, seconds_spent=60, first_seen=now, last_heartbeat_at=now
    )
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert 'class="lesson-progress__bar" max="120" value="60"' in html


def test_the_course_page_shows_lessons_done_as_a_bar(client, learner, enrolled, course):
    lesson = course.get_children().specific().first()
    at = timezone.now() - dt.timedelta(minutes=1)
    LessonProgress.objects.create(
        user=learner,
        lesson=lesson,
        seconds_spent=130,
        first_seen=at,
        last_heartbeat_at=at,
        completed_at=at,
    )
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert 'class="course-progress__bar" max="3" value="1"' in html
