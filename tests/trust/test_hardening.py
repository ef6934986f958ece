"""Hardening: CSP (strict on the site, scoped allowances under /admin/), no SVG images, documents
served as downloads. The rate limit and upload checks are core's (tests/core)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_site_pages_get_a_strict_content_security_policy(client):
    policy = csp(client.get(reverse("login")))
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe" not in client.get(reverse("login"))["Content-Security-Policy"]


def test_the_admin_alone_gets_inline_code_and_same_origin_framing(client, platform_admin):
    client.force_login(platform_admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = csp(response)
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == "script-src 'self' 'unsafe-inline'"  # Wagtail's date pickers
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'self'"


def test_svg_images_are_not_accepted(settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_documents_other_than_pdf_and_text_download_instead_of_opening(client, platform_admin):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="slides", file=SimpleUploadedFile("slides.zip", b"PK\x03\x04rest")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
