"""The request being served, so that a service called deep inside it (role_grant from an admin
form, a password change from a validator) can still say who did it and from where."""

from contextvars import ContextVar

_current_request: ContextVar = ContextVar("trust_current_request", default=None)


def current_request():
    return _current_request.get()


def set_current_request(request):
    return _current_request.set(request)


def reset_current_request(token) -> None:
    _current_request.reset(token)
