"""Backups that restore: the database (SQLite through its online backup API, PostgreSQL through
pg_dump/pg_restore), the media folder and the private files (PRIVATE_MEDIA_ROOT), in one .tar.gz
with a manifest of every table's row count and checksum. A restore refuses an archive whose
files do not match the manifest, and checks every table of the restored database against it.

Operators: docs/operations.md. Both commands: `python manage.py backup [--output DIR]` and
`python manage.py restore ARCHIVE [--database-url URL] [--media-root DIR]`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connections

FORMAT = "govlearn-backup/1"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"


class BackupError(Exception):
    """A backup or restore could not be made or verified; the message says why."""


# --- Table fingerprints -----------------------------------------------------------------------


def _value_text(value) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes | bytearray):
        return "b:" + bytes(value).hex()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def table_fingerprints(connection=None) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hex}} for every table of a database (the configured one by
    default). Rows are read in primary-key order (or sorted, for a table without one), so equal
    data gives equal sums."""
    connection = connection if connection is not None else connections["default"]
    result = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            quoted = connection.ops.quote_name(table)
            pk_columns = connection.introspection.get_primary_key_columns(cursor, table) or []
            order = ", ".join(connection.ops.quote_name(c) for c in pk_columns)
            sql = f"SELECT * FROM {quoted}" + (f" ORDER BY {order}" if order else "")  # noqa: S608
            cursor.execute(sql)
            digest = hashlib.sha256()
            count = 0
            lines = [] if not order else None
            while True:
                batch = cursor.fetchmany(2000)
                if not batch:
                    break
                for row in batch:
                    line = "\x1f".join(_value_text(v) for v in row) + "\n"
                    count += 1
                    if lines is None:
                        digest.update(line.encode("utf-8"))
                    else:
                        lines.append(line)
            for line in sorted(lines or []):
                digest.update(line.encode("utf-8"))
            result[table] = {"rows": count, "sha256": digest.hexdigest()}
    return result


@contextmanager
def database_connection(url: str | None):
    """A connection to `url` (the configured database when None). A target given by URL gets its
    own connection object, outside Django's connection registry, closed afterwards."""
    if not url:
        yield connections["default"]
        return
    from django.db.utils import load_backend

    config = connections.configure_settings(
        {"default": connections.settings["default"], "target": dj_database_url.parse(url)}
    )["target"]
    connection = load_backend(config["ENGINE"]).DatabaseWrapper(config, "backup_target")
    try:
        yield connection
    finally:
        connection.close()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_env_and_args(config: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    args = []
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    return env, args


def _require(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        raise BackupError(
            f"{binary} was not found. Install the PostgreSQL client (Debian: postgresql-client)."
        )
    return path


def _run(command: list[str], env: dict) -> None:
    # The command is pg_dump/pg_restore with arguments from settings, never from a request.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        message = result.stderr.strip()[:2000]
        raise BackupError(f"{Path(command[0]).name} failed: {message}")


def _postgres_dump(target: Path) -> dict[str, dict]:
    """pg_dump from an exported snapshot, and the fingerprints of that very snapshot."""
    from django.db import transaction

    connection = connections["default"]
    config = connection.settings_dict
    env, args = _pg_env_and_args(config)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        fingerprints = table_fingerprints()
        _run(
            [
                _require("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                str(config["NAME"]),
            ],
            env,
        )
    return fingerprints


def _postgres_restore(dump: Path, connection) -> None:
    config = connection.settings_dict
    connection.close()
    env, args = _pg_env_and_args(config)
    _run(
        [
            _require("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={config['NAME']}",
            str(dump),
        ],
        env,
    )


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_dump(target: Path) -> dict[str, dict]:
    """Copy the live database with SQLite's online backup API, then fingerprint the copy."""
    connection = connections["default"]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    with database_connection(f"sqlite:///{target}") as copy:
        return table_fingerprints(copy)


def _sqlite_restore(source: Path, connection) -> None:
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


# --- Media ------------------------------------------------------------------------------------


def _media_files(root: Path) -> list[dict]:
    if not root.exists():
        return []
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        files.append(
            {
                "path": path.relative_to(root).as_posix(),
                "size": path.stat().st_size,
                "sha256": _file_sha256(path),
            }
        )
    return files


# --- Backup and restore -----------------------------------------------------------------------


def backup_create(*, output_dir: Path) -> Path:
    """Write a backup archive into `output_dir` and return its path."""
    vendor = connections["default"].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    for root in (Path(settings.MEDIA_ROOT), private_root):
        # An archive under MEDIA_ROOT would be public, under the private root inside the next one.
        if output_dir.resolve() == root.resolve() or root.resolve() in output_dir.resolve().parents:
            raise BackupError(f"Backups must not be written under {root}; choose another --output.")
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = output_dir / f"govlearn-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        database_file = work / (SQLITE_FILE if vendor == "sqlite" else POSTGRES_FILE)
        if vendor == "sqlite":
            fingerprints = _sqlite_dump(database_file)
        else:
            fingerprints = _postgres_dump(database_file)
        media = _media_files(media_root)
        private = _media_files(private_root)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "vendor": vendor,
            "database_file": database_file.name,
            "database_sha256": _file_sha256(database_file),
            "tables": fingerprints,
            "media": media,
            "private": private,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(database_file, arcname=database_file.name)
            for entry in media:
                tar.add(media_root / entry["path"], arcname=f"media/{entry['path']}")
            for entry in private:
                tar.add(private_root / entry["path"], arcname=f"private/{entry['path']}")
        partial.rename(archive)  # Never leave a half-written archive under the final name.
    return archive


def _safe_extract(archive: Path, destination: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(destination, filter="data")


def _read_manifest(work: Path) -> dict:
    try:
        manifest = json.loads((work / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"The archive has no readable manifest: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    database_file = work / manifest["database_file"]
    if not database_file.exists() or _file_sha256(database_file) != manifest["database_sha256"]:
        raise BackupError("The database file in the archive does not match its manifest.")
    for entry in manifest["media"]:
        path = work / "media" / entry["path"]
        if not path.exists() or _file_sha256(path) != entry["sha256"]:
            raise BackupError(f"Media file {entry['path']} does not match the manifest.")
    for entry in manifest.get("private", []):
        path = work / "private" / entry["path"]
        if not path.exists() or _file_sha256(path) != entry["sha256"]:
            raise BackupError(f"Private file {entry['path']} does not match the manifest.")
    return manifest


def compare_fingerprints(expected: dict, actual: dict) -> list[str]:
    """Human-readable differences between two sets of table fingerprints (empty when equal)."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if want is None:
            problems.append(f"{table}: not in the backup")
        elif got is None:
            problems.append(f"{table}: missing after restore")
        elif want != got:
            problems.append(
                f"{table}: {got['rows']} rows (sha256 {got['sha256'][:12]}) "
                f"instead of {want['rows']} (sha256 {want['sha256'][:12]})"
            )
    return problems


def _restore_private(source: Path, wanted_entries: list[dict], target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if source.exists():
        shutil.copytree(source, target, dirs_exist_ok=True)
    restored = {entry["path"]: entry["sha256"] for entry in _media_files(target)}
    if restored != {entry["path"]: entry["sha256"] for entry in wanted_entries}:
        raise BackupError("The restored private files differ from the backup.")


def backup_restore(
    *,
    archive: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    private_root: Path | None = None,
) -> dict:
    """Restore `archive` into the configured database (or `database_url`) and media folder (or
    `media_root`), then check every table against the manifest. Returns the manifest."""
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        try:
            _safe_extract(archive, work)
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"The archive cannot be read: {error}") from None
        manifest = _read_manifest(work)
        if manifest.get("private") and private_root is None and (database_url or media_root):
            # A drill elsewhere must not replace the live private files.
            raise BackupError(
                "Restoring elsewhere: name a --private-root for the private files too."
            )
        with database_connection(database_url) as target:
            vendor = target.vendor
            if vendor != manifest["vendor"]:
                raise BackupError(
                    f"This is a {manifest['vendor']} backup; the target database is {vendor}."
                )
            database_file = work / manifest["database_file"]
            if vendor == "sqlite":
                _sqlite_restore(database_file, target)
            else:
                _postgres_restore(database_file, target)
            problems = compare_fingerprints(manifest["tables"], table_fingerprints(target))
        if problems:
            raise BackupError(
                "The restored database differs from the backup: " + "; ".join(problems)
            )
        target_media = Path(media_root or settings.MEDIA_ROOT)
        if target_media.exists():
            shutil.rmtree(target_media)
        target_media.mkdir(parents=True)
        source_media = work / "media"
        if source_media.exists():
            shutil.copytree(source_media, target_media, dirs_exist_ok=True)
        restored = {entry["path"]: entry["sha256"] for entry in _media_files(target_media)}
        wanted = {entry["path"]: entry["sha256"] for entry in manifest["media"]}
        if restored != wanted:
            raise BackupError("The restored media folder differs from the backup.")
        if "private" in manifest:  # archives made before private files had no such part
            target_private = Path(private_root or settings.PRIVATE_MEDIA_ROOT)
            _restore_private(work / "private", manifest["private"], target_private)
    return manifest
