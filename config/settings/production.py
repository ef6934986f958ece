"""Production: hardened defaults; every secret and host comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import PLATFORM_SIGNING_KEY, SECRET_KEY, STORAGES, env, env_bool, env_list

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of 50+ characters."
    )

# Without it each node would generate a signing key of its own on its own disk, and a certificate
# issued on one node would fail verification on the others (and after a redeploy).
if not PLATFORM_SIGNING_KEY:
    raise ImproperlyConfigured(
        "PLATFORM_SIGNING_KEY must be set (an Ed25519 private key: a PEM file path or the PEM "
        "itself), the same on every node; see docs/operations.md."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# Backups and audit checkpoints are signed with BACKUP_KEY; never with a generated key here.
BACKUP_KEY_REQUIRED = True
# Media and private files as base.py chose them (a folder, or S3 with STORAGE_BACKEND=s3).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Trust (issue 9): browsers fetch nothing over plain HTTP; cookies are never sent cross-site.
_CSP = CONTENT_SECURITY_POLICY  # noqa: F405 — defined in base
CONTENT_SECURITY_POLICY = {
    **_CSP,
    "DIRECTIVES": {**_CSP["DIRECTIVES"], "upgrade-insecure-requests": True},
}
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
