"""A small cache-based rate limiter for endpoints people could hammer: answer saving, certificate
verification, login. Fixed windows keyed by scope and by the person (or, anonymously, the client
address). With Redis as the cache every web node shares the counts; with the local-memory cache
(single-node default) each process counts on its own.

    from core.ratelimit import rate_limit_consume, rate_limited

    @rate_limited("quizzes.answer", limit=120, per_seconds=60)
    def answer(request, ...): ...

    # or inside a view:
    if not rate_limit_consume(request=request, scope="certificates.verify", limit=30, per_seconds=60):
        ...
"""

from __future__ import annotations

import functools
import time

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from .client_ip import client_ip


class RateLimitExceeded(Exception):
    """Raised by `rate_limit` when the caller has used up the window."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def rate_limit_key(*, request, scope: str) -> str:
    """The counter a request uses: per person when logged in, else per client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who = f"u{user.pk}"
    else:
        who = f"ip{client_ip(request) or 'unknown'}"
    return f"rl:{scope}:{who}"


def rate_limit_consume(*, request, scope: str, limit: int, per_seconds: int) -> bool:
    """Count one use of `scope`; False once more than `limit` uses fell in this window."""
    window = int(time.time() // per_seconds)
    key = f"{rate_limit_key(request=request, scope=scope)}:{window}"
    # add() then incr() is atomic on Redis and within one local-memory process.
    cache.add(key, 0, timeout=per_seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # Expired between add and incr: start the window again.
        cache.set(key, 1, timeout=per_seconds + 1)
        used = 1
    return used <= limit


def rate_limit(*, request, scope: str, limit: int, per_seconds: int) -> None:
    """Like rate_limit_consume, but raises RateLimitExceeded when the limit is passed."""
    if not rate_limit_consume(request=request, scope=scope, limit=limit, per_seconds=per_seconds):
        retry_after = per_seconds - int(time.time()) % per_seconds
        raise RateLimitExceeded(retry_after)


def rate_limited(scope: str, *, limit: int, per_seconds: int, methods=("POST",)):
    """View decorator: past the limit, answer 429 with a translated page and Retry-After."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods and request.method not in methods:
                return view(request, *args, **kwargs)
            try:
                rate_limit(request=request, scope=scope, limit=limit, per_seconds=per_seconds)
            except RateLimitExceeded as exceeded:
                return too_many_requests(request, retry_after=exceeded.retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, *, retry_after: int):
    """The 429 answer: a whole sentence in the person's language, and when to try again."""
    message = _(
        "Too many requests in a short time. Please wait %(seconds)s seconds and try again."
    ) % {"seconds": retry_after}
    response = render(request, "core/too_many_requests.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
