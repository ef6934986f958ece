"""Q&A test data: a course with a named expert, and questions asked at a given moment."""

from __future__ import annotations

import datetime as dt

from people.models import Role
from people.services import role_grant
from qanda.models import CourseExpert
from qanda.services import question_ask
from tests.factories import courses as course_factories
from tests.factories.people import UserFactory
from tests.factories.trust import enrol_totp

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def shanghai(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in Asia/Shanghai (UTC+8, no daylight saving)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def course_with_expert(**kwargs):
    """A live course (owned by a separate course owner) with one named expert."""
    owner = UserFactory()
    course = course_factories.course(**kwargs)
    course.owner = owner
    course.save(update_fields=["owner"])
    expert = UserFactory()
    role_grant(user=expert, role=Role.EXPERT)
    enrol_totp(expert)  # staff roles must use two-factor authentication (trust app)
    CourseExpert.objects.create(course=course, user=expert)
    return course, expert


def ask(*, course, user=None, at: dt.datetime | None = None, visibility="private", **kwargs):
    """A question asked through the service (the way the site asks)."""
    return question_ask(
        user=user or UserFactory(),
        course=course,
        title=kwargs.pop("title", "数据共享目录怎么编制？"),
        body=kwargs.pop("body", "请问部门数据目录的编制步骤是什么？"),
        visibility=visibility,
        now=at,
        **kwargs,
    )
