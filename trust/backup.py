"""Backups that restore without ever destroying: the database (SQLite through its online backup
API, PostgreSQL through pg_dump/pg_restore) and the file folders (media; `backup_folders()` is the
list), in one .tar.gz with a manifest of every table's row count and checksum and every file's
checksum. The manifest is signed with an HMAC under BACKUP_KEY (trust.keys), a key that is never
in the archive.

A restore changes nothing until everything is proven: (1) the manifest's signature and every file
of the archive against the manifest (and no file the manifest does not list); (2) the target must
be empty, or `replace=True`, and the refusal says what it holds; (3) the database is restored into
a scratch database (PostgreSQL: a new database; SQLite: a temporary file) and every table checked
there, the folders into staging folders next to their targets and checked there; (4) only then
are they switched in: PostgreSQL renames the databases, SQLite copies the verified file over the
target in one transaction of its backup API, folders are renamed. What was there before is kept
under a `pre-restore` name (docs/operations.md says when to delete it).

Operators: docs/operations.md. Both commands: `python manage.py backup [--output DIR]` and
`python manage.py restore ARCHIVE [--database-url URL] [--media-root DIR] [--private-root DIR]
[--replace] [--yes]`.
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
import uuid
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connections

FORMAT = "govlearn-backup/2"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNATURE_PURPOSE = "backup-manifest"
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


def _postgres_restore(dump: Path, config: dict) -> None:
    env, args = _pg_env_and_args(config)
    _run(
        [
            _require("pg_restore"),
            *args,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={config['NAME']}",
            str(dump),
        ],
        env,
    )


def _postgres_admin(config: dict):
    """A connection to the server's `postgres` database, for CREATE/RENAME/DROP DATABASE."""
    import psycopg

    return psycopg.connect(
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


def _pg_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _other_sessions(admin, database: str) -> int:
    row = admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [database],
    ).fetchone()
    return row[0]


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


def _sqlite_copy(source: Path, connection) -> None:
    """Copy database file `source` over `connection`'s database in one transaction."""
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


def _sqlite_save(connection, destination: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(destination)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


# --- Folders ----------------------------------------------------------------------------------


def backup_folders() -> list[tuple[str, Path]]:
    """The file folders a backup holds, as (name in the archive, folder): public media and the
    private files (PRIVATE_MEDIA_ROOT, which no URL reaches). None with STORAGE_BACKEND=s3: the
    files are in buckets, backed up by the object store (versioning, replication), and a folder
    of this node would be empty or stale (docs/operations.md, "Object storage")."""
    if getattr(settings, "STORAGE_BACKEND", "local") == "s3":
        return []
    return [("media", Path(settings.MEDIA_ROOT)), ("private", Path(settings.PRIVATE_MEDIA_ROOT))]


def _folder_files(root: Path) -> list[dict]:
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


# --- Backup -----------------------------------------------------------------------------------


def _signing_key_or_refuse() -> None:
    from .keys import BackupKeyMissing, backup_key

    try:
        backup_key()
    except BackupKeyMissing as error:
        raise BackupError(str(error)) from None


def backup_create(*, output_dir: Path) -> Path:
    """Write a signed backup archive into `output_dir` and return its path."""
    from .keys import sign

    vendor = connections["default"].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    for _name, root in backup_folders():
        # An archive under MEDIA_ROOT would be public, under the private root inside the next one.
        if output_dir.resolve() == root.resolve() or root.resolve() in output_dir.resolve().parents:
            raise BackupError(f"Backups must not be written under {root}; choose another --output.")
    _signing_key_or_refuse()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    archive = output_dir / f"govlearn-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        database_file = work / (SQLITE_FILE if vendor == "sqlite" else POSTGRES_FILE)
        if vendor == "sqlite":
            fingerprints = _sqlite_dump(database_file)
        else:
            fingerprints = _postgres_dump(database_file)
        folders = {name: _folder_files(root) for name, root in backup_folders()}
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "vendor": vendor,
            "database_file": database_file.name,
            "database_sha256": _file_sha256(database_file),
            "tables": fingerprints,
            "folders": folders,
        }
        manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
        (work / MANIFEST).write_bytes(manifest_bytes)
        (work / SIGNATURE).write_text(sign(SIGNATURE_PURPOSE, manifest_bytes), "ascii")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(work / SIGNATURE, arcname=SIGNATURE)
            tar.add(database_file, arcname=database_file.name)
            for name, root in backup_folders():
                for entry in folders[name]:
                    tar.add(root / entry["path"], arcname=f"{name}/{entry['path']}")
        partial.rename(archive)  # Never leave a half-written archive under the final name.
    return archive


# --- Verifying an archive ---------------------------------------------------------------------


def _safe_extract(archive: Path, destination: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(destination, filter="data")


def _read_manifest(work: Path) -> dict:
    """The manifest, once its signature and every file of the archive have been checked."""
    from .keys import verify

    try:
        manifest_bytes = (work / MANIFEST).read_bytes()
        signature = (work / SIGNATURE).read_text("ascii").strip()
    except (OSError, ValueError) as error:
        raise BackupError(f"The archive has no readable manifest and signature: {error}") from None
    if not verify(SIGNATURE_PURPOSE, manifest_bytes, signature):
        raise BackupError(
            "The manifest's signature does not match: the archive was altered, or it was made "
            "with another BACKUP_KEY."
        )
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as error:
        raise BackupError(f"The manifest cannot be read: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    database_file = work / manifest["database_file"]
    if not database_file.exists() or _file_sha256(database_file) != manifest["database_sha256"]:
        raise BackupError("The database file in the archive does not match the manifest.")
    listed = {MANIFEST, SIGNATURE, manifest["database_file"]}
    for name, files in manifest["folders"].items():
        for entry in files:
            path = work / name / entry["path"]
            if not path.is_file() or _file_sha256(path) != entry["sha256"]:
                raise BackupError(f"File {name}/{entry['path']} does not match the manifest.")
            listed.add(f"{name}/{entry['path']}")
    present = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()}
    extra = sorted(present - listed)
    if extra:
        raise BackupError(f"The archive holds files the manifest does not list: {extra[:5]}.")
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


def _check_restored(manifest: dict, connection, where: str) -> None:
    problems = compare_fingerprints(manifest["tables"], table_fingerprints(connection))
    if problems:
        raise BackupError(f"The {where} differs from the backup: " + "; ".join(problems[:10]))


# --- What a target holds ----------------------------------------------------------------------


def database_contents(connection) -> dict[str, int]:
    """{table: rows} of every table of a database (empty for a new, empty database)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _describe_database(contents: dict[str, int]) -> str:
    with_rows = {t: n for t, n in contents.items() if n}
    busiest = sorted(with_rows.items(), key=lambda item: (-item[1], item[0]))[:5]
    listed = ", ".join(f"{table} ({rows} rows)" for table, rows in busiest)
    return (
        f"{len(contents)} tables, {len(with_rows)} with rows, {sum(contents.values())} rows in all"
        + (f"; most: {listed}" if listed else "")
    )


def _folder_is_empty(root: Path) -> bool:
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def restore_refusal(*, database_url: str | None, roots: dict[str, Path]) -> str:
    """Why a restore into this target would need `replace` ("" when the target is empty)."""
    reasons = []
    with database_connection(database_url) as target:
        if target.vendor == "sqlite" and not Path(target.settings_dict["NAME"]).exists():
            contents = {}
        else:
            contents = database_contents(target)
    if contents:
        reasons.append(f"the database holds {_describe_database(contents)}")
    for name, root in roots.items():
        if not _folder_is_empty(root):
            count = sum(1 for p in root.rglob("*") if p.is_file())
            reasons.append(f"the {name} folder {root} holds {count} files")
    return "; ".join(reasons)


# --- Restore ----------------------------------------------------------------------------------


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")


def _stage_database(manifest: dict, work: Path, target) -> dict:
    """Restore the archive's database into a scratch database and check every table there.
    Returns what _switch_database needs."""
    database_file = work / manifest["database_file"]
    if target.vendor == "sqlite":
        with database_connection(f"sqlite:///{database_file}") as scratch:
            _check_restored(manifest, scratch, "database in the archive")
        return {"scratch": database_file}
    config = target.settings_dict
    scratch_name = f"{config['NAME']}"[:40] + f"_restoring_{uuid.uuid4().hex[:8]}"
    with _postgres_admin(config) as admin:
        admin.execute(f"CREATE DATABASE {_pg_name(scratch_name)}")
    scratch_config = {**config, "NAME": scratch_name}
    try:
        _postgres_restore(database_file, scratch_config)
        with database_connection(_url_for(scratch_config)) as scratch:
            _check_restored(manifest, scratch, "scratch database")
    except BaseException:
        _drop_database(config, scratch_name)
        raise
    return {"scratch": scratch_name}


def _url_for(config: dict) -> str:
    from urllib.parse import quote

    auth = quote(str(config.get("USER") or ""))
    if config.get("PASSWORD"):
        auth += ":" + quote(str(config["PASSWORD"]))
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{quote(str(config['NAME']))}"


def _drop_database(config: dict, name: str) -> None:
    with _postgres_admin(config) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_pg_name(name)} WITH (FORCE)")


def _switch_database(staged: dict, target, *, had_data: bool) -> str | None:
    """Put the verified scratch database in the target's place. Returns where the previous
    contents were kept (None when the target was empty)."""
    config = target.settings_dict
    if target.vendor == "sqlite":
        kept = None
        name = Path(config["NAME"])
        if had_data:
            kept = name.with_name(f"{name.name}.pre-restore-{_stamp()}")
            _sqlite_save(target, kept)
        _sqlite_copy(staged["scratch"], target)
        return str(kept) if kept else None
    target.close()
    kept = f"{config['NAME']}"[:40] + f"_pre_restore_{_stamp()}"
    with _postgres_admin(config) as admin:
        others = _other_sessions(admin, config["NAME"])
        if others:
            _drop_database(config, staged["scratch"])
            raise BackupError(
                f"{others} other sessions are connected to {config['NAME']}: stop the web "
                "server and the task worker, then restore again."
            )
        admin.execute(f"ALTER DATABASE {_pg_name(config['NAME'])} RENAME TO {_pg_name(kept)}")
        admin.execute(
            f"ALTER DATABASE {_pg_name(staged['scratch'])} RENAME TO {_pg_name(config['NAME'])}"
        )
        if not had_data:
            admin.execute(f"DROP DATABASE {_pg_name(kept)}")
            return None
    return kept


def _stage_folder(source: Path, root: Path, files: list[dict]) -> Path:
    """Copy a folder from the archive next to its target and check it there."""
    staging = root.with_name(f"{root.name}.restoring-{uuid.uuid4().hex[:8]}")
    staging.parent.mkdir(parents=True, exist_ok=True)
    if source.exists():
        shutil.copytree(source, staging)
    else:
        staging.mkdir()
    restored = {e["path"]: e["sha256"] for e in _folder_files(staging)}
    if restored != {e["path"]: e["sha256"] for e in files}:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"The staged copy of {root} differs from the backup.")
    return staging


def backup_restore(
    *,
    archive: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    private_root: Path | None = None,
    replace: bool = False,
) -> dict:
    """Restore `archive` into the configured database (or `database_url`) and folders (media, or
    `media_root`), verifying everything before anything is replaced (see the module docstring).
    Raises BackupError, with the target untouched, when anything does not check out. Returns the
    manifest, with "kept" naming where the previous contents were put aside."""
    roots = dict(backup_folders())
    if media_root is not None:
        roots["media"] = Path(media_root)
    if private_root is not None:
        roots["private"] = Path(private_root)
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        try:
            _safe_extract(archive, work)
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"The archive cannot be read: {error}") from None
        manifest = _read_manifest(work)
        if (
            manifest["folders"].get("private")
            and private_root is None
            and (database_url is not None or media_root is not None)
        ):
            # A drill into another database must not overwrite the live private files.
            raise BackupError(
                "This backup holds private files: give --private-root too when restoring into "
                "another database or media folder."
            )
        if set(manifest["folders"]) - set(roots):
            raise BackupError(f"Unknown folders in the backup: {sorted(manifest['folders'])}.")
        refusal = restore_refusal(database_url=database_url, roots=roots)
        if refusal and not replace:
            raise BackupError(
                f"The target is not empty: {refusal}. Restore into an empty database, or give "
                "--replace to replace it (its contents are kept aside)."
            )
        kept: dict[str, str] = {}
        with database_connection(database_url) as target:
            if target.vendor != manifest["vendor"]:
                raise BackupError(
                    f"This is a {manifest['vendor']} backup; the target database is "
                    f"{target.vendor}."
                )
            staged_database = _stage_database(manifest, work, target)
            staged_folders = {}
            try:
                for name, files in manifest["folders"].items():
                    staged_folders[name] = _stage_folder(work / name, roots[name], files)
            except BaseException:
                for staging in staged_folders.values():
                    shutil.rmtree(staging, ignore_errors=True)
                if target.vendor == "postgresql":
                    _drop_database(target.settings_dict, staged_database["scratch"])
                raise
            had_data = bool(refusal) and "database holds" in refusal
            previous = _switch_database(staged_database, target, had_data=had_data)
            if previous:
                kept["database"] = previous
        with database_connection(database_url) as target:
            _check_restored(manifest, target, "restored database")
        for name, staging in staged_folders.items():
            root = roots[name]
            if root.exists():
                aside = root.with_name(f"{root.name}.pre-restore-{_stamp()}")
                if _folder_is_empty(root):
                    shutil.rmtree(root)
                else:
                    root.rename(aside)
                    kept[name] = str(aside)
            staging.rename(root)
    return {**manifest, "kept": kept}
