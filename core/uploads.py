"""Upload checks for Wagtail documents: a size limit, and the type judged by the content, not the
name. HTML, SVG and script are refused whatever they are called; they would run in our origin if
a browser ever rendered them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

ZIP_MAGIC = b"PK\x03\x04"
# What the first bytes of a file must be for each extension we accept (see WAGTAILDOCS_EXTENSIONS).
MAGIC_BY_EXTENSION = {
    "pdf": (b"%PDF-",),
    "docx": (ZIP_MAGIC,),
    "xlsx": (ZIP_MAGIC,),
    "pptx": (ZIP_MAGIC,),
    "odt": (ZIP_MAGIC,),
    "ods": (ZIP_MAGIC,),
    "odp": (ZIP_MAGIC,),
    "zip": (ZIP_MAGIC,),
}
TEXT_EXTENSIONS = {"txt", "csv"}
ACTIVE_MARKERS = (b"<html", b"<!doctype html", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")


def check_upload(*, head: bytes, name: str, size: int, max_size: int) -> None:
    """Raise ValidationError unless this upload is within `max_size` and its content matches its
    extension. `head` is the first few kilobytes of the file."""
    if size > max_size:
        raise ValidationError(
            _("This file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_size)},
            code="file_too_large",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(marker in lowered[:1024] for marker in ACTIVE_MARKERS):
        raise ValidationError(
            _("Web pages, SVG images and scripts cannot be uploaded as documents."),
            code="active_content",
        )
    expected = MAGIC_BY_EXTENSION.get(extension)
    if expected and not head.startswith(expected):
        raise ValidationError(
            _("The content of this file is not a .%(extension)s file. Please upload the original.")
            % {"extension": extension},
            code="content_mismatch",
        )
    if extension in TEXT_EXTENSIONS:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            try:
                head.decode("gb18030")
            except UnicodeDecodeError:
                raise ValidationError(
                    _("This does not look like a text file. Please upload the original."),
                    code="content_mismatch",
                ) from None


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form with our upload checks (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read") and getattr(upload, "size", None) is not None:
            position = upload.tell() if hasattr(upload, "tell") else 0
            head = upload.read(4096)
            upload.seek(position)
            check_upload(
                head=head,
                name=upload.name,
                size=upload.size,
                max_size=settings.DOCUMENT_MAX_UPLOAD_SIZE,
            )
        return upload
