"""A question-file upload, imported by a background task with progress and a row report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionImport(models.Model):
    class Format(models.TextChoices):
        GIFT = "gift", "GIFT"
        MOODLE_XML = "moodle-xml", "Moodle XML"
        XLSX = "xlsx", _("Spreadsheet (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        REJECTED = "rejected", _("Rejected (nothing written)")
        FAILED = "failed", _("Failed (nothing written)")

    FINISHED = (Status.SUCCEEDED, Status.REJECTED, Status.FAILED)

    file = models.FileField(_("file"), upload_to="imports/questions/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    default_competence = models.ForeignKey(
        "quizzes.Competence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default competence"),
    )
    default_language = models.CharField(_("default language"), max_length=10, default="zh-hans")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    questions_total = models.PositiveIntegerField(_("questions"), default=0)
    questions_done = models.PositiveIntegerField(_("questions processed"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.questions_total:
            return 0
        return min(100, round(100 * self.questions_done / self.questions_total))
