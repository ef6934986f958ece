"""Private storage: where files only their owners may see are kept (certificate and transcript
PDFs, bulk ZIPs, question attachments, import uploads, exports). No URL maps to it, in development
too; views that check permission hand its files out through core.private_files.

The backend is configuration (settings.STORAGES["private"]): a FileSystemStorage under
PRIVATE_MEDIA_ROOT today, an S3 bucket through django-storages later, without touching a model.
"""

from __future__ import annotations

import os
import uuid

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

PRIVATE = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage that has no URL. FileSystemStorage falls back to MEDIA_URL when
    base_url is None, so `.url()` itself refuses: a template that tries to link a private file
    fails loudly instead of printing a link that leaks (or 404s)."""

    def __init__(self, location=None, **kwargs):
        kwargs["base_url"] = None
        if location is None:
            from django.conf import settings

            location = settings.PRIVATE_MEDIA_ROOT
        super().__init__(location=location, **kwargs)

    def url(self, name):
        raise ValueError(
            "Private files have no URL: serve them through a view that checks permission "
            "(core.private_files.serve_private_file)."
        )


class _PrivateStorage(LazyObject):
    """settings.STORAGES["private"], looked up when first used and again after the setting
    changes (tests and settings may switch it; the models never name a backend)."""

    def _setup(self):
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    # Django drops its own cache of STORAGES on this signal; drop ours with it.
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """The private storage, for `FileField(storage=private_storage)` and for code that saves
    files outside a model (exports). A callable so migrations do not freeze a backend."""
    return _private


@deconstructible
class UnguessableName:
    """An upload_to that names every file `<folder>/<32 random hex digits><ext>`: nothing about
    the owner, the serial or the date, so a name that leaks says nothing and cannot be guessed.
    The original extension is kept only when it is in `extensions` (lower case, with the dot)."""

    def __init__(self, folder: str, extensions: tuple[str, ...] = (), default_extension: str = ""):
        self.folder = folder.strip("/")
        self.extensions = tuple(extensions)
        self.default_extension = default_extension

    def __call__(self, instance, filename: str) -> str:
        extension = os.path.splitext(filename or "")[1].lower()
        if extension not in self.extensions:
            extension = self.default_extension
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, UnguessableName) and (
            self.folder,
            self.extensions,
            self.default_extension,
        ) == (other.folder, other.extensions, other.default_extension)
