"""Background tasks for trust."""

from django_tasks import task

from .services import audit_prune


@task()
def prune_audit_log() -> int:
    """Delete audit events past their retention (AUDIT_RETENTION_DAYS, at least 180 days).
    Schedule it daily (cron: `python manage.py audit_prune --enqueue`)."""
    return audit_prune()
