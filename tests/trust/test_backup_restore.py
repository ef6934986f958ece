"""Restore drill: backup -> a fresh database -> every table's row count and checksum equal, and
the media folder back byte for byte. Nothing is replaced before everything is proven: an altered
manifest, an altered file or a target that is not empty leaves the target exactly as it was; a
restore without a terminal refuses cleanly; every backup and restore, refused ones too, is
audited."""

import hashlib
import hmac
import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from people.models import Role
from tests.factories import ProfileFactory, grant_role
from trust.backup import BackupError, backup_restore, table_fingerprints
from trust.models import AuditAction, AuditEvent, AuditResult
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
        # The target, and the copy a --replace keeps aside (trust.backup names it after it).
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [name[:40] + "%"])
        for (leftover,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{leftover}" WITH (FORCE)')


def make_backup(tmp_path) -> "Path":
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
    assert [m["path"] for m in manifest["folders"]["media"]] == ["imports/名单.csv"]

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


def rewrite_archive(archive: Path, out: Path, change) -> Path:
    """A copy of `archive` with `change(name, data) -> data` applied to every member."""
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return out


def target_state(url, media: Path) -> tuple:
    from trust.backup import database_connection

    with database_connection(url) as target:
        tables = table_fingerprints(target)
    files = sorted(
        (p.relative_to(media).as_posix(), p.read_bytes()) for p in media.rglob("*") if p.is_file()
    )
    return tables, files


@pytest.fixture
def occupied_target(fresh_database_url, tmp_path):
    """A target database with a table of its own, and a media folder with a file."""
    from trust.backup import database_connection

    with database_connection(fresh_database_url) as target, target.cursor() as cursor:
        cursor.execute("CREATE TABLE local_notes (id integer PRIMARY KEY, note varchar(50))")
        cursor.execute("INSERT INTO local_notes VALUES (1, '本地记录')")
    media = tmp_path / "target-media"
    media.mkdir()
    (media / "keep.txt").write_text("本地文件", "utf-8")
    return fresh_database_url, media


def test_an_altered_manifest_or_file_or_an_occupied_target_leaves_the_target_as_it_was(
    some_data, tmp_path, occupied_target
):
    url, media = occupied_target
    archive = make_backup(tmp_path)
    before = target_state(url, media)

    def altered_manifest(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["tables"]["people_profile"]["rows"] = 99
            return json.dumps(manifest).encode()
        return data

    def altered_file(name, data):
        return b"tampered" if name.startswith("media/") else data

    def resigned_with_another_key(name, data):
        if name == "manifest.sig":
            return hmac.new(b"not the key", b"x", hashlib.sha256).hexdigest().encode()
        return data

    for change, message in [
        (altered_manifest, "signature does not match"),
        (resigned_with_another_key, "signature does not match"),
        (altered_file, "does not match the manifest"),
    ]:
        damaged = rewrite_archive(archive, tmp_path / f"{change.__name__}.tar.gz", change)
        with pytest.raises(BackupError, match=message):
            backup_restore(archive=damaged, database_url=url, media_root=media, replace=True)
        assert target_state(url, media) == before, change.__name__

    with pytest.raises(CommandError, match="not empty: the database holds 1 tables") as refused:
        call_command("restore", str(archive), database_url=url, media_root=str(media), yes=True)
    assert "local_notes (1 rows)" in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert target_state(url, media) == before
    assert AuditEvent.objects.filter(
        action=AuditAction.BACKUP_RESTORED, result=AuditResult.DENIED
    ).exists()


def test_replace_swaps_in_the_verified_copy_and_keeps_the_old_contents(
    some_data, tmp_path, occupied_target
):
    url, media = occupied_target
    before = table_fingerprints()
    archive = make_backup(tmp_path)
    out = io.StringIO()
    call_command(
        "restore",
        str(archive),
        database_url=url,
        media_root=str(media),
        yes=True,
        replace=True,
        stdout=out,
    )
    tables, files = target_state(url, media)
    assert tables == before  # the extra table is gone: the target is the backup, exactly
    assert [name for name, _ in files] == ["imports/名单.csv"]
    assert "kept as" in out.getvalue()
    kept_media = next(tmp_path.glob("target-media.pre-restore-*"))
    assert (kept_media / "keep.txt").read_text("utf-8") == "本地文件"
    event = AuditEvent.objects.get(action=AuditAction.BACKUP_RESTORED, result="success")
    assert set(event.details["kept"]) == {"database", "media"}


def test_restore_without_a_terminal_refuses_with_a_message(tmp_path, monkeypatch):
    archive = tmp_path / "x.tar.gz"
    archive.write_bytes(b"")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="No terminal"):
        call_command("restore", str(archive))
    assert AuditEvent.objects.filter(
        action=AuditAction.BACKUP_RESTORED, result=AuditResult.DENIED
    ).exists()


def test_restore_asks_before_replacing_and_refuses_a_missing_archive(tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="No such archive"):
        call_command("restore", str(tmp_path / "nope.tar.gz"), yes=True)
    archive = tmp_path / "x.tar.gz"
    archive.write_bytes(b"")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(archive))


def test_backup_is_refused_without_a_backup_key_in_production(settings, tmp_path):
    settings.BACKUP_KEY = ""
    settings.BACKUP_KEY_REQUIRED = True
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        call_command("backup", output=str(tmp_path / "b"))
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())
    assert AuditEvent.objects.filter(
        action=AuditAction.BACKUP_CREATED, result=AuditResult.FAILURE
    ).exists()
