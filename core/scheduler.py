"""Daily jobs without cron: `python manage.py run_scheduler` queues each job of DAILY_JOBS once a
day, at or after its local time, for the task worker to run.

The tasks backport has no periodic scheduler; this is the smallest one that keeps the promises
the jobs need:

- once a day: a ScheduledRun row per (job, day) under a unique constraint, written in the same
  transaction as the queued task, so two schedulers, a restart or a retry never queue a job twice
  and a crash never records a run that was not queued;
- nothing missed: a scheduler started after a job's time (the machine was off at 08:00) queues
  today's run at once. The jobs are sweeps, so today's run also covers the days before.

Jobs are named by the dotted path of their task, so this module imports no app: core is the
bottom layer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    name: str
    task_path: str
    at: time

    @property
    def task(self):
        return import_string(self.task_path)


def daily_jobs() -> list[DailyJob]:
    """DAILY_JOBS from settings, checked: {name: (task path, "HH:MM" local time)}."""
    jobs = []
    for name, (task_path, at) in getattr(settings, "DAILY_JOBS", {}).items():
        try:
            hour, minute = (int(part) for part in at.split(":"))
            when = time(hour, minute)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"DAILY_JOBS[{name!r}]: {at!r} is not a time of day like '08:30'."
            ) from error
        jobs.append(DailyJob(name=name, task_path=task_path, at=when))
    return sorted(jobs, key=lambda job: (job.at, job.name))


def schedule_due_jobs(*, now: datetime | None = None) -> list[str]:
    """Queue every job whose time today has come and that has not run today. Returns the names
    queued by this call."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    due = [job for job in daily_jobs() if local.time() >= job.at]
    done_today = set(
        ScheduledRun.objects.filter(
            day=local.date(), job__in=[job.name for job in due]
        ).values_list("job", flat=True)
    )
    queued = []
    for job in due:
        if job.name in done_today:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, day=local.date(), queued_at=now)
                result = job.task.enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:  # another scheduler queued it a moment ago
            continue
        logger.info("Queued daily job %s for %s (task %s)", job.name, local.date(), run.task_id)
        queued.append(job.name)
    return queued


def seconds_to_next_check(*, now: datetime | None = None) -> float:
    """Until the start of the next minute: job times are whole minutes."""
    now = now or timezone.now()
    return 60 - now.second - now.microsecond / 1_000_000 + 0.05


def last_runs() -> dict[str, ScheduledRun]:
    """The latest run of each configured job (absent for a job that never ran). Two queries,
    however many days of runs are stored."""
    names = [job.name for job in daily_jobs()]
    latest_days = ScheduledRun.objects.filter(job__in=names).values("job").annotate(day=Max("day"))
    wanted = Q(pk__in=[])
    for row in latest_days:
        wanted |= Q(job=row["job"], day=row["day"])
    return {run.job: run for run in ScheduledRun.objects.filter(wanted)}
