"""Upload checks by content, not name (core.uploads), and Wagtail's document form using them."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import check_upload

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


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
