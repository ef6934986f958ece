"""Restore drill: backup -> a fresh database -> every table's row count and checksum equal, and
the media folder back byte for byte. A damaged archive is refused."""

import io
import json
import tarfile
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from people.models import Role
from tests.factories import ProfileFactory, grant_role
from trust.backup import BackupError, backup_restore, table_fingerprints
from trust.models import AuditAction
from trust.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def some_data(settings):
    people = [ProfileFactory() for _ in range(3)]
    grant_role(people[0].user, Role.EXPERT)
    audit_record(action=AuditAction.LOGIN, actor=people[1].user, details={"中文": "数据"})
    media = settings.MEDIA_ROOT
    (media / "imports").mkdir(parents=True)
    (media / "imports" / "名单.csv").write_bytes("工号,姓名\nA1,张三\n".encode())
    return people


@pytest.fixture
def fresh_database_url(settings):
    """An empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{settings.MEDIA_ROOT.parent / 'fresh.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    config = connection.settings_dict
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    yield f"postgres://{auth}@{config['HOST']}:{config['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_backup(tmp_path) -> "Path":  # noqa: F821
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "backups"), stdout=out)
    archives = list((tmp_path / "backups").glob("govlearn-backup-*.tar.gz"))
    assert len(archives) == 1, out.getvalue()
    return archives[0]


def test_restore_drill_every_table_equal_in_a_fresh_database(
    some_data, tmp_path, fresh_database_url
):
    before = table_fingerprints()
    archive = make_backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["tables"] == before
    assert manifest["tables"]["people_profile"]["rows"] == 3
    assert [m["path"] for m in manifest["media"]] == ["imports/名单.csv"]

    restored_media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command(
        "restore",
        str(archive),
        database_url=fresh_database_url,
        media_root=str(restored_media),
        yes=True,
        stdout=out,
    )
    assert "every checksum matches" in out.getvalue()

    from trust.backup import database_connection

    with database_connection(fresh_database_url) as fresh:
        after = table_fingerprints(fresh)
    assert after == before
    assert len(after) > 40  # every table, Django's and Wagtail's included
    assert (restored_media / "imports" / "名单.csv").read_bytes() == "工号,姓名\nA1,张三\n".encode()


def test_a_damaged_archive_is_refused_and_changes_nothing(some_data, tmp_path, fresh_database_url):
    archive = make_backup(tmp_path)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["tables"]["people_profile"]["rows"] = 99
                data = json.dumps(manifest).encode()
            elif member.name.startswith("media/"):
                data = b"tampered"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="does not match the manifest"):
        backup_restore(archive=damaged, database_url=fresh_database_url, media_root=tmp_path / "m")
    assert not (tmp_path / "m").exists()


def test_restore_asks_before_replacing_and_refuses_a_missing_archive(tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="No such archive"):
        call_command("restore", str(tmp_path / "nope.tar.gz"), yes=True)
    archive = tmp_path / "x.tar.gz"
    archive.write_bytes(b"")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(archive))
