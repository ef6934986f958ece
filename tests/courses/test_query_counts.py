"""The course and lesson pages make the same number of queries for 3 lessons as for 50, and no
more than the exact counts below: what every learner sees is cached (courses.page_cache), the
learner's own state is read in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrolment_create
from tests.factories import courses as f

pytestmark = pytest.mark.django_db

# Session, user, roles, site, locale, the route (two per level: home, catalogue, topic, course),
# Wagtail's alias and view-restriction checks (2), the shell (permissions 2; the language switch,
# the catalogue link and the tests and contests links are cached); then the learner: enrolment
# and lesson progress.
COURSE_PAGE_QUERIES = 18
# The route one level deeper (2), then enrolment, lesson progress and check answers.
LESSON_PAGE_QUERIES = 21
# Without a learner: no session, user, roles, permissions or learner state.
ANONYMOUS_COURSE_PAGE_QUERIES = 11
ANONYMOUS_LESSON_PAGE_QUERIES = 13


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
    assert small == large == (COURSE_PAGE_QUERIES, LESSON_PAGE_QUERIES)
    # Anonymous visitors too.
    client.logout()
    course3 = f.course(parent=topic, lessons=3)
    course50 = f.course(parent=topic, lessons=50)
    assert (
        _queries(client, course3.url)
        == _queries(client, course50.url)
        == ANONYMOUS_COURSE_PAGE_QUERIES
    )
    lesson3, lesson50 = (c.get_children().last().specific for c in (course3, course50))
    assert (
        _queries(client, lesson3.url)
        == _queries(client, lesson50.url)
        == ANONYMOUS_LESSON_PAGE_QUERIES
    )
