"""Writes for enrolment, lesson progress, check answers, course completion and search logging.

Time is always the server's: services take an optional `now` (tests pass it) and otherwise read
django.utils.timezone.now(). A browser never tells us how long someone studied.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import local_today

from . import selectors
from .models import CheckAnswer, CoursePage, Enrolment, LessonPage, LessonProgress, SearchQueryLog
from .signals import course_completed

if TYPE_CHECKING:
    from wagtail.models import Workflow

# The most one heartbeat can credit. The lesson page beats every 15 seconds; a longer gap (a
# sleeping laptop, a dropped connection) still credits at most this, so the total credited can
# never exceed the real time between the first and the last heartbeat.
HEARTBEAT_MAX_CREDIT_SECONDS = 60


class EnrolmentError(ValidationError):
    """Self-enrolment was refused; the message says why, in the learner's language."""


class ProgressError(ValidationError):
    """Progress cannot be recorded (not enrolled, unknown question, bad choice)."""


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _format_date(value: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT")


# --- enrolment -------------------------------------------------------------------------------------


@transaction.atomic
def enrolment_create(*, user, course: CoursePage, now: dt.datetime | None = None) -> Enrolment:
    """Self-enrol `user` on `course` (any language version) inside its enrolment window.
    Re-enrolling after withdrawing reopens the same enrolment."""
    now = _now(now)
    source = selectors.source_page(page=course)
    if not source.live:
        raise EnrolmentError(_("This course is not open for enrolment."))
    today = local_today(now)
    if source.enrolment_opens is None or source.enrolment_closes is None:
        raise EnrolmentError(_("This course has no enrolment period yet."))
    if today < source.enrolment_opens:
        raise EnrolmentError(
            _("Enrolment for this course opens on %(date)s.")
            % {"date": _format_date(source.enrolment_opens)}
        )
    if today > source.enrolment_closes:
        raise EnrolmentError(
            _("Enrolment for this course closed on %(date)s.")
            % {"date": _format_date(source.enrolment_closes)}
        )
    existing = Enrolment.objects.select_for_update().filter(user=user, course=source).first()
    if existing is not None:
        if existing.status != Enrolment.Status.WITHDRAWN:
            raise EnrolmentError(_("You are already enrolled in this course."))
        existing.status = Enrolment.Status.ACTIVE
        existing.enrolled_at = now
        existing.full_clean()
        existing.save(update_fields=["status", "enrolled_at"])
        enrolment = existing
    else:
        enrolment = Enrolment(user=user, course=source, enrolled_at=now)
        enrolment.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError as error:  # a double click: the other request enrolled first
            raise EnrolmentError(_("You are already enrolled in this course.")) from error
    # Progress made before withdrawing still counts.
    course_completion_record(user=user, course=source, now=now)
    enrolment.refresh_from_db()
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment) -> Enrolment:
    """Leave a course in progress. Progress is kept; a completed course cannot be withdrawn from."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise EnrolmentError(_("Only a course in progress can be left."))
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.full_clean()
    enrolment.save(update_fields=["status"])
    return enrolment


def _enrolment_for_lesson(*, user, source_lesson: LessonPage) -> Enrolment:
    course = source_lesson.course
    enrolment = (
        Enrolment.objects.filter(user=user, course=course)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .first()
        if course
        else None
    )
    if enrolment is None:
        raise ProgressError(_("Enrol in the course to record your progress."))
    return enrolment


# --- lesson progress -------------------------------------------------------------------------------


def _progress_for_update(*, user, lesson: LessonPage, now: dt.datetime) -> LessonProgress:
    progress = LessonProgress.objects.select_for_update().filter(user=user, lesson=lesson).first()
    if progress is None:
        try:
            with transaction.atomic():
                progress = LessonProgress.objects.create(
                    user=user, lesson=lesson, first_seen=now, last_heartbeat_at=now
                )
        except IntegrityError:  # created by a concurrent request
            progress = LessonProgress.objects.select_for_update().get(user=user, lesson=lesson)
    return progress


@transaction.atomic
def lesson_visit(*, user, lesson: LessonPage, now: dt.datetime | None = None):
    """The learner opened the lesson: (re)start the server's clock. Credits no time, so coming
    back tomorrow does not count the night. Does nothing for someone not enrolled."""
    now = _now(now)
    source = selectors.source_page(page=lesson)
    try:
        _enrolment_for_lesson(user=user, source_lesson=source)
    except ProgressError:
        return None
    progress = _progress_for_update(user=user, lesson=source, now=now)
    if progress.last_heartbeat_at != now:
        progress.last_heartbeat_at = now
        progress.save(update_fields=["last_heartbeat_at"])
    _lesson_completion_record(user=user, lesson=source, progress=progress, now=now)
    return progress


@transaction.atomic
def lesson_heartbeat(*, user, lesson: LessonPage, now: dt.datetime | None = None) -> LessonProgress:
    """Credit the real time since the previous heartbeat (at most HEARTBEAT_MAX_CREDIT_SECONDS),
    then complete the lesson if its rules are met. Rapid or faked beats add nothing: the clock
    mark only moves forward by what was credited."""
    now = _now(now)
    source = selectors.source_page(page=lesson)
    _enrolment_for_lesson(user=user, source_lesson=source)
    progress = _progress_for_update(user=user, lesson=source, now=now)
    elapsed = (now - progress.last_heartbeat_at).total_seconds()
    if elapsed > HEARTBEAT_MAX_CREDIT_SECONDS:
        # A long gap: credit the cap and restart the clock from now.
        progress.seconds_spent += HEARTBEAT_MAX_CREDIT_SECONDS
        progress.last_heartbeat_at = now
    elif elapsed >= 1:
        credit = int(elapsed)
        progress.seconds_spent += credit
        # Keep the fraction of a second for the next beat instead of losing or gifting it.
        progress.last_heartbeat_at += dt.timedelta(seconds=credit)
    progress.full_clean()
    progress.save(update_fields=["seconds_spent", "last_heartbeat_at"])
    _lesson_completion_record(user=user, lesson=source, progress=progress, now=now)
    return progress


@transaction.atomic
def check_answer_submit(
    *, user, lesson: LessonPage, block_id: str, choice: int, now: dt.datetime | None = None
) -> CheckAnswer:
    """Record the learner's answer to one check question of `lesson` (the page they see, in
    either language) and judge it here on the server. A learner may answer again until right."""
    now = _now(now)
    questions = lesson.check_questions()
    question = questions.get(block_id)
    if question is None:
        raise ProgressError(_("This question is not part of the lesson."))
    if not 1 <= choice <= len(question["choices"]):
        raise ProgressError(_("Choose one of the answers."))
    source = selectors.source_page(page=lesson)
    _enrolment_for_lesson(user=user, source_lesson=source)
    source_block_id = selectors.question_id_map(lesson=lesson, source_lesson=source).get(block_id)
    if source_block_id is None:
        raise ProgressError(_("This question is not part of the lesson."))
    answer = CheckAnswer.objects.select_for_update().filter(
        user=user, lesson=source, block_id=source_block_id
    ).first() or CheckAnswer(user=user, lesson=source, block_id=source_block_id)
    if answer.pk and answer.is_correct:
        return answer  # a right answer stays right
    answer.choice = choice
    answer.is_correct = choice == question["correct_choice"]
    answer.answered_at = now
    answer.full_clean(validate_constraints=False)
    answer.save()
    progress = _progress_for_update(user=user, lesson=source, now=now)
    _lesson_completion_record(user=user, lesson=source, progress=progress, now=now)
    return answer


def _lesson_completion_record(
    *, user, lesson: LessonPage, progress: LessonProgress, now: dt.datetime
) -> bool:
    """Complete the (source) lesson when the server has counted its minimum time and every check
    question is answered correctly; then see whether the course is complete."""
    if progress.completed_at is not None:
        return True
    if progress.seconds_spent < lesson.min_seconds:
        return False
    question_ids = set(lesson.check_questions())
    if question_ids:
        right = CheckAnswer.objects.filter(
            user=user, lesson=lesson, block_id__in=question_ids, is_correct=True
        ).count()
        if right < len(question_ids):
            return False
    progress.completed_at = now
    progress.save(update_fields=["completed_at"])
    course = lesson.course
    if course is not None:
        course_completion_record(user=user, course=course, now=now)
    return True


# --- course completion -----------------------------------------------------------------------------


def all_lessons_complete(*, user, course: CoursePage) -> bool:
    """Every live lesson of the (source) course is complete for `user`."""
    lesson_ids = list(
        LessonPage.objects.live()
        .filter(path__startswith=course.path, depth=course.depth + 1)
        .values_list("pk", flat=True)
    )
    if not lesson_ids:
        return False
    done = LessonProgress.objects.filter(
        user=user, lesson_id__in=lesson_ids, completed_at__isnull=False
    ).count()
    return done == len(lesson_ids)


# What completes a course, all of which must hold. Extension point: when the quizzes app offers a
# final test per course, append a requirement here that asks quizzes.selectors whether `user`
# passed the course's final test (courses may import quizzes; quizzes must not import courses).
COMPLETION_REQUIREMENTS = (all_lessons_complete,)


@transaction.atomic
def course_completion_record(
    *, user, course: CoursePage, now: dt.datetime | None = None
) -> Enrolment | None:
    """Mark the learner's active enrolment on `course` completed when every completion
    requirement holds, and send `course_completed` once, after commit. Returns the enrolment
    (completed or not), or None when the learner is not enrolled."""
    now = _now(now)
    source = selectors.source_page(page=course)
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=source).first()
    if enrolment is None or enrolment.status != Enrolment.Status.ACTIVE:
        return enrolment
    if not all(requirement(user=user, course=source) for requirement in COMPLETION_REQUIREMENTS):
        return enrolment
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = now
    enrolment.full_clean()
    enrolment.save(update_fields=["status", "completed_at"])
    transaction.on_commit(
        lambda: course_completed.send(
            sender=Enrolment, enrolment=enrolment, user=user, course=source
        )
    )
    return enrolment


# --- search log ------------------------------------------------------------------------------------


def search_query_log(*, query: str, language: str, results_count: int) -> SearchQueryLog:
    """Remember a search and how many results it had (issue 8 reports the ones that found none)."""
    entry = SearchQueryLog(query=query[:200], locale=language[:16], results_count=results_count)
    entry.full_clean()
    entry.save()
    return entry


# --- authoring workflow ----------------------------------------------------------------------------

REVIEWERS_GROUP = "Reviewers"
# The group people.roles gives the platform-admin role: platform admins may review too.
PLATFORM_ADMINS_GROUP = "Platform admins"
REVIEW_WORKFLOW_NAME = "课程审核 / Course review"
REVIEW_TASK_NAME = "课程审核 / Course review"


@transaction.atomic
def course_review_workflow_ensure() -> Workflow:
    """Create (or bring up to date) the course-review workflow: one group approval by Reviewers or
    platform admins, assigned to every catalogue so every course goes through it. Reviewers may
    edit and publish catalogue pages. Safe to run any number of times; runs after every migrate
    (courses.apps), and a catalogue created later gets it when saved (courses.receivers)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    from .models import CatalogueIndexPage

    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    reviewers.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    groups = [reviewers, *Group.objects.filter(name=PLATFORM_ADMINS_GROUP)]
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.add(*groups)
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for catalogue in CatalogueIndexPage.objects.all():
        course_review_workflow_assign(catalogue=catalogue, workflow=workflow)
    return workflow


def course_review_workflow_assign(*, catalogue, workflow=None) -> None:
    """Put `catalogue` (and so every course under it) under the course-review workflow and let
    Reviewers edit and publish there. Does nothing before the workflow exists."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

    workflow = workflow or Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    reviewers = Group.objects.filter(name=REVIEWERS_GROUP).first()
    if workflow is None or reviewers is None:
        return
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=["change_page", "publish_page"]
    ):
        GroupPagePermission.objects.get_or_create(
            group=reviewers, page=catalogue, permission=permission
        )
