"""Stored item analysis: one run per recomputation of a test (when, how many attempts, the test's
statistics, its status and progress) and one row per question version in it (its statistics, the
distractor table, its flags). Computed only by the background task
(quizzes.services.analysis.item_analysis_execute), never in a request."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .assessment import Assessment
from .bank import QuestionVersion


class ItemAnalysisRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Recompute in the admin")
        NIGHTLY = "nightly", _("Nightly, after new attempts")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="item_analysis_runs",
        verbose_name=_("test"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    trigger = models.CharField(
        _("started by"), max_length=20, choices=Trigger.choices, default=Trigger.MANUAL
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Progress: question versions analysed of those found.
    items_done = models.PositiveIntegerField(_("questions analysed"), default=0)
    items_total = models.PositiveIntegerField(_("questions found"), default=0)
    attempts = models.PositiveIntegerField(_("finished attempts"), default=0)
    # The finished attempt the run saw last, so the nightly sweep knows whether anything changed.
    last_finished_at = models.DateTimeField(_("latest attempt finished at"), null=True, blank=True)
    unmarked_answers = models.PositiveIntegerField(_("answers awaiting marking"), default=0)
    mean = models.FloatField(_("mean score"), null=True, blank=True)
    sd = models.FloatField(_("standard deviation"), null=True, blank=True)
    alpha = models.FloatField(_("Cronbach's alpha"), null=True, blank=True)
    kr20 = models.FloatField(_("KR-20"), null=True, blank=True)
    sem = models.FloatField(_("standard error of measurement"), null=True, blank=True)
    reliability_attempts = models.PositiveIntegerField(_("attempts in reliability"), default=0)
    reliability_items = models.PositiveIntegerField(_("questions in reliability"), default=0)
    # The thresholds the flags were raised with (quizzes.analysis.flags.Thresholds).
    thresholds = models.JSONField(_("thresholds"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("item analysis run")
        verbose_name_plural = _("item analysis runs")
        constraints = [
            # One queued or running analysis per test: a second "Recompute" joins the first.
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(status__in=["queued", "running"]),
                name="quizzes_one_unfinished_item_analysis",
            ),
            models.CheckConstraint(
                condition=models.Q(items_done__lte=models.F("items_total")),
                name="quizzes_item_analysis_progress",
            ),
        ]
        indexes = [models.Index(fields=["assessment", "status", "-requested_at"])]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status not in self.UNFINISHED

    @property
    def progress_percent(self) -> int:
        return int(100 * self.items_done / self.items_total) if self.items_total else 0


class ItemStatistic(models.Model):
    """One question version's statistics in one run. Shares are 0..1; the distractor table is
    {"options": [{"id", "text", "keyed"}], "picks", "n", "n_upper", "n_middle", "n_lower",
    "upper", "middle", "lower", "all", "no_answer": {group: share}} for choice questions, else
    empty."""

    run = models.ForeignKey(
        ItemAnalysisRun, on_delete=models.CASCADE, related_name="items", verbose_name=_("run")
    )
    question_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.CASCADE,
        related_name="item_statistics",
        verbose_name=_("question version"),
    )
    position = models.PositiveIntegerField(_("position"))
    responses = models.PositiveIntegerField(_("scored responses"))
    unmarked = models.PositiveIntegerField(_("awaiting marking"), default=0)
    facility = models.FloatField(_("facility"), null=True, blank=True)
    point_biserial = models.FloatField(_("point-biserial (corrected)"), null=True, blank=True)
    upper_lower = models.FloatField(_("upper–lower index"), null=True, blank=True)
    distractors = models.JSONField(_("distractor table"), default=dict, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)

    class Meta:
        ordering = ["run", "position"]
        verbose_name = _("item statistic")
        verbose_name_plural = _("item statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "question_version"], name="quizzes_item_statistic_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.question_version_id}"
