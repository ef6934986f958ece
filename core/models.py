"""Plumbing models: the scheduler's record of daily runs, and the abstract import job that every
all-or-nothing file import extends. No domain lives here."""

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
