"""Reads for trust: who must use MFA, audit-log queries, locked account names, sessions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from people.selectors import user_roles

from .models import AuditEvent, PasswordState


def roles_of(*, request, user) -> set[str]:
    """The user's roles, looked up once per request. The value is kept on the request under the
    name home.context_processors.navigation reads, so the site shell does not ask again."""
    roles = getattr(request, "_nav_roles", None) if request is not None else None
    if roles is None:
        roles = user_roles(user=user)
        if request is not None:
            request._nav_roles = roles
    return roles


def mfa_required_for(*, user, request=None) -> bool:
    """Whether this person's roles require two-factor authentication (MFA_REQUIRED_ROLES)."""
    return bool(roles_of(request=request, user=user) & set(settings.MFA_REQUIRED_ROLES))


def user_has_totp(*, user) -> bool:
    """Whether the person has an authenticator app enrolled."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def password_changed_at(*, user) -> dt.datetime:
    """When the person last set their password (their account's creation if never recorded)."""
    state = PasswordState.objects.filter(user_id=user.pk).only("changed_at").first()
    return state.changed_at if state else user.date_joined


def password_expired(*, user) -> bool:
    """Under the mlps policy: whether the password is older than PASSWORD_MAX_AGE_DAYS. People who
    log in only through single sign-on have no password here and never expire."""
    if not user.has_usable_password():
        return False
    age = timezone.now() - password_changed_at(user=user)
    return age > dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def audit_events(
    *,
    actor: str = "",
    action: str = "",
    result: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, filtered by actor user name, action, result and UTC dates."""
    events = AuditEvent.objects.all()
    if actor:
        events = events.filter(actor_username__iexact=actor.strip())
    if action:
        events = events.filter(action=action)
    if result:
        events = events.filter(result=result)
    if date_from:
        events = events.filter(occurred_at__gte=_utc_midnight(date_from))
    if date_to:
        events = events.filter(occurred_at__lt=_utc_midnight(date_to + dt.timedelta(days=1)))
    return events.order_by("-occurred_at", "-pk")


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def audit_events_about(*, user) -> QuerySet[AuditEvent]:
    """Events a person did, or that were done to their account (for their personal-data export)."""
    from django.db.models import Q

    label = user._meta.label_lower
    return AuditEvent.objects.filter(
        Q(actor_id=user.pk) | Q(target_type=label, target_id=str(user.pk))
    ).order_by("occurred_at", "pk")


def locked_account_names() -> list[dict]:
    """Account names locked out right now, with their failure count and when the lock ends."""
    from axes.models import AccessAttempt

    cutoff = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=cutoff
    ).order_by("username", "-attempt_time")
    seen: dict[str, dict] = {}
    for attempt in attempts:
        if attempt.username and attempt.username not in seen:
            seen[attempt.username] = {
                "username": attempt.username,
                "failures": attempt.failures_since_start,
                "locked_until": attempt.attempt_time + settings.AXES_COOLOFF_TIME,
            }
    return list(seen.values())


def sessions_of(*, user) -> list:
    """The person's live sessions, oldest first (ended ones are dropped as they are found)."""
    from allauth.usersessions.models import UserSession

    return sorted(UserSession.objects.purge_and_list(user), key=lambda s: s.created_at)


def daily_job_status() -> list[dict]:
    """Each daily job with its last run and what the worker made of it (three queries, however
    many days of runs are stored)."""
    from django_tasks_db.models import DBTaskResult

    from core.scheduler import daily_jobs, last_runs

    latest = last_runs()
    results = {
        str(result.pk): result
        for result in DBTaskResult.objects.filter(
            pk__in=[run.task_id for run in latest.values() if run.task_id]
        ).only("id", "status", "started_at", "finished_at", "return_value", "exception_class_path")
    }
    rows = []
    for job in daily_jobs():
        run = latest.get(job.name)
        result = results.get(run.task_id) if run else None
        rows.append(
            {
                "name": job.name,
                "at": job.at,
                "task_path": job.task_path,
                "day": run.day if run else None,
                "queued_at": run.queued_at if run else None,
                "status": result.get_status_display() if result else None,
                "failed": bool(result and result.status == "FAILED"),
                "finished_at": result.finished_at if result else None,
                "return_value": result.return_value if result else None,
                "error": result.exception_class_path.rsplit(".", 1)[-1] if result else "",
            }
        )
    return rows


def audit_last_verification():
    """The latest check of the audit chain (trust.models.AuditVerification), or None."""
    from .models import AuditVerification

    return AuditVerification.objects.order_by("-checked_at", "-pk").first()
