"""The course and lesson pages make the same number of queries for 3 lessons as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrolment_create
from tests.factories import courses as f

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _measure(client, learner, lessons):
    course = f.course(lessons=lessons, title=f"课程{lessons}")
    enrolment_create(user=learner, course=course)
    lesson = course.get_children().last().specific
    return _queries(client, course.url), _queries(client, lesson.url)


def test_course_and_lesson_pages_do_not_grow_with_the_number_of_lessons(client, learner):
    client.force_login(learner)
    topic = f.topic()
    small = _measure(client, learner, 3)
    large = _measure(client, learner, 50)
    assert small == large
    # Anonymous visitors too.
    client.logout()
    course3 = f.course(parent=topic, lessons=3)
    course50 = f.course(parent=topic, lessons=50)
    assert _queries(client, course3.url) == _queries(client, course50.url)
