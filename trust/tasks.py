"""Background tasks for trust."""

from django_tasks import task

from .services import audit_prune, audit_verify


@task()
def prune_audit_log() -> int:
    """Delete audit events past their retention (AUDIT_RETENTION_DAYS, at least 180 days).
    Scheduled daily (DAILY_JOBS); by hand: `python manage.py audit_prune --enqueue`."""
    return audit_prune()


@task()
def verify_audit_chain() -> bool:
    """Check the audit log's hash chain (scheduled daily in DAILY_JOBS, before the prune); the
    outcome is stored and shown on the admin's audit log page."""
    return audit_verify().ok
