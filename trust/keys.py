"""The backup key: the secret that signs backup manifests and audit-chain checkpoints.

It must not travel inside a backup (an archive signed with a key it carries proves nothing), so it
comes from the BACKUP_KEY environment variable. Without it, development and tests get a random key
generated once into var/keys/backup.key (not in git); production (BACKUP_KEY_REQUIRED) refuses.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class BackupKeyMissing(Exception):
    """BACKUP_KEY is not configured where it is required."""


def _dev_key_path() -> Path:
    return Path(settings.BASE_DIR) / "var" / "keys" / "backup.key"


def backup_key() -> bytes:
    """The configured BACKUP_KEY, or (outside production) a generated development key."""
    configured = getattr(settings, "BACKUP_KEY", "") or os.environ.get("BACKUP_KEY", "")
    if configured:
        return configured.encode("utf-8")
    if getattr(settings, "BACKUP_KEY_REQUIRED", False):
        raise BackupKeyMissing(
            _("BACKUP_KEY is not set: backups and audit checkpoints cannot be signed.")
        )
    path = _dev_key_path()
    if not path.exists():
        logger.warning("BACKUP_KEY is not set: generating a development key at %s", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(secrets.token_urlsafe(48), "utf-8")
        os.chmod(partial, 0o600)
        partial.replace(path)
    return path.read_text("utf-8").strip().encode("utf-8")


def sign(purpose: str, payload: bytes) -> str:
    """HMAC-SHA256 of `payload` under a sub-key of the backup key for `purpose`, so a signature
    made for one purpose (a checkpoint) can never be replayed as another (a manifest)."""
    subkey = hmac.new(backup_key(), purpose.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(subkey, payload, hashlib.sha256).hexdigest()


def verify(purpose: str, payload: bytes, signature: str) -> bool:
    """Whether `signature` is sign(purpose, payload), compared in constant time."""
    return hmac.compare_digest(sign(purpose, payload), signature or "")
