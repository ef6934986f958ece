"""STORAGE_BACKEND=s3: media and private files in S3-compatible buckets, against a real S3 HTTP
endpoint (moto's server mode, bench.servers.MotoS3Server) started by this module.

Private files never get a URL and reach only those the views let through; public media is in the
public bucket under a plain URL; every file is read back through the storage API, never a path.
"""

import io
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from bench.servers import MotoS3Server
from core.storage import private_storage
from tests.certificates.conftest import pdf_text
from tests.factories.certificates import certificate
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_BUCKET = "govlearn-test-media"
PRIVATE_BUCKET = "govlearn-test-private"


@pytest.fixture(scope="module")
def s3_server():
    with MotoS3Server() as server:
        server.create_bucket(PUBLIC_BUCKET, public_read=True)
        server.create_bucket(PRIVATE_BUCKET)
        yield server


@pytest.fixture
def s3(s3_server, settings):
    """The settings STORAGE_BACKEND=s3 gives (config/settings/base.py), aimed at moto, under a
    fresh prefix per test so tests never see each other's objects."""
    prefix = uuid.uuid4().hex
    common = {
        "endpoint_url": s3_server.endpoint_url,
        "access_key": s3_server.access_key,
        "secret_key": s3_server.secret_key,
        "region_name": s3_server.region,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
        "location": prefix,
    }
    settings.STORAGE_BACKEND = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.storage.PublicS3Storage",
            "OPTIONS": {**common, "bucket_name": PUBLIC_BUCKET},
        },
        "private": {
            "BACKEND": "core.storage.PrivateS3Storage",
            "OPTIONS": {**common, "bucket_name": PRIVATE_BUCKET},
        },
    }
    client = s3_server.client()

    def keys(bucket):
        listing = client.list_objects_v2(Bucket=bucket, Prefix=prefix + "/")
        return [item["Key"][len(prefix) + 1 :] for item in listing.get("Contents", [])]

    return keys


def test_the_s3_settings_build_s3_storages_and_private_ones_have_no_url(s3):
    from storages.backends.s3 import S3Storage

    assert isinstance(private_storage(), S3Storage)
    assert isinstance(default_storage, S3Storage)
    name = private_storage().save("exports/probe.txt", io.BytesIO(b"secret"))
    assert name in s3(PRIVATE_BUCKET)
    with pytest.raises(ValueError, match="no URL"):
        private_storage().url(name)


def test_certificate_pdf_is_stored_in_the_private_bucket_and_served_only_to_its_holder(
    client, s3, s3_server, run_tasks
):
    holder = UserFactory()
    with run_tasks():
        cert = certificate(holder=holder)
    cert.refresh_from_db()
    assert cert.pdf.name in s3(PRIVATE_BUCKET)
    assert s3(PUBLIC_BUCKET) == []
    # The bucket itself refuses anyone without the keys: there is no way around the view.
    anonymous = (
        f"{s3_server.endpoint_url}/{PRIVATE_BUCKET}/{cert.pdf.storage.location}/{cert.pdf.name}"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anonymous, timeout=10)  # noqa: S310 - moto on loopback
    assert refused.value.code == 403
    client.force_login(holder)
    response = client.get(reverse("certificates:pdf", args=[cert.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert cert.serial in pdf_text(b"".join(response.streaming_content))
    client.force_login(UserFactory())
    assert client.get(reverse("certificates:pdf", args=[cert.pk])).status_code == 404


def test_hr_import_upload_is_kept_in_the_bucket_and_read_from_there(admin_client, s3, run_tasks):
    from people.models import PeopleImport, Profile
    from tests.factories import OrgUnitFactory

    OrgUnitFactory(name="对象存储局", code="s3-bureau")
    upload = SimpleUploadedFile("hr.csv", "工号,姓名,部门\nS3N1,云上新人,对象存储局\n".encode())
    with run_tasks():
        response = admin_client.post(
            reverse("people_import_create"), {"file": upload, "encoding": "utf-8"}
        )
    assert response.status_code == 302, response.content.decode()[:1000]
    record = PeopleImport.objects.get()
    assert record.file.name in s3(PRIVATE_BUCKET)
    assert record.status == PeopleImport.Status.SUCCEEDED, record.report
    assert Profile.objects.filter(employee_number="S3N1").exists()


def test_background_export_is_written_to_the_bucket_and_downloaded_by_its_owner(
    client, s3, run_tasks, monkeypatch, tree
):
    from dashboards import exports
    from people.models import Role
    from tests.factories import ProfileFactory, grant_role

    manager = UserFactory()
    grant_role(manager, Role.MANAGER, tree["bureau"])
    inside = ProfileFactory(org_unit=tree["section"])
    monkeypatch.setattr(exports, "INLINE_MAX_ROWS", 0)
    client.force_login(manager)
    with run_tasks():
        response = client.get(reverse("dashboards:export", args=["hours", "xlsx"]))
    assert response.status_code == 302
    result_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert any(key.startswith("exports/team/") for key in s3(PRIVATE_BUCKET))
    download = client.get(reverse("dashboards:export_download", args=[result_id]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert inside.employee_number in [row[0] for row in sheet.iter_rows(values_only=True)]
    client.force_login(UserFactory())
    assert client.get(reverse("dashboards:export_download", args=[result_id])).status_code == 404


def test_wagtail_image_and_document_go_to_the_public_bucket_under_plain_urls(s3):
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail_factories import ImageFactory

    image = ImageFactory()
    rendition = image.get_rendition("fill-40x30")  # read back from the bucket, rendered, stored
    document = Document(title="Guide")
    document.file.save("guide.txt", io.BytesIO(b"office hours"), save=False)
    document.save()
    stored = s3(PUBLIC_BUCKET)
    assert image.file.name in stored and rendition.file.name in stored
    assert document.file.name in stored
    assert s3(PRIVATE_BUCKET) == []
    for url, expected in ((document.file.url, b"office hours"), (rendition.url, None)):
        assert "X-Amz-Signature" not in url
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - moto on loopback
            body = answer.read()
        assert (
            body == expected if expected else body[:4] in (b"\x89PNG", b"GIF8", b"\xff\xd8\xff\xe0")
        )
    assert Image.objects.get(pk=image.pk).file.storage.exists(image.file.name)


def test_admin_document_upload_lands_in_the_public_bucket(admin_client, s3):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n%%EOF")
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "guide", "file": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert document.file.name in s3(PUBLIC_BUCKET)
    with document.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4\n%%EOF"
