"""Writes for trust: the audit log, sessions, lockouts and MFA enrolment.

Every other app may call `audit_record(...)` (trust sits just above people in the layers) and raise
`OutOfScope` for an object the viewer may not see (answered 404 and audited); rate limits are
core.ratelimit. Personal-data exporters register through trust.personal_data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.http import Http404
from django.utils import timezone

from core.client_ip import client_ip

from .context import current_request
from .models import AuditAction, AuditEvent, AuditResult
from .personal_data import (
    person_anonymise,
    personal_data_collect,
    personal_data_register,
    personal_data_register_anonymiser,
)

__all__ = [
    "AuditAction",
    "AuditResult",
    "OutOfScope",
    "audit_prune",
    "audit_record",
    "audit_retention_days",
    "audit_verify",
    "lockout_unlock",
    "mfa_totp_enrol",
    "person_anonymise",
    "personal_data_collect",
    "personal_data_register",
    "personal_data_register_anonymiser",
    "session_end",
    "session_track",
    "sessions_end_for_user",
]

AUDIT_MIN_RETENTION_DAYS = 180


class OutOfScope(Http404):
    """Raise for an object that exists but is outside the viewer's scope. It answers 404 (the
    object's existence is not confirmed) and the denial lands in the audit log."""

    def __init__(self, message: str = "", *, target_type: str = "", target_id: Any = ""):
        super().__init__(message)
        self.target_type = target_type
        self.target_id = str(target_id)


def _describe_target(target) -> tuple[str, str, str]:
    meta = getattr(target, "_meta", None)
    if meta is None:
        return "", "", str(target)[:255]
    return meta.label_lower, str(target.pk), str(target)[:255]


def audit_record(
    *,
    action: str,
    request=None,
    actor=None,
    actor_username: str = "",
    target=None,
    target_type: str = "",
    target_id: Any = "",
    target_repr: str = "",
    result: str = AuditResult.SUCCESS,
    details: dict | None = None,
) -> AuditEvent:
    """Append one event to the audit log. Who and from where come from `request` (or the request
    being served) unless given; `target` may be any model instance."""
    request = request if request is not None else current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if target is not None:
        target_type, target_id, target_repr = _describe_target(target)
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""
    event = AuditEvent(
        actor=actor,
        actor_username=(actor.get_username() if actor is not None else actor_username)[:150],
        action=action,
        target_type=target_type[:100],
        target_id=str(target_id)[:64],
        target_repr=str(target_repr)[:255],
        occurred_at=timezone.now(),
        ip=client_ip(request),
        user_agent=user_agent,
        result=result,
        details=details or {},
    )
    event.full_clean(exclude=["actor"])
    event.save()
    return event


def audit_retention_days() -> int:
    """Days an audit event is kept: AUDIT_RETENTION_DAYS, never fewer than 180."""
    return max(int(getattr(settings, "AUDIT_RETENTION_DAYS", 365)), AUDIT_MIN_RETENTION_DAYS)


def audit_maintenance_alias() -> str:
    """The database alias prunes run on: `audit_maintenance` (AUDIT_MAINTENANCE_DATABASE_URL, the
    maintenance role allowed to execute trust_audit_prune) when configured, else `default`."""
    return "audit_maintenance" if "audit_maintenance" in settings.DATABASES else "default"


def audit_prune(*, now: dt.datetime | None = None) -> int:
    """Delete audit events older than the retention period; the one path allowed to delete.

    The chain is verified first (a broken chain is evidence and is not pruned), then a signed
    checkpoint of the pruned runs is written, so what remains still verifies. On PostgreSQL the
    rows are removed by the SECURITY DEFINER function trust_audit_prune, which only the
    maintenance role may execute; on SQLite the trigger lets this prune's DELETE through."""
    from .audit_chain import chain_verify, lock_chain, maintenance, prune_runs, write_checkpoint

    using = audit_maintenance_alias()
    cutoff = (now or timezone.now()) - dt.timedelta(days=audit_retention_days())
    cutoff = min(cutoff, timezone.now() - dt.timedelta(days=AUDIT_MIN_RETENTION_DAYS))
    table = AuditEvent._meta.db_table
    with transaction.atomic(using=using):
        lock_chain(using)
        report = chain_verify(using=using)
        if not report.ok:
            _record_prune(
                using, result=AuditResult.FAILURE, deleted=0, cutoff=cutoff, report=report
            )
            return 0
        runs, expected = prune_runs(using=using, cutoff=cutoff)
        if not expected:
            _record_prune(using, result=AuditResult.SUCCESS, deleted=0, cutoff=cutoff)
            return 0
        write_checkpoint(using=using, cutoff=cutoff, runs=runs, deleted=expected)
        connection = connections[using]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT trust_audit_prune(%s)", [cutoff])
                deleted = cursor.fetchone()[0]
            else:
                with maintenance("prune"):
                    cursor.execute(f"DELETE FROM {table} WHERE occurred_at < %s", [cutoff])  # noqa: S608
                    deleted = cursor.rowcount
        if deleted != expected:
            # The checkpoint would not describe what was removed: undo both.
            raise RuntimeError(f"Audit prune removed {deleted} rows, expected {expected}.")
        _record_prune(using, result=AuditResult.SUCCESS, deleted=deleted, cutoff=cutoff)
    return deleted


def _record_prune(using, *, result, deleted, cutoff, report=None) -> None:
    details = {"deleted": deleted, "older_than": cutoff.isoformat()}
    if report is not None:
        details.update(refused="chain broken", broken_event_id=report.broken_event_id)
    AuditEvent(
        actor_username="system",
        action=AuditAction.AUDIT_PRUNED,
        occurred_at=timezone.now(),
        result=result,
        details=details,
    ).save(using=using)


def audit_verify(*, using: str = "default"):
    """Check the whole audit chain, store the outcome (shown in the admin's audit log) and
    return it (trust.audit_chain.ChainReport)."""
    from .audit_chain import chain_verify
    from .models import AuditVerification

    report = chain_verify(using=using)
    AuditVerification.objects.using(using).create(
        checked_at=timezone.now(),
        ok=report.ok,
        events_checked=report.events_checked,
        broken_event_id=report.broken_event_id,
        broken_checkpoint_id=report.broken_checkpoint_id,
        problem=report.problem[:255],
    )
    return report


# --- Sessions ---------------------------------------------------------------------------------


def session_track(*, request) -> None:
    """Remember a freshly logged-in session against its person, so it can be listed and ended."""
    from allauth.usersessions.models import UserSession

    if not request.session.session_key:
        request.session.save()
    ip = client_ip(request)
    if ip is None:
        return  # A request without a client address (the test client's login) is not a browser.
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": request.user,
            "ip": ip,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "last_seen_at": timezone.now(),
        },
    )


def sessions_end_for_user(*, user, reason: str, keep_session_key: str | None = None) -> int:
    """End every session of `user` on the server (except `keep_session_key`). Returns how many."""
    from allauth.usersessions.models import UserSession

    ended = 0
    for user_session in UserSession.objects.filter(user_id=user.pk):
        if keep_session_key and user_session.session_key == keep_session_key:
            continue
        user_session.end()
        ended += 1
    if ended:
        audit_record(
            action=AuditAction.SESSION_ENDED,
            target=user,
            details={"reason": reason, "sessions": ended},
        )
    return ended


def session_end(*, request, session_id: int) -> None:
    """End one of the requesting person's own other sessions; someone else's is out of scope."""
    from allauth.usersessions.models import UserSession

    user_session = UserSession.objects.filter(pk=session_id, user_id=request.user.pk).first()
    if user_session is None:
        raise OutOfScope(target_type="usersessions.usersession", target_id=session_id)
    user_session.end()
    audit_record(
        action=AuditAction.SESSION_ENDED,
        request=request,
        target=request.user,
        details={"reason": "ended_by_owner", "session": session_id},
    )


# --- Lockout ----------------------------------------------------------------------------------


def lockout_unlock(*, username: str, request=None) -> int:
    """Clear the failed attempts of one account name, so it can log in again at once."""
    from axes.utils import reset

    cleared = reset(username=username)
    audit_record(
        action=AuditAction.UNLOCK,
        request=request,
        target_type="account_name",
        target_id=username[:64],
        target_repr=username,
        details={"attempt_records_cleared": cleared},
    )
    return cleared


# --- MFA --------------------------------------------------------------------------------------


@transaction.atomic
def mfa_totp_enrol(*, user, secret: str) -> None:
    """Give `user` a TOTP authenticator with this secret, plus recovery codes (demo and tests; real
    people enrol on the two-factor page, which shows them a fresh secret)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    audit_record(
        action=AuditAction.MFA_ENABLED,
        actor_username="system",
        target=user,
        details={"type": "totp", "by": "enrolment service"},
    )
