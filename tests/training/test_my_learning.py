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


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_showing_my_learning_writes_nothing_not_even_a_calendar_secret(
    client, learner, course, enrolled
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from training.models import CalendarFeedToken

    client.force_login(learner)
    client.get(reverse("training:my_learning"))  # the session's first touch may write; not ours
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("training:my_learning"))
    assert response.status_code == 200
    assert _writes(queries.captured_queries) == []
    assert not CalendarFeedToken.objects.filter(user=learner).exists()


def test_the_calendar_link_is_made_when_asked_for_and_kept_when_asked_again(client, learner):
    from training.models import CalendarFeedToken
    from training.selectors import my_learning_page

    client.force_login(learner)
    assert my_learning_page(user=learner)["calendar_token"] is None
    response = client.post(reverse("training:calendar_link"))
    assert response.status_code == 302
    token = CalendarFeedToken.objects.get(user=learner).token
    client.post(reverse("training:calendar_link"))
    assert CalendarFeedToken.objects.get(user=learner).token == token
    assert my_learning_page(user=learner)["calendar_token"] == token
    feed = client.get(reverse("training:calendar_feed", kwargs={"token": token}))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")


def test_asking_for_the_calendar_link_needs_a_post(client, learner):
    client.force_login(learner)
    assert client.get(reverse("training:calendar_link")).status_code == 405
