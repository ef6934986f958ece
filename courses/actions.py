"""Actions: operations whose rule is asked in more than one place, as in `wagtail.actions`.

Publishing a course is one: the admin's publish button (courses.wagtail_hooks), the reviewer's
approval in the course-review workflow (courses.admin_views), the course edit page's check panel
(courses.panels) and publishing in code or on a schedule (CoursePage.publish) all ask
PublishCourseAction, so the rule is written once, here and in the selector it reads.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction

from .selectors import course_publish_problems


class CoursePublishRefused(ValidationError):
    """The course may not be published; `reasons` are whole translated sentences naming what is
    missing. A ValidationError, so code that publishes sees an ordinary validation failure."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__(self.reasons)


class PublishCourseAction:
    """Publish `course` (a CoursePage in the state to be published, usually a revision's object)
    only when its guide is complete and it has a published lesson."""

    def __init__(self, course, *, user=None):
        self.course = course
        self.user = user

    def reasons(self) -> list[str]:
        """Why the course may not be published, as whole sentences; empty when it may."""
        return course_publish_problems(course=self.course)

    def check(self) -> None:
        """Raise CoursePublishRefused with every reason when the course may not be published."""
        reasons = self.reasons()
        if reasons:
            raise CoursePublishRefused(reasons)

    def execute(self, revision, **kwargs):
        """Publish `revision` of the course after the check, in one transaction with it. Keyword
        arguments are those of Wagtail's PublishPageRevisionAction (user, changed, log_action,
        previous_revision) plus skip_permission_checks."""
        skip_permission_checks = kwargs.pop("skip_permission_checks", False)
        kwargs.setdefault("user", self.user)
        with transaction.atomic():
            self.check()
            return PublishPageRevisionAction(revision, **kwargs).execute(
                skip_permission_checks=skip_permission_checks
            )
