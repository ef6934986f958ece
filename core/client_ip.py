"""The client's address, as the audit log, the lockout (axes) and the rate limiter see it."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address. Behind a reverse proxy set TRUST_CLIENT_IP_HEADER (for example
    HTTP_X_FORWARDED_FOR); its first entry is used. Never trust that header without a proxy."""
    if request is None:
        return None
    # The setting keeps its trust-era name: deployments already set it in their environment.
    header = getattr(settings, "TRUST_CLIENT_IP_HEADER", "")
    value = ""
    if header:
        value = request.META.get(header, "").split(",")[0].strip()
    value = value or request.META.get("REMOTE_ADDR", "")
    return value or None
