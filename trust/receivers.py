"""Connect what Django, allauth, axes and people announce to the audit log and session rules.

Receivers only translate an event into a call to a trust service: logins, failures and lockouts
come from many code paths (allauth's forms, SSO, the test client, the admin), and signals are the
one place every path passes through.
"""

from __future__ import annotations

from allauth.account.signals import password_reset
from allauth.mfa.signals import (
    authentication_failed,
    authenticator_added,
    authenticator_removed,
    authenticator_reset,
)
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from people.signals import role_granted, role_revoked

from .context import current_request
from .models import AuditAction, AuditResult, PasswordState
from .services import audit_record, session_track, sessions_end_for_user

User = get_user_model()


@receiver(user_logged_in, dispatch_uid="trust_logged_in")
def on_logged_in(sender, request, user, **kwargs):
    import time

    from .middleware import SESSION_LAST_SEEN, SESSION_STARTED

    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now
    methods = request.session.get("account_authentication_methods") or []
    audit_record(
        action=AuditAction.LOGIN,
        request=request,
        actor=user,
        target=user,
        details={"methods": sorted({m.get("method", "") for m in methods if isinstance(m, dict)})},
    )
    session_track(request=request)


@receiver(user_logged_out, dispatch_uid="trust_logged_out")
def on_logged_out(sender, request, user, **kwargs):
    from allauth.usersessions.models import UserSession

    if request is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    if user is None or getattr(request, "_trust_logout_reason", "") == "expired":
        return
    audit_record(action=AuditAction.LOGOUT, request=request, actor=user, target=user)


@receiver(user_login_failed, dispatch_uid="trust_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    typed = str(credentials.get("username") or credentials.get("email") or "")[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        request=request,
        actor_username=typed,
        target_type="account_name",
        target_id=typed[:64],
        target_repr=typed,
        result=AuditResult.DENIED if locked else AuditResult.FAILURE,
        details={"locked_out": locked},
    )


@receiver(user_locked_out, dispatch_uid="trust_locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    if getattr(request, "_trust_lockout_recorded", False):
        return
    request._trust_lockout_recorded = True
    audit_record(
        action=AuditAction.LOCKOUT,
        request=request,
        actor_username=str(username or "")[:150],
        target_type="account_name",
        target_id=str(username or "")[:64],
        target_repr=str(username or ""),
        result=AuditResult.DENIED,
    )


def _mfa_event(action, result=AuditResult.SUCCESS):
    def handler(sender, request=None, user=None, authenticator=None, **kwargs):
        audit_record(
            action=action,
            request=request,
            actor=user if action != AuditAction.MFA_FAILED else None,
            actor_username=user.get_username() if user is not None else "",
            target=user,
            result=result,
            details={"type": getattr(authenticator, "type", "")},
        )

    return handler


_on_mfa_added = _mfa_event(AuditAction.MFA_ENABLED)
_on_mfa_removed = _mfa_event(AuditAction.MFA_DISABLED)
_on_mfa_reset = _mfa_event(AuditAction.MFA_CODES_REGENERATED)
_on_mfa_failed = _mfa_event(AuditAction.MFA_FAILED, AuditResult.FAILURE)
authenticator_added.connect(_on_mfa_added, dispatch_uid="trust_mfa_added")
authenticator_removed.connect(_on_mfa_removed, dispatch_uid="trust_mfa_removed")
authenticator_reset.connect(_on_mfa_reset, dispatch_uid="trust_mfa_reset")
authentication_failed.connect(_on_mfa_failed, dispatch_uid="trust_mfa_failed")


@receiver(password_reset, dispatch_uid="trust_password_reset")
def on_password_reset(sender, request, user, **kwargs):
    audit_record(action=AuditAction.PASSWORD_RESET, request=request, actor=user, target=user)


def on_password_changed(*, user) -> None:
    """Called by PasswordChangeRecorder after any saved password change."""
    now = timezone.now()
    PasswordState.objects.update_or_create(user=user, defaults={"changed_at": now})
    if getattr(user, "_trust_adding", False):
        return  # A new account's first password is not a change.
    request = current_request()
    keep = None
    request_user = getattr(request, "user", None)
    if request_user is not None and request_user.is_authenticated and request_user.pk == user.pk:
        keep = request.session.session_key
        request.session.pop("trust.password_ok", None)
    audit_record(action=AuditAction.PASSWORD_CHANGED, target=user)
    sessions_end_for_user(user=user, reason="password_changed", keep_session_key=keep)


@receiver(pre_save, sender=User, dispatch_uid="trust_user_pre_save")
def remember_previous_state(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._trust_adding = instance._state.adding
    instance._trust_was_active = None
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    instance._trust_was_active = (
        User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    )


@receiver(post_save, sender=User, dispatch_uid="trust_user_post_save")
def end_sessions_of_disabled_person(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    if getattr(instance, "_trust_was_active", None) and not instance.is_active:
        audit_record(action=AuditAction.PERSON_DISABLED, target=instance)
        sessions_end_for_user(user=instance, reason="disabled")


@receiver(role_granted, dispatch_uid="trust_role_granted")
def on_role_granted(sender, user, role, org_unit=None, **kwargs):
    audit_record(
        action=AuditAction.ROLE_GRANTED,
        target=user,
        details={"role": role, "org_unit": getattr(org_unit, "code", None)},
    )


@receiver(role_revoked, dispatch_uid="trust_role_revoked")
def on_role_revoked(sender, user, role, org_unit=None, **kwargs):
    audit_record(
        action=AuditAction.ROLE_REVOKED,
        target=user,
        details={"role": role, "org_unit": getattr(org_unit, "code", None)},
    )
