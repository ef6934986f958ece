"""System check: every daily job (settings.DAILY_JOBS) names a task that exists, at a valid time,
so a typo fails `manage.py check` instead of a job silently never running."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register("trust")
def daily_jobs_valid(app_configs=None, databases=None, **kwargs):
    from django_tasks.base import Task

    from .scheduler import daily_jobs

    try:
        jobs = daily_jobs()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="trust.E001")]
    errors = []
    for job in jobs:
        try:
            task = job.task
        except ImportError as error:
            errors.append(
                checks.Error(
                    f"DAILY_JOBS[{job.name!r}]: cannot import {job.task_path!r} ({error}).",
                    id="trust.E002",
                )
            )
            continue
        if not isinstance(task, Task):
            errors.append(
                checks.Error(
                    f"DAILY_JOBS[{job.name!r}]: {job.task_path!r} is not a task (@task()).",
                    id="trust.E002",
                )
            )
    return errors
