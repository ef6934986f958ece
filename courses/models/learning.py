"""Learner data: enrolments, lesson progress and check-question answers.

Every row points at the Chinese (source-locale) page with on_delete=PROTECT, so progress made on
the English translation counts once, and a page with learner history cannot be deleted by accident.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A learner's place on a course. Status changes only through courses.services."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    enrolled_at = models.DateTimeField(_("enrolled at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_once_per_course"),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_at__isnull=False),
                name="enrolment_completed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="enrolment_user_status")]

    def __str__(self) -> str:
        return f"{self.user} · {self.course_id} · {self.status}"


class LessonProgress(models.Model):
    """Server-measured time on a lesson. `last_heartbeat_at` is the server's clock mark: the next
    heartbeat credits at most the real time since it (capped), never what the browser claims."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.PROTECT,
        related_name="progress",
    )
    seconds_spent = models.PositiveIntegerField(_("seconds spent"), default=0)
    first_seen = models.DateTimeField(_("first seen"))
    last_heartbeat_at = models.DateTimeField(_("last heartbeat"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_progress_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id} · {self.seconds_spent}s"


class CheckAnswer(models.Model):
    """A learner's latest answer to one check question (a block of a lesson's StreamField)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="check_answers",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.PROTECT,
        related_name="check_answers",
    )
    block_id = models.CharField(_("question block"), max_length=64)
    choice = models.PositiveSmallIntegerField(_("choice"))
    is_correct = models.BooleanField(_("correct"))
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("check answer")
        verbose_name_plural = _("check answers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id"], name="check_answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id} · {self.block_id}"
