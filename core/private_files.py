"""Handing out a private file, after the calling view has checked who may see it.

By default Django streams the file (FileResponse; from the bucket, a chunk at a time, with
STORAGE_BACKEND=s3). Behind a proxy, PRIVATE_FILES_SERVE lets the
proxy send it instead: "nginx" answers with an empty body and X-Accel-Redirect to the `internal`
location PRIVATE_FILES_NGINX_LOCATION, "sendfile" with X-Sendfile and the file's path (Apache
mod_xsendfile, lighttpd). docs/operations.md has the proxy configuration.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

SERVE_MODES = ("", "django", "nginx", "sendfile")
# Only these may be shown in the browser; anything else is always a download, so an uploaded
# HTML or SVG file can never run as a page of this site.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
_UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f/\\"]+')


@dataclass(frozen=True)
class StoredFile:
    """A file kept in a storage without a model field (exports): what serve_private_file needs."""

    name: str
    storage: Storage


def safe_download_name(name: str, *, fallback: str = "download") -> str:
    """The name offered to the browser: no path, no control characters or quotes, at most 150
    characters (the extension kept), `fallback` when nothing is left."""
    name = _UNSAFE_NAME_CHARACTERS.sub("_", posixpath.basename((name or "").replace("\\", "/")))
    name = name.strip(" .")
    if len(name) > 150:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 149 - len(extension)]}.{extension}" if dot and stem else name[:150]
    return name or fallback


def serve_private_file(
    request, fieldfile, *, download_name: str, inline: bool = False, content_type: str = ""
) -> HttpResponse:
    """Answer with the private file `fieldfile` (a FieldFile or StoredFile: anything with .name
    and .storage), offered as `download_name`. The caller has already decided that the viewer
    may have it; a missing file is a 404, never a 500."""
    name = getattr(fieldfile, "name", "") or ""
    storage = fieldfile.storage
    if not name or not storage.exists(name):
        raise Http404
    download_name = safe_download_name(download_name)
    content_type = content_type or mimetypes.guess_type(download_name)[0]
    content_type = content_type or "application/octet-stream"
    inline = inline and content_type.split(";")[0] in INLINE_TYPES
    mode = getattr(settings, "PRIVATE_FILES_SERVE", "") or "django"
    stream = getattr(storage, "stream", None)
    if stream is not None:
        # Object storage (core.storage.PrivateS3Storage): streamed from the bucket through this
        # view, never a public or presigned URL; the proxy modes only know local folders.
        chunks, size = stream(name)
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Length"] = str(size)
    elif mode == "nginx":
        response = HttpResponse(content_type=content_type)
        location = settings.PRIVATE_FILES_NGINX_LOCATION.rstrip("/")
        response["X-Accel-Redirect"] = f"{location}/{quote(name)}"
    elif mode == "sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, download_name)
    response["X-Content-Type-Options"] = "nosniff"
    # Never kept by a shared cache or the browser's disk cache: the next viewer is someone else.
    response["Cache-Control"] = "private, no-store"
    return response
