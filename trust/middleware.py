"""Request-level guards: who is asking (for the audit log), session timeouts, the MFA requirement
for staff roles, the mlps password age, admin and scope denials, and the CSP header."""

from __future__ import annotations

import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from .context import reset_current_request, set_current_request
from .models import AuditAction, AuditResult
from .selectors import mfa_required_for, password_expired, user_has_totp
from .services import OutOfScope, audit_record

SESSION_STARTED = "trust.started_at"
SESSION_LAST_SEEN = "trust.last_seen_at"
SESSION_PASSWORD_CHECKED = "trust.password_ok"  # noqa: S105 — a session key
# Writing the session on every request would cost a query each time; a minute is precise enough.
LAST_SEEN_RESOLUTION = 60

# Pages a person must still reach while they are being asked to enrol in MFA or change their
# password: the enrolment pages themselves, logging out, and switching language.
MFA_ENROLMENT_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "logout",
    "healthz",
    "set_language",
}
PASSWORD_CHANGE_URL_NAMES = MFA_ENROLMENT_URL_NAMES | {
    "account_change_password",
    "account_set_password",
}


def _url_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return match.url_name


def _is_asset(request) -> bool:
    path = request.path_info
    return path.startswith((settings.STATIC_URL, settings.MEDIA_URL))


class RequestContextMiddleware:
    """Make the current request available to services for the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_request(request)
        try:
            return self.get_response(request)
        finally:
            reset_current_request(token)


class SessionTimeoutMiddleware:
    """End a session idle for SESSION_IDLE_TIMEOUT or older than SESSION_ABSOLUTE_TIMEOUT."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.get(SESSION_STARTED)
            last_seen = session.get(SESSION_LAST_SEEN)
            if started is None or last_seen is None:
                session[SESSION_STARTED] = started or now
                session[SESSION_LAST_SEEN] = now
            else:
                idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
                expired = now - started > settings.SESSION_ABSOLUTE_TIMEOUT
                if idle or expired:
                    return self._end(request, "idle" if idle else "absolute")
                if now - last_seen >= LAST_SEEN_RESOLUTION:
                    session[SESSION_LAST_SEEN] = now
        return self.get_response(request)

    def _end(self, request, reason: str):
        audit_record(
            action=AuditAction.SESSION_EXPIRED,
            request=request,
            target=request.user,
            details={"reason": reason},
        )
        request._trust_logout_reason = "expired"
        logout(request)
        messages.info(request, _("Your session has ended. Please log in again."))
        login_url = reverse("login")
        if request.method == "GET" and not _is_asset(request):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path(), login_url)
        return redirect(login_url)


class MfaEnrolmentMiddleware:
    """A person holding a staff role (MFA_REQUIRED_ROLES) without an authenticator app is sent to
    the enrolment page from every page, the site and the admin alike, until they enrol."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication. Set up an authenticator app "
                    "to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request) -> bool:
        user = request.user
        return (
            user.is_authenticated
            and not _is_asset(request)
            and mfa_required_for(request=request, user=user)
            and not user_has_totp(user=user)
            and _url_name(request) not in MFA_ENROLMENT_URL_NAMES
        )


class PasswordExpiryMiddleware:
    """Under the mlps policy, a password older than PASSWORD_MAX_AGE_DAYS must be changed first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.PASSWORD_POLICY == "mlps"  # noqa: S105
            and user.is_authenticated
            and not _is_asset(request)
            and not request.session.get(SESSION_PASSWORD_CHECKED)
        ):
            if password_expired(user=user):
                if _url_name(request) not in PASSWORD_CHANGE_URL_NAMES:
                    messages.warning(
                        request,
                        _("Your password has expired. Please choose a new one to continue."),
                    )
                    return redirect("account_change_password")
            else:
                request.session[SESSION_PASSWORD_CHECKED] = True
        return self.get_response(request)


def record_denial(request, *, reason: str, target_type: str = "", target_id: str = "") -> None:
    if getattr(request, "_trust_denial_recorded", False):
        return
    request._trust_denial_recorded = True
    audit_record(
        action=AuditAction.PERMISSION_DENIED,
        request=request,
        result=AuditResult.DENIED,
        target_type=target_type,
        target_id=target_id,
        target_repr=request.path[:255],
        details={"reason": reason, "method": request.method, "path": request.path[:500]},
    )


class AccessDeniedMiddleware:
    """Every denial answers 403 (or 404 for out-of-scope objects) and is audited.

    Wagtail sends a person without admin access to the login page, and turns a permission failure
    inside the admin into a redirect home; here the first is answered 403 before Wagtail runs, and
    trust.apps installs `admin_permission_denied` for the second, so both are real 403s that
    clients, tests and the audit log all see.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            record_denial(request, reason="forbidden")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(settings.TRUST_ADMIN_PREFIX):
            return None
        user = request.user
        if not user.is_authenticated:
            return None  # Wagtail sends anonymous visitors to the login page.
        if not user.has_perm("wagtailadmin.access_admin"):
            return self._forbidden(request, "admin_access")
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, OutOfScope):
            record_denial(
                request,
                reason="out_of_scope",
                target_type=exception.target_type,
                target_id=exception.target_id,
            )
        elif isinstance(exception, Http404) and _is_scope_checked(request):
            record_denial(request, reason="out_of_scope")
        elif isinstance(exception, PermissionDenied):
            record_denial(request, reason="permission_denied")
        return None

    def _forbidden(self, request, reason: str):
        return forbidden_response(request, reason=reason)


def _is_scope_checked(request) -> bool:
    """Whether a 404 from this view means "outside your scope": views in the URL namespaces of
    TRUST_SCOPE_404_NAMESPACES answer every out-of-scope object with a 404 (a page that does not
    exist for this viewer), so each of their 404s for a logged-in person is an audited denial."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return bool(
        match is not None
        and user is not None
        and user.is_authenticated
        and set(match.namespaces) & set(settings.TRUST_SCOPE_404_NAMESPACES)
    )


def forbidden_response(request, *, reason: str):
    """A 403 page in the site shell, with the denial audited."""
    record_denial(request, reason=reason)
    return render(request, "trust/forbidden.html", status=403)


def admin_permission_denied(request):
    """Replaces wagtail.admin.auth.permission_denied (see trust.apps): a 403, not a redirect."""
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    return forbidden_response(request, reason="admin_permission")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a looser policy only under the Wagtail admin, which needs inline styles."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.TRUST_ADMIN_PREFIX):
            parts.update = {**settings.TRUST_CSP_ADMIN_UPDATE, **(parts.update or {})}
            parts.replace = {**settings.TRUST_CSP_ADMIN_REPLACE, **(parts.replace or {})}
        return parts
