"""QR codes for certificates: the absolute verification URL as an inline SVG data URI, so the PDF
renderer never fetches anything to draw it."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation


def public_base_url() -> str:
    """The site's public address (PUBLIC_BASE_URL, else WAGTAILADMIN_BASE_URL), no trailing slash."""
    base = getattr(settings, "PUBLIC_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/")


def verification_url(code: str) -> str:
    """The absolute public verification address of a certificate code, in the default language
    (Chinese, at the site root), whatever language the caller is using."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("certificates:verify", kwargs={"code": code})
    return public_base_url() + path


def qr_data_uri(text: str) -> str:
    """`text` as a QR code (error correction M: survives a fold or a stamp) in an SVG data URI."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=2)
