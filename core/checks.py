"""Start-up checks: private files must not end up where /media/ (or a backup) can reach them."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from .private_files import SERVE_MODES


def _inside(path: Path, root: Path) -> bool:
    path, root = path.resolve(), root.resolve()
    return path == root or root in path.parents


@checks.register(checks.Tags.security)
def private_files_check(app_configs, **kwargs):
    """PRIVATE_MEDIA_ROOT outside MEDIA_ROOT (and the other way round), a known serve mode."""
    errors = []
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    media_root = Path(settings.MEDIA_ROOT)
    if _inside(private_root, media_root) or _inside(media_root, private_root):
        errors.append(
            checks.Error(
                "PRIVATE_MEDIA_ROOT and MEDIA_ROOT overlap: private files would be public.",
                hint="Point PRIVATE_MEDIA_ROOT at a folder outside MEDIA_ROOT (default var/private).",
                id="core.E001",
            )
        )
    if settings.PRIVATE_FILES_SERVE not in SERVE_MODES:
        errors.append(
            checks.Error(
                f"PRIVATE_FILES_SERVE={settings.PRIVATE_FILES_SERVE!r} is not one of "
                "django, nginx, sendfile.",
                id="core.E002",
            )
        )
    if "private" not in settings.STORAGES:
        errors.append(checks.Error('settings.STORAGES has no "private" storage.', id="core.E003"))
    return errors
