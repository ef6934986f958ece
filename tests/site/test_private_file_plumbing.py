"""The plumbing under private files (core.storage, core.private_files): how a file is handed to a
proxy, the start-up check that keeps the private root out of MEDIA_ROOT, the command that moves
an upgraded install's files out of MEDIA_ROOT, and backups that carry the private root."""

import io
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from core.checks import private_files_check
from core.private_files import StoredFile, safe_download_name, serve_private_file
from core.storage import private_storage
from tests.factories.certificates import certificate
from tests.trust.test_backup_restore import fresh_database_url  # noqa: F401 — a fixture


@pytest.fixture
def stored(db):
    name = private_storage().save("exports/team/abc.csv", ContentFile(b"a,b\n"))
    return StoredFile(name=name, storage=private_storage())


def test_by_default_django_streams_the_file_with_a_chinese_name(stored):
    response = serve_private_file(RequestFactory().get("/"), stored, download_name="团队学时.csv")
    assert b"".join(response.streaming_content) == b"a,b\n"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%9B%A2%E9%98%9F%E5%AD%A6%E6%97%B6.csv"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_nginx_mode_answers_empty_with_x_accel_redirect_to_the_internal_location(stored, settings):
    settings.PRIVATE_FILES_SERVE = "nginx"
    settings.PRIVATE_FILES_NGINX_LOCATION = "/private-files/"
    response = serve_private_file(RequestFactory().get("/"), stored, download_name="t.csv")
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/private-files/{stored.name}"
    assert response["Cache-Control"] == "private, no-store"


def test_sendfile_mode_answers_empty_with_the_files_path(stored, settings):
    settings.PRIVATE_FILES_SERVE = "sendfile"
    response = serve_private_file(RequestFactory().get("/"), stored, download_name="t.csv")
    assert response.content == b""
    assert response["X-Sendfile"] == str(settings.PRIVATE_MEDIA_ROOT / stored.name)


def test_a_missing_file_is_a_404_not_a_500(db):
    from django.http import Http404

    with pytest.raises(Http404):
        serve_private_file(
            RequestFactory().get("/"),
            StoredFile(name="exports/team/gone.csv", storage=private_storage()),
            download_name="x.csv",
        )


def test_only_pdf_and_images_may_be_shown_inline(db):
    name = private_storage().save("qanda/page.html", ContentFile(b"<script>alert(1)</script>"))
    file = StoredFile(name=name, storage=private_storage())
    html = serve_private_file(RequestFactory().get("/"), file, download_name="p.html", inline=True)
    assert html["Content-Disposition"].startswith("attachment")
    pdf = private_storage().save("qanda/p.pdf", ContentFile(b"%PDF"))
    shown = serve_private_file(
        RequestFactory().get("/"),
        StoredFile(name=pdf, storage=private_storage()),
        download_name="p.pdf",
        inline=True,
    )
    assert shown["Content-Disposition"].startswith("inline")


def test_download_names_lose_paths_quotes_and_line_breaks():
    assert safe_download_name('../../etc/pa"ss\r\nwd.txt') == "pa_ss_wd.txt"
    assert safe_download_name("") == "download"


def test_a_private_root_inside_media_root_stops_the_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert "core.E001" in [message.id for message in private_files_check(None)]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_FILES_SERVE = "apache"
    ids = [message.id for message in private_files_check(None)]
    assert "core.E001" not in ids and "core.E002" in ids


def test_move_private_files_moves_an_upgraded_installs_files_once(db, settings):
    cert = certificate()
    old_name = default_storage.save(f"certificates/2020/{cert.serial}.pdf", ContentFile(b"%PDF"))
    type(cert).objects.filter(pk=cert.pk).update(pdf=old_name)
    export = default_storage.save("exports/team/0123abcd.xlsx", ContentFile(b"xlsx"))
    out = io.StringIO()
    call_command("move_private_files", stdout=out)
    cert.refresh_from_db()
    assert cert.serial not in cert.pdf.name and private_storage().exists(cert.pdf.name)
    assert cert.pdf.read() == b"%PDF"
    assert not default_storage.exists(old_name) and not default_storage.exists(export)
    assert private_storage().exists(export)
    moved_to = cert.pdf.name
    call_command("move_private_files", stdout=io.StringIO())  # again: nothing changes
    cert.refresh_from_db()
    assert cert.pdf.name == moved_to


@pytest.mark.django_db(transaction=True)
def test_a_backup_carries_the_private_files_and_refuses_to_land_under_media(
    settings,
    tmp_path,
    fresh_database_url,  # noqa: F811
):
    private_storage().save("qanda/0123.txt", ContentFile("私人".encode()))
    out = tmp_path / "backups"
    call_command("backup", output=str(out), stdout=io.StringIO())
    (archive,) = out.glob("govlearn-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert "private/qanda/0123.txt" in tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert [entry["path"] for entry in manifest["folders"]["private"]] == ["qanda/0123.txt"]
    call_command(
        "restore",
        str(archive),
        database_url=fresh_database_url,
        media_root=str(tmp_path / "restored-media"),
        private_root=str(tmp_path / "restored-private"),
        yes=True,
        stdout=io.StringIO(),
    )
    assert (tmp_path / "restored-private" / "qanda" / "0123.txt").read_bytes() == "私人".encode()
    with pytest.raises(CommandError):
        call_command("backup", output=str(settings.MEDIA_ROOT / "backups"), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("backup", output=str(settings.PRIVATE_MEDIA_ROOT / "b"), stdout=io.StringIO())
