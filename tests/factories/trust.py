"""Trust helpers for tests: staff enrolled in two-factor authentication, their codes, and audit
events from long ago."""

import datetime as dt
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone

from trust.models import AuditAction, AuditEvent
from trust.services import mfa_totp_enrol

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user, secret: str = TOTP_SECRET) -> None:
    """Give `user` an authenticator app (and recovery codes), as a real staff member has."""
    mfa_totp_enrol(user=user, secret=secret)


def totp_code(secret: str = TOTP_SECRET, *, offset: int = 0) -> str:
    """The code an authenticator app with `secret` shows now (offset in 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time() // 30) + offset))


def old_audit_event(days: int) -> AuditEvent:
    """A login event recorded `days` ago (for retention and pruning tests)."""
    event = AuditEvent(
        action=AuditAction.LOGIN,
        actor_username="someone",
        occurred_at=timezone.now() - dt.timedelta(days=days),
    )
    event.save()
    return event
