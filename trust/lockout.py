"""Glue between django-axes and GovLearn: which account name an attempt counts against, and the
page a locked-out person sees. Lockout is by account name only, never by address, so one person
mistyping cannot lock a whole office behind a shared IP."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def lockout_username(request, credentials: dict | None) -> str | None:
    """The canonical account name for an attempt: the real user name when the typed name or
    e-mail address belongs to an account (so "Admin", "admin" and admin's e-mail share one
    counter), otherwise the typed text, lower-cased."""
    typed = None
    if credentials:
        typed = credentials.get("username") or credentials.get("email") or credentials.get("login")
    if typed is None and request is not None:
        data = getattr(request, "POST", {})
        typed = data.get("login") or data.get("username")
    if not typed:
        return None
    typed = str(typed).strip()
    User = get_user_model()
    user = User.objects.filter(username__iexact=typed).only("username").first()
    if user is None and "@" in typed:
        matches = list(User.objects.filter(email__iexact=typed).only("username")[:2])
        user = matches[0] if len(matches) == 1 else None
    # axes stores the name in a 255-character column: longer typed text (no account has such a
    # name) is cut rather than refused by PostgreSQL as a server error.
    return user.username if user is not None else typed.lower()[:255]


def cool_off_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_message() -> str:
    minutes = cool_off_minutes()
    return ngettext(
        "This account is locked for %(minutes)d minute after too many failed logins. Try again "
        "later, or ask a platform administrator to unlock it.",
        "This account is locked for %(minutes)d minutes after too many failed logins. Try again "
        "later, or ask a platform administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out attempt gets: the login page again, saying why and for how long."""
    return render(
        request,
        "trust/locked_out.html",
        {"message": lockout_message(), "title": _("Account locked")},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
