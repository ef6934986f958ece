"""Attempts, their answers and results. Every status change goes through quizzes.services.attempts;
finished attempts are immutable (the service refuses, and database triggers refuse too)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .assessment import Assessment
from .bank import QuestionVersion
from .competency import Competence


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Finished at the deadline")

    FINISHED = (Status.SUBMITTED, Status.EXPIRED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("learner"),
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("test")
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("Server time; blank means no deadline.")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The seed the question draw and the shuffles came from; the slots (Answer rows, created when
    # the attempt starts) are the frozen order and versions the learner sees.
    seed = models.BigIntegerField(_("shuffle seed"))
    # Adaptive tests only: the item-response model the attempt's questions were chosen with, and
    # the EAP ability with its standard error over the answered slots, updated at every "next" and
    # final once the attempt is finished.
    irt_model = models.CharField(_("item-response model"), max_length=10, blank=True)
    ability = models.FloatField(_("ability (θ)"), null=True, blank=True)
    ability_se = models.FloatField(_("standard error of the ability"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "assessment", "number"], name="quizzes_attempt_number_unique"
            ),
            # Two clicks on "Start" (or two devices) cannot open two attempts at once.
            models.UniqueConstraint(
                fields=["user", "assessment"],
                condition=models.Q(status="in_progress"),
                name="quizzes_one_open_attempt",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="in_progress") & models.Q(finished_at__isnull=True))
                | (
                    models.Q(status__in=["submitted", "expired"])
                    & models.Q(finished_at__isnull=False)
                ),
                name="quizzes_attempt_finished_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.assessment} #{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class Answer(models.Model):
    """One slot of an attempt: the question version shown there and the learner's latest response.
    Created for every slot when the attempt starts (an adaptive attempt: one at a time, at each
    "next"); each autosave updates the row in place. In an adaptive attempt in progress a slot
    with a score is one the learner has moved on from: it no longer changes."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("version")
    )
    # The competence at the time of the attempt, so later re-filing a question does not rewrite
    # old per-competence results.
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="+", verbose_name=_("competence")
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    option_order = models.JSONField(_("option order"), default=list, blank=True)
    response = models.JSONField(_("response"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["attempt", "slot"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "slot"], name="quizzes_answer_slot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.slot}"


class Result(models.Model):
    """The counted outcome of a finished attempt. One per attempt, enforced by the database, so a
    double submit can never count twice."""

    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, related_name="result", verbose_name=_("attempt")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("learner"),
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="results", verbose_name=_("test")
    )
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4)
    max_score = models.DecimalField(_("maximum score"), max_digits=9, decimal_places=4)
    percent = models.DecimalField(_("percent"), max_digits=6, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    # [{"competence": id, "code": "6.2", "score": "1.5", "max_score": "2", "percent": "75.00"}]
    competences = models.JSONField(_("per competence"), default=list)
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [models.Index(fields=["user", "assessment", "passed"])]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.percent}%"
