"""Training plans: assignments of a course or a test, with a due date, to people or whole units;
the reminders sent about them, in-site notices, and the secret token of a learner's calendar feed.

A unit assignment is expanded to one `AssignmentTarget` per person when it is made. People who join
the unit later are not added silently (their manager did not assign them anything); the manager
assigns the course to them (a new assignment) when they should take it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .mixins import CourseOrAssessment


class TrainingAssignment(CourseOrAssessment):
    """A manager's or admin's assignment. Exactly one of `course` and `assessment` is set."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("course"),
    )
    assessment = models.ForeignKey(
        "quizzes.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("test"),
    )
    due_date = models.DateField(_("due date"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    units = models.ManyToManyField(
        "people.OrgUnit", blank=True, related_name="+", verbose_name=_("units assigned")
    )
    # The people a manager chose by name, kept beside the units: the targets are the union of
    # both, and this says why someone outside the chosen units is among them.
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people assigned")
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("training assignment")
        verbose_name_plural = _("training assignments")
        constraints = [
            CourseOrAssessment.one_target_constraint(name="plans_assignment_course_xor_test"),
        ]

    def __str__(self) -> str:
        return f"{self.target_title} · {self.due_date}"

    @property
    def target_title(self) -> str:
        return self.course.title if self.course_id else str(self.assessment)


class AssignmentTarget(models.Model):
    """One person's share of an assignment. Status is derived (enrolment completed, test passed),
    never stored, so it cannot drift from the learning record."""

    assignment = models.ForeignKey(
        TrainingAssignment,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("assignment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignment_targets",
        verbose_name=_("learner"),
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("assigned person")
        verbose_name_plural = _("assigned people")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="plans_target_once"),
        ]
        indexes = [models.Index(fields=["user"], name="plans_target_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.assignment_id}"


class ReminderRule(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    MANUAL = "manual", _("Reminded by a manager")


class ReminderSent(models.Model):
    """A reminder that went out. The unique constraint is what makes each automatic reminder go
    out exactly once, even when the daily task runs twice or on two workers at once; a manual one
    waits out the cool-down of `training.actions.RemindAction` (the target's row is locked)."""

    target = models.ForeignKey(AssignmentTarget, on_delete=models.CASCADE, related_name="reminders")
    rule = models.CharField(_("rule"), max_length=20, choices=ReminderRule.choices)
    # Manual reminders may repeat; their key is the time they were sent.
    key = models.CharField(_("key"), max_length=40, default="", blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["target", "rule", "key"], name="plans_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} · {self.rule}"


class Notice(models.Model):
    """An in-site notice shown on My learning until the learner dismisses it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["user", "read_at"], name="plans_notice_unread")]

    def __str__(self) -> str:
        return self.message


class CalendarFeedToken(models.Model):
    """The secret in a learner's calendar feed URL. Rotating replaces it, so the old URL stops."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return str(self.user)
