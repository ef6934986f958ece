"""Hardening: CSP (strict on the site, scoped allowances under /admin/), the reusable rate limit,
upload checks by content, documents served as downloads."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from trust.services import rate_limit_consume, rate_limited
from trust.uploads import check_upload

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


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


def test_rate_limit_counts_per_person_and_scope(rf, learner, other_user):
    request = rf.post("/x")
    request.user = learner
    results = [
        rate_limit_consume(request=request, scope="test.answer", limit=3, per_seconds=60)
        for _ in range(4)
    ]
    assert results == [True, True, True, False]
    other = rf.post("/x")
    other.user = other_user
    assert rate_limit_consume(request=other, scope="test.answer", limit=3, per_seconds=60)
    assert rate_limit_consume(request=request, scope="test.other", limit=3, per_seconds=60)


def test_rate_limited_view_answers_429_with_retry_after(learner):
    from django.contrib.auth.models import AnonymousUser

    @rate_limited("test.verify", limit=2, per_seconds=60)
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    responses = []
    for _ in range(3):
        request = factory.post("/verify", REMOTE_ADDR="10.5.5.5")
        request.user = AnonymousUser()
        request.session = {}
        responses.append(view(request))
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert 1 <= int(responses[-1]["Retry-After"]) <= 60
    assert 'role="alert"' in responses[-1].content.decode()


@pytest.mark.parametrize(
    ("name", "head", "code"),
    [
        (
            "guide.pdf",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>",
            "active_content",
        ),
        ("notes.txt", b"  <!DOCTYPE html><html><body>hi</body></html>", "active_content"),
        ("sheet.xlsx", b"%PDF-1.7 not a zip", "content_mismatch"),
        ("guide.pdf", b"PK\x03\x04 a zip, not a pdf", "content_mismatch"),
    ],
)
def test_uploads_are_judged_by_content_not_name(name, head, code):
    with pytest.raises(ValidationError) as error:
        check_upload(head=head, name=name, size=len(head), max_size=MB)
    assert error.value.code == code


def test_genuine_files_pass_and_oversized_files_are_refused():
    check_upload(head=b"%PDF-1.7\n...", name="guide.pdf", size=100, max_size=MB)
    check_upload(head="姓名,部门\n".encode(), name="list.csv", size=20, max_size=MB)
    with pytest.raises(ValidationError) as error:
        check_upload(head=b"%PDF-1.7", name="big.pdf", size=2 * MB, max_size=MB)
    assert error.value.code == "file_too_large"


def test_admin_document_upload_refuses_html_disguised_as_text(client, platform_admin):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    platform_admin.is_superuser = True  # collection permissions are not part of this test
    platform_admin.save()
    client.force_login(platform_admin)
    upload = SimpleUploadedFile("readme.txt", b"<html><script>alert(1)</script></html>")
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "readme", "file": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert not get_document_model().objects.exists()
    good = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n%%EOF")
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "guide", "file": good, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 302
    assert get_document_model().objects.count() == 1


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
