"""My learning: courses in progress with lesson counts, completed courses, credit hours this year."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import Enrolment
from courses.selectors import credit_hours_for_year, my_learning
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
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert course.title in html
    assert '<progress max="3" value="1"' in html


def test_credit_hours_count_courses_completed_this_calendar_year_in_beijing(learner):
    topic = f.topic()
    this_year = f.course(parent=topic, credit_hours=Decimal("2.5"))
    new_years_eve = f.course(parent=topic, credit_hours=Decimal("4.0"))
    last_year = f.course(parent=topic, credit_hours=Decimal("1.0"))
    for course, completed in [
        (this_year, dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)),
        # 2025-12-31 17:00 UTC is already 2026-01-01 01:00 in Beijing.
        (new_years_eve, dt.datetime(2025, 12, 31, 17, tzinfo=dt.UTC)),
        (last_year, dt.datetime(2025, 12, 31, 15, tzinfo=dt.UTC)),
    ]:
        Enrolment.objects.create(
            user=learner,
            course=course,
            enrolled_at=completed,
            status=Enrolment.Status.COMPLETED,
            completed_at=completed,
        )
    assert credit_hours_for_year(user=learner, year=2026) == Decimal("6.5")
    assert credit_hours_for_year(user=learner, year=2025) == Decimal("1.0")


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
