"""Private storage: where files only their owners may see are kept (certificate and transcript
PDFs, bulk ZIPs, question attachments, import uploads, exports). No URL maps to it, in development
too; views that check permission hand its files out through core.private_files.

The backend is configuration (settings.STORAGES["private"]): a folder (PrivateFileSystemStorage
under PRIVATE_MEDIA_ROOT) by default, a private bucket (PrivateS3Storage) with STORAGE_BACKEND=s3,
without touching a model. Code reaches a stored file only through the storage API (open, save,
exists, delete), never through a local path, so a web node or worker never needs another's disk.
"""

from __future__ import annotations

import os
import uuid

from django.core.exceptions import ImproperlyConfigured
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


def _s3_storage_class():
    try:
        from storages.backends.s3 import S3Storage
    except ImportError as error:  # pragma: no cover - django-storages is a dependency
        raise ImproperlyConfigured(
            "STORAGE_BACKEND=s3 needs django-storages[s3] (pyproject.toml)."
        ) from error
    return S3Storage


class _LazyS3Base:
    """Defers importing boto3 until an S3 storage is built (the local default never loads it)."""

    def __new__(cls, *args, **kwargs):
        if not hasattr(cls, "_s3_class"):
            base = _s3_storage_class()
            cls._s3_class = type(cls.__name__, (cls._S3Mixin, base), {"__module__": cls.__module__})
        return cls._s3_class(*args, **kwargs)


class PublicS3Storage(_LazyS3Base):
    """Public media (Wagtail images and documents of published pages) in an S3-compatible bucket
    that the public may read: plain URLs (no signature, so pages can be cached), through
    `custom_domain` (a CDN) when one is set."""

    class _S3Mixin:
        def __init__(self, **settings):
            settings.setdefault("querystring_auth", False)
            settings.setdefault("default_acl", None)  # the bucket's policy decides, not per object
            super().__init__(**settings)


class PrivateS3Storage(_LazyS3Base):
    """The private files in a bucket nobody may read without the keys: objects private, and no
    URL at all (`.url()` refuses as PrivateFileSystemStorage does); core.private_files streams
    them after the view has checked permission."""

    class _S3Mixin:
        def __init__(self, **settings):
            settings["default_acl"] = "private"
            settings["querystring_auth"] = True
            settings.pop("custom_domain", None)
            super().__init__(**settings)

        def url(self, name, *args, **kwargs):
            raise ValueError(
                "Private files have no URL: serve them through a view that checks permission "
                "(core.private_files.serve_private_file)."
            )

        def stream(self, name, chunk_size: int = 64 * 1024):
            """(chunks, size): the object read from the bucket a chunk at a time, so a large
            file passes through the web node without being kept on its disk or in memory."""
            from storages.utils import clean_name

            body = self.bucket.Object(self._normalize_name(clean_name(name))).get()
            return body["Body"].iter_chunks(chunk_size), body["ContentLength"]


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
