"""My learning: courses in progress with lesson counts, completed courses, and a GET that writes
nothing (the calendar link is made only when the learner asks for it)."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.selectors import my_learning
from courses.services import enrolment_create, lesson_heartbeat, lesson_visit
from tests.factories import courses as f

pytestmark = pytest.mark.django_db


def test_in_progress_shows_lessons_done_of_total(client, learner, course, enrolled):
    lesson = course.get_children().first().specific
    now = dt.datetime.now(dt.UTC)
    lesson_visit(user=learner, lesson=lesson, now=now)
    lesson_heartbeat(user=learner, lesson=lesson, now=now + dt.timedelta(seconds=60))
    lesson_heartbeat(user=learner, lesson=lesson, now=now + dt.timedelta(seconds=120))
    state = my_learning(user=learner)
    assert [row["lessons_done"] for row in state["in_progress"]] == [1]
    assert state["in_progress"][0]["lessons_total"] == 3
    client.force_login(learner)
    html = client.get(reverse("training:my_learning")).content.decode()
    assert course.title in html
    assert '<progress max="3" value="1"' in html


def test_withdrawn_courses_are_not_listed(learner, course):
    from courses.services import enrolment_withdraw

    enrolment_withdraw(enrolment=enrolment_create(user=learner, course=course))
    state = my_learning(user=learner)
    assert state["in_progress"] == [] and state["completed"] == []


def test_my_learning_shows_the_english_course_title_in_english(client, learner, course, enrolled):
    topic = course.get_parent().specific
    f.translate(topic.get_parent().specific)
    f.translate(topic)
    f.translate(course, title="Data sharing in English")
    client.force_login(learner)
    html = client.get("/en/learning/my-learning/").content.decode()
    assert "Data sharing in English" in html
