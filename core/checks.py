"""Start-up checks: private files must not end up where /media/ (or a backup) can reach them, and
every daily job (settings.DAILY_JOBS) names a task that exists at a valid time, so a typo fails
`manage.py check` instead of a job silently never running."""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .private_files import SERVE_MODES


def _inside(path: Path, root: Path) -> bool:
    path, root = path.resolve(), root.resolve()
    return path == root or root in path.parents


@checks.register(checks.Tags.security)
def private_files_check(app_configs, **kwargs):
    """PRIVATE_MEDIA_ROOT outside MEDIA_ROOT (and the other way round), a known serve mode."""
    errors = []
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    media_root = Path(settings.MEDIA_ROOT)
    if _inside(private_root, media_root) or _inside(media_root, private_root):
        errors.append(
            checks.Error(
                "PRIVATE_MEDIA_ROOT and MEDIA_ROOT overlap: private files would be public.",
                hint="Point PRIVATE_MEDIA_ROOT at a folder outside MEDIA_ROOT (default var/private).",
                id="core.E001",
            )
        )
    if settings.PRIVATE_FILES_SERVE not in SERVE_MODES:
        errors.append(
            checks.Error(
                f"PRIVATE_FILES_SERVE={settings.PRIVATE_FILES_SERVE!r} is not one of "
                "django, nginx, sendfile.",
                id="core.E002",
            )
        )
    if "private" not in settings.STORAGES:
        errors.append(checks.Error('settings.STORAGES has no "private" storage.', id="core.E003"))
    return errors


@checks.register("core")
def daily_jobs_valid(app_configs=None, databases=None, **kwargs):
    """Each DAILY_JOBS entry has a time of day and the dotted path of a @task()."""
    from django_tasks.base import Task

    from .scheduler import daily_jobs

    try:
        jobs = daily_jobs()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="core.E004")]
    errors = []
    for job in jobs:
        try:
            task = job.task
        except ImportError as error:
            errors.append(
                checks.Error(
                    f"DAILY_JOBS[{job.name!r}]: cannot import {job.task_path!r} ({error}).",
                    id="core.E005",
                )
            )
            continue
        if not isinstance(task, Task):
            errors.append(
                checks.Error(
                    f"DAILY_JOBS[{job.name!r}]: {job.task_path!r} is not a task (@task()).",
                    id="core.E005",
                )
            )
    return errors


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_check(app_configs=None, **kwargs):
    """A deployment keeps its cache in Redis: with the default per-process memory cache, rate
    limits, live contest rankings and cached pages differ between web processes and nodes."""
    if getattr(settings, "REDIS_URL", ""):
        return []
    return [
        checks.Warning(
            "REDIS_URL is not set: the cache, rate limits and live contest rankings live in "
            "each web process's own memory, so processes and nodes disagree and a restart "
            "forgets them.",
            hint="Set REDIS_URL to a Redis server shared by every node (docs/operations.md).",
            id="core.W001",
        )
    ]
