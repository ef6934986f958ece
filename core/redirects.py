"""Where to send someone after a form: a user-supplied `next` is followed only when it stays on
this site (a login link or a hidden field must not become an open redirect to a lookalike site)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str, *, field: str = "next") -> str:
    """The `next` the request carries (POST, else GET) when it is same-site, else `fallback`.

    Refused: other hosts (`https://evil.example`), scheme-relative (`//evil.example`) and
    backslash tricks (`/\\evil.example`, which browsers read as `//`), non-HTTP schemes
    (`javascript:`), plain HTTP when the request itself is HTTPS, and anything that is neither a
    path from the site root nor an absolute URL (`%00%ff`, `my_team`: `redirect()` would take such
    a word for a view name, and a relative path lands somewhere nobody meant)."""
    candidate = (request.POST.get(field) or request.GET.get(field) or "").strip()
    if (
        candidate
        and (candidate.startswith("/") or urlsplit(candidate).netloc)
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback
