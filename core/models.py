"""Plumbing models: the scheduler's record of daily runs, and the abstract import job that every
all-or-nothing file import extends. No domain lives here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One day's run of a daily job, queued by the scheduler (core.scheduler). The unique
    constraint makes "once a day" hold even with two schedulers running or a restart mid-minute."""

    job = models.CharField(_("job"), max_length=64)
    day = models.DateField(_("day"))
    queued_at = models.DateTimeField(_("queued at"))
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-queued_at"]
        constraints = [
            # Named when the model lived in trust; renaming it would rebuild the constraint on
            # every database for no gain.
            models.UniqueConstraint(fields=["job", "day"], name="trust_scheduledrun_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day:%Y-%m-%d}"


class ImportJob(models.Model):
    """What every all-or-nothing file import shares (people from HR, questions from GIFT, Moodle
    XML or XLSX): the uploaded file's name, a status, progress, the row report, who uploaded it
    and when. A subclass adds its file field and names its progress counters in `total_field` and
    `done_field`; core.imports.import_job_run runs it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        REJECTED = "rejected", _("Rejected (nothing written)")
        FAILED = "failed", _("Failed (nothing written)")

    FINISHED = (Status.SUCCEEDED, Status.REJECTED, Status.FAILED)
    total_field = "total"
    done_field = "done"

    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
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
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        total = getattr(self, self.total_field)
        if not total:
            return 0
        return min(100, round(100 * getattr(self, self.done_field) / total))
