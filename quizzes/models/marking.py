"""Expert marking of essay answers, and the wait a result is in until it is marked.

    attempt finishes with an essay answered -> MarkingWait (no Result yet) + one MarkedAnswer per
    essay, each with its MarkingTask(s): one marker, or two independent ones (contests and
    double-marked tests), a third when those two differ by more than the test's margin. When every
    MarkedAnswer of the attempt is final, the Result is recorded exactly once (its one-to-one
    constraint) and the usual signals follow. Every write goes through quizzes.services.marking.

Markers see an answer only by its anonymous `code`, never the learner's name or unit.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .assessment import Assessment
from .attempt import Answer, Attempt


class MarkingWait(models.Model):
    """A finished attempt whose Result waits for its essays to be marked."""

    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, related_name="marking_wait", verbose_name=_("attempt")
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="+", verbose_name=_("test")
    )
    created_at = models.DateTimeField(_("waiting since"))
    # The 5-working-day promise, counted from the submission (qanda.workdays).
    due_at = models.DateTimeField(_("expected by"))
    finalised_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("result awaiting marking")
        verbose_name_plural = _("results awaiting marking")
        indexes = [models.Index(fields=["assessment", "finalised_at"])]

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.due_at:%Y-%m-%d}"


class MarkingMethod(models.TextChoices):
    SINGLE = "single", _("One marker")
    MEAN = "mean", _("Mean of two markers")
    CLOSEST = "closest", _("Mean of the two closest of three marks")
    MODERATED = "moderated", _("Set by the lead marker")


class MarkedAnswer(models.Model):
    """One essay answer under marking, known to markers only by its anonymous code."""

    class Status(models.TextChoices):
        MARKING = "marking", _("Being marked")
        THIRD = "third", _("Waiting for a third marker")
        FINAL = "final", _("Final")

    answer = models.OneToOneField(
        Answer, on_delete=models.CASCADE, related_name="marking", verbose_name=_("answer")
    )
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="marked_answers", verbose_name=_("attempt")
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="+", verbose_name=_("test")
    )
    code = models.CharField(_("anonymous code"), max_length=16, unique=True)
    double = models.BooleanField(_("double marked"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MARKING
    )
    score = models.DecimalField(
        _("final points"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    method = models.CharField(
        _("final mark by"), max_length=10, choices=MarkingMethod.choices, blank=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderation_reason = models.TextField(_("reason for moderation"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    finalised_at = models.DateTimeField(_("final at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer being marked")
        verbose_name_plural = _("answers being marked")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="final") | models.Q(score__isnull=False),
                name="quizzes_marked_final_has_score",
            )
        ]

    def __str__(self) -> str:
        return self.code


class MarkingTask(models.Model):
    """One marker's mark of one answer: a level per rubric criterion (or points directly), a
    comment per criterion and an overall comment. A draft until submitted."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("To mark")
        DRAFT = "draft", _("Draft saved")
        SUBMITTED = "submitted", _("Submitted")

    marked_answer = models.ForeignKey(
        MarkedAnswer, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("answer")
    )
    # Blank while nobody in the pool can take it (the lead marker assigns it).
    marker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="marking_tasks",
        verbose_name=_("marker"),
    )
    role = models.PositiveSmallIntegerField(_("marker number"))  # 1, 2, or 3 (the third)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED
    )
    levels = models.JSONField(_("chosen levels"), default=dict, blank=True)
    comments = models.JSONField(_("comments per criterion"), default=dict, blank=True)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    score = models.DecimalField(_("points"), max_digits=8, decimal_places=4, null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"))
    due_at = models.DateTimeField(_("due"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("marking task")
        verbose_name_plural = _("marking tasks")
        constraints = [
            # A marker never marks the same answer twice.
            models.UniqueConstraint(
                fields=["marked_answer", "marker"], name="quizzes_marking_one_per_marker"
            ),
            models.UniqueConstraint(
                fields=["marked_answer", "role"], name="quizzes_marking_one_per_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__gte=1, role__lte=3), name="quizzes_marking_role"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="submitted")
                | (models.Q(score__isnull=False) & models.Q(submitted_at__isnull=False)),
                name="quizzes_marking_submitted_has_score",
            ),
        ]
        indexes = [models.Index(fields=["marker", "status"])]

    def __str__(self) -> str:
        return f"{self.marked_answer_id} · {self.role}"
