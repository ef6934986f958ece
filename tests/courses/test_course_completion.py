"""A course completes when every lesson is complete, and `course_completed` is sent exactly once."""

import datetime as dt

import pytest

from courses.models import Enrolment
from courses.services import course_completion_record, lesson_heartbeat, lesson_visit
from courses.signals import course_completed

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC)


def _study(user, lesson, start):
    lesson_visit(user=user, lesson=lesson, now=start)
    lesson_heartbeat(user=user, lesson=lesson, now=start + dt.timedelta(seconds=60))
    lesson_heartbeat(user=user, lesson=lesson, now=start + dt.timedelta(seconds=120))


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    course_completed.connect(receiver)
    yield calls
    course_completed.disconnect(receiver)


def test_the_course_completes_with_its_last_lesson_and_signals_once(
    learner, course, enrolled, received, django_capture_on_commit_callbacks
):
    lessons = list(course.get_children().specific().order_by("path"))
    with django_capture_on_commit_callbacks(execute=True):
        for number, lesson in enumerate(lessons[:-1]):
            _study(learner, lesson, T0 + dt.timedelta(hours=number))
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.ACTIVE
    assert received == []
    with django_capture_on_commit_callbacks(execute=True):
        _study(learner, lessons[-1], T0 + dt.timedelta(hours=5))
        course_completion_record(user=learner, course=course)
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.COMPLETED
    assert enrolled.completed_at == T0 + dt.timedelta(hours=5, seconds=120)
    assert len(received) == 1
    assert received[0]["enrolment"].pk == enrolled.pk
    assert received[0]["user"] == learner
    assert received[0]["course"].pk == course.pk


def test_a_course_is_not_complete_without_an_enrolment(learner, course, received):
    assert course_completion_record(user=learner, course=course) is None
    assert received == []


def test_progress_made_before_enrolling_again_completes_the_course(
    learner, course, enrolled, django_capture_on_commit_callbacks, received
):
    from courses.services import enrolment_create, enrolment_withdraw

    lessons = list(course.get_children().specific().order_by("path"))
    for number, lesson in enumerate(lessons[:-1]):
        _study(learner, lesson, T0 + dt.timedelta(hours=number))
    enrolment_withdraw(enrolment=enrolled)
    enrolment_create(user=learner, course=course)
    _study(learner, lessons[-1], T0 + dt.timedelta(hours=9))
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.COMPLETED
