"""Item-response parameters of question versions: what quizzes.irt calibrates from the bank's
responses and what ability estimates and adaptive tests read.

Abilities and difficulties share one logit scale (0 is an average candidate of the calibration
sample). A version has at most one row per model; a recalibration replaces the rows it covers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bank import QuestionVersion
from .competency import Competence


class IrtModel(models.TextChoices):
    RASCH = "rasch", _("Rasch (one parameter)")
    TWO_PL = "2pl", _("Two-parameter logistic")


class ItemParameter(models.Model):
    question_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.CASCADE,
        related_name="irt_parameters",
        verbose_name=_("question version"),
    )
    model = models.CharField(_("model"), max_length=10, choices=IrtModel.choices)
    # a: how sharply the item separates candidates around its difficulty (1 under Rasch).
    discrimination = models.FloatField(_("discrimination (a)"), default=1.0)
    # b: the ability at which a candidate has an even chance of answering right.
    difficulty = models.FloatField(_("difficulty (b)"))
    difficulty_se = models.FloatField(_("standard error of b"), null=True, blank=True)
    discrimination_se = models.FloatField(_("standard error of a"), null=True, blank=True)
    responses = models.PositiveIntegerField(_("responses used"))
    calibrated_at = models.DateTimeField(_("calibrated at"))

    class Meta:
        ordering = ["question_version", "model"]
        verbose_name = _("item parameter")
        verbose_name_plural = _("item parameters")
        constraints = [
            models.UniqueConstraint(
                fields=["question_version", "model"], name="quizzes_item_parameter_once"
            ),
            models.CheckConstraint(
                condition=models.Q(discrimination__gt=0),
                name="quizzes_item_discrimination_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_version} · {self.model} b={self.difficulty:.2f}"


class AbilityMethod(models.TextChoices):
    IRT = "irt", _("Calibrated items (item response theory)")
    PERCENT = "percent", _("Test percentages")


class AbilityEstimate(models.Model):
    """A learner's current ability in one competence: the EAP θ and its standard error from their
    answers to calibrated items (method "irt"), or, where too few of their answers are to
    calibrated items, a marker that their level still comes from test percentages ("percent").
    One row per learner and competence, replaced whenever it is estimated again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ability_estimates",
        verbose_name=_("learner"),
    )
    competence = models.ForeignKey(
        Competence,
        on_delete=models.CASCADE,
        related_name="ability_estimates",
        verbose_name=_("competence"),
    )
    method = models.CharField(_("method"), max_length=10, choices=AbilityMethod.choices)
    theta = models.FloatField(_("ability (θ)"), null=True, blank=True)
    se = models.FloatField(_("standard error"), null=True, blank=True)
    # Answers to calibrated items the estimate used, and all scored answers in the competence.
    items = models.PositiveIntegerField(_("calibrated answers used"), default=0)
    responses = models.PositiveIntegerField(_("scored answers"), default=0)
    estimated_at = models.DateTimeField(_("estimated at"))

    class Meta:
        ordering = ["user", "competence"]
        verbose_name = _("ability estimate")
        verbose_name_plural = _("ability estimates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "competence"], name="quizzes_ability_one_current"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(method="irt", theta__isnull=False, se__gt=0)
                    | models.Q(method="percent", theta__isnull=True, se__isnull=True)
                ),
                name="quizzes_ability_method_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.competence.code} · {self.method}"


class CalibrationRun(models.Model):
    """One calibration of the bank (all competence areas), run by a background task with progress
    per area and a report of what was calibrated and what was left out."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    areas_total = models.PositiveIntegerField(_("areas"), default=0)
    areas_done = models.PositiveIntegerField(_("areas done"), default=0)
    # {"areas": [{"area": id, "code", "items", "persons", "skipped", "models": {...}}], "error"}
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("queued at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calibration run")
        verbose_name_plural = _("calibration runs")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} · {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.areas_total:
            return 0
        return min(100, round(100 * self.areas_done / self.areas_total))
