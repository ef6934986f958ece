"""The request being served, so that a service called deep inside it (role_grant from an admin
form, a password change from a validator) can still say who did it and from where."""

from contextvars import ContextVar

from django.conf import settings

_current_request: ContextVar = ContextVar("trust_current_request", default=None)


def current_request():
    return _current_request.get()


def set_current_request(request):
    return _current_request.set(request)


def reset_current_request(token) -> None:
    _current_request.reset(token)


def client_ip(request) -> str | None:
    """The client's address. Behind a reverse proxy set TRUST_CLIENT_IP_HEADER (for example
    HTTP_X_FORWARDED_FOR); its first entry is used. Never trust that header without a proxy."""
    if request is None:
        return None
    header = getattr(settings, "TRUST_CLIENT_IP_HEADER", "")
    value = ""
    if header:
        value = request.META.get(header, "").split(",")[0].strip()
    value = value or request.META.get("REMOTE_ADDR", "")
    return value or None
