"""Certificate PDFs with WeasyPrint. Runs only inside background tasks, never in a request.

Templates and stylesheets are read from disk (templates/certificates/pdf/<design>.html + .css); the
base URL is a file:// path and the URL fetcher refuses anything that is not a local file, so a
template can never make the worker fetch from the network (or from our own web server).
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .fonts import FAMILY, font_path
from .qr import qr_data_uri

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "certificates" / "pdf"
# Fallbacks for characters outside the converted cut (CJK Extension B, rare symbols).
FALLBACK_FONTS = '"Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", sans-serif'


@functools.cache
def local_url_fetcher():
    """A fetcher for file: and data: URLs only (one per process): anything else raises instead
    of reaching the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


@functools.cache
def font_configuration():
    """One FontConfiguration per process: building it (fontconfig scan) costs more than a page."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def font_face_css() -> str:
    """@font-face for the converted cut when it has been built, and the family stack to use."""
    path = font_path()
    rules = ""
    stack = FALLBACK_FONTS
    if path.exists():
        rules = f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); }}\n'
        stack = f'"{FAMILY}", {FALLBACK_FONTS}'
    return rules + f":root {{ --certificate-font: {stack}; }}\nbody {{ font-family: {stack}; }}\n"


def certificate_html(*, design: str, snapshot: dict, verification_url: str) -> str:
    """The final HTML of a certificate, in the language it was issued in."""
    language = snapshot.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string(
            f"certificates/pdf/{design}.html",
            {
                "s": snapshot,
                "verification_url": verification_url,
                "qr": qr_data_uri(verification_url),
            },
        )


def stylesheet_paths(design: str) -> list[Path]:
    """The shared stylesheet and the design's own, both from disk."""
    return [TEMPLATE_DIR / "base.css", TEMPLATE_DIR / f"{design}.css"]


def html_to_pdf(*, html: str, design: str) -> bytes:
    """Lay out `html` with the design's stylesheets and the CJK font; return PDF bytes."""
    from weasyprint import CSS, HTML

    fonts = font_configuration()
    stylesheets = [CSS(string=font_face_css(), font_config=fonts, url_fetcher=local_url_fetcher())]
    stylesheets += [
        CSS(filename=str(path), font_config=fonts, url_fetcher=local_url_fetcher())
        for path in stylesheet_paths(design)
    ]
    document = HTML(
        string=html, base_url=TEMPLATE_DIR.as_uri() + "/", url_fetcher=local_url_fetcher()
    )
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts)


def render_pdf(*, design: str, snapshot: dict, verification_url: str) -> bytes:
    """The PDF of a certificate from its frozen snapshot."""
    html = certificate_html(design=design, snapshot=snapshot, verification_url=verification_url)
    return html_to_pdf(html=html, design=design)
