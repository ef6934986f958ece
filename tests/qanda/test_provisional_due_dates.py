"""A due date that counts days of a year with unpublished make-up workdays is stored as
provisional, shown as such to the learner and the expert, and recomputed (in a background task)
when an admin enters that year's calendar overrides."""

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from qanda.models import CalendarOverride, Question, QuestionStatus
from qanda.services import answer_post, calendar_override_set, provisional_due_dates_recompute
from tests.factories.qanda import ask, shanghai

pytestmark = pytest.mark.django_db


def local_day(moment):
    return moment.astimezone(clock.CIVIL_TIME_ZONE).date()


@pytest.fixture
def christmas_question(course_and_expert):
    course, _expert = course_and_expert
    # Fri 25 Dec 2026: due Mon 4 Jan 2027 (New Year's Day off), provisional.
    return ask(course=course, at=shanghai(2026, 12, 25, 10))


def test_a_question_due_in_an_unpublished_year_is_stored_as_provisional(christmas_question):
    question = Question.objects.get(pk=christmas_question.pk)
    assert local_day(question.due_at) == dt.date(2027, 1, 4)
    assert question.due_provisional and question.first_due_provisional


def test_a_question_due_in_a_published_year_is_not_provisional(course_and_expert):
    course, _expert = course_and_expert
    question = ask(course=course, at=shanghai(2026, 3, 2, 10))
    assert not question.due_provisional and not question.first_due_provisional


def test_entering_the_years_overrides_recomputes_its_provisional_due_dates(
    christmas_question, run_tasks
):
    with run_tasks():
        calendar_override_set(date=dt.date(2027, 1, 4), is_workday=False, note="元旦延长")
    question = Question.objects.get(pk=christmas_question.pk)
    assert local_day(question.first_due_at) == dt.date(2027, 1, 5)
    assert local_day(question.due_at) == dt.date(2027, 1, 5)
    assert not question.due_provisional and not question.first_due_provisional


def test_the_recomputation_waits_for_the_commit_and_runs_as_a_task(
    christmas_question, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        calendar_override_set(date=dt.date(2027, 1, 4), is_workday=False)
    assert len(callbacks) == 1
    # Nothing changed before the task ran.
    assert Question.objects.get(pk=christmas_question.pk).due_provisional


def test_an_override_of_another_year_leaves_provisional_due_dates_alone(
    christmas_question, run_tasks
):
    with run_tasks():
        calendar_override_set(date=dt.date(2026, 12, 28), is_workday=True, note="本地调整")
    question = Question.objects.get(pk=christmas_question.pk)
    assert question.due_provisional and local_day(question.due_at) == dt.date(2027, 1, 4)


def test_a_reopened_question_recomputes_its_clock_from_the_follow_up(course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course, at=shanghai(2026, 12, 1, 10))
    assert not question.first_due_provisional
    answer_post(question=question, author=expert, body="请见附件。", now=shanghai(2026, 12, 2, 9))
    question.refresh_from_db()
    # The learner follows up on Mon 28 Dec: Dec 29, 30, 31, Jan 4, 5.
    answer_post(
        question=question,
        author=question.asker,
        body="还有一个问题。",
        now=shanghai(2026, 12, 28, 9),
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert local_day(question.due_at) == dt.date(2027, 1, 5) and question.due_provisional
    CalendarOverride.objects.create(date=dt.date(2027, 1, 4), is_workday=False)
    assert provisional_due_dates_recompute(years=[2027]) == 1
    question.refresh_from_db()
    assert local_day(question.due_at) == dt.date(2027, 1, 6) and not question.due_provisional
    # The first promise was made in a published stretch and stays as it was.
    assert local_day(question.first_due_at) == dt.date(2026, 12, 8)


def test_adding_an_override_in_the_admin_recomputes_provisional_due_dates(
    client, staff_admin, christmas_question, run_tasks
):
    client.force_login(staff_admin)
    with run_tasks():
        response = client.post(
            reverse("wagtailsnippets_qanda_calendaroverride:add"),
            {"date": "2027-01-04", "is_workday": "", "note": "元旦延长"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(pk=christmas_question.pk)
    assert local_day(question.due_at) == dt.date(2027, 1, 5) and not question.due_provisional


def test_the_learner_and_the_expert_see_provisional_next_to_the_due_date(
    client, course_and_expert, christmas_question, run_tasks
):
    _course, expert = course_and_expert
    url = reverse("qanda:question_detail", args=[christmas_question.pk])
    for viewer in (christmas_question.asker, expert):
        client.force_login(viewer)
        page = client.get(url).content.decode()
        assert 'class="qanda-provisional"' in page
    with run_tasks():
        calendar_override_set(date=dt.date(2027, 1, 4), is_workday=False)
    assert 'class="qanda-provisional"' not in client.get(url).content.decode()
