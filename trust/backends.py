"""Authentication backends."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Every login form (allauth's, and anything else that calls `authenticate(request, ...)`) passes
    the request, and is checked. Code that authenticates without a request (Django's test client
    `login()`, a shell) has no account name to count attempts against; axes would raise, so here it
    simply passes on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
