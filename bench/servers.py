"""Real servers for tests and benchmarks of the scale-out settings (docs/operations.md).

- PostgresPair: a PostgreSQL primary and a streaming replica (initdb, pg_basebackup -R).
- MotoS3Server: moto's S3 in server mode, a real HTTP endpoint for django-storages and boto3.
- RedisServer: redis-server without persistence.

Each picks free loopback ports, keeps its files in a temporary directory, stops cleanly (also at
interpreter exit if the caller forgot) and is a context manager:

    with PostgresPair(tmp_path) as pair:
        primary, replica = pair.primary_url("app"), pair.replica_url("app")

A missing binary is a ServerUnavailable with the package to install, never a hang.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["MotoS3Server", "PostgresPair", "RedisServer", "ServerUnavailable", "free_port"]


class ServerUnavailable(RuntimeError):
    """A server could not be started: a binary is missing or it did not come up in time."""


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, *, timeout: float, process: subprocess.Popen | None, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerUnavailable(f"{what} exited with status {process.returncode} on start")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise ServerUnavailable(f"{what} did not listen on port {port} within {timeout:.0f} s")


def _stop_process(process: subprocess.Popen | None, *, timeout: float = 10) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


class _Server:
    """Start/stop bookkeeping shared by the three servers."""

    _started = False

    def start(self):
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        if not self._started:
            try:
                self.start()
            except BaseException:
                self.stop()  # whatever did start (a primary without its replica) goes too
                raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _register_stop(self) -> None:
        self._started = True
        atexit.register(self.stop)


# --- PostgreSQL ------------------------------------------------------------------------------


def postgres_bindir() -> Path:
    """Where initdb, pg_ctl and pg_basebackup live: POSTGRES_BINDIR, else `pg_config --bindir`,
    else the newest /usr/lib/postgresql/<version>/bin."""
    configured = os.environ.get("POSTGRES_BINDIR")
    candidates = [Path(configured)] if configured else []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            output = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            ).stdout
            candidates.append(Path(output.strip()))
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(versions)
    for candidate in candidates:
        if all((candidate / name).is_file() for name in ("initdb", "pg_ctl", "pg_basebackup")):
            return candidate
    raise ServerUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found: install the "
        "Debian package `postgresql` or set POSTGRES_BINDIR."
    )


class PostgresPair(_Server):
    """A primary and a hot-standby streaming replica on free ports, trust authentication for
    the superuser `postgres` on 127.0.0.1 only, fsync off (test data). As root the servers run as
    the system user `postgres` (PostgreSQL refuses root), in a directory that user owns."""

    def __init__(self, tmpdir: str | os.PathLike | None = None, *, startup_timeout: float = 30):
        self.startup_timeout = startup_timeout
        self.bindir = postgres_bindir()
        self._run_as = None
        if os.geteuid() == 0:
            try:
                self._run_as = pwd.getpwnam("postgres")
            except KeyError as error:
                raise ServerUnavailable(
                    "Running as root and no `postgres` user exists to run PostgreSQL as."
                ) from error
        # A caller's tmpdir (pytest's tmp_path) may sit under a 0700 root directory the postgres
        # user cannot enter: as root the data lives in a directory of our own instead.
        if tmpdir is not None and self._run_as is None:
            self.root = Path(tmpdir) / "postgres-pair"
            self.root.mkdir(parents=True, exist_ok=True)
            self._own_root = False
        else:
            self.root = Path(tempfile.mkdtemp(prefix="govlearn-pg-"))
            self._own_root = True
        if self._run_as is not None:
            os.chown(self.root, self._run_as.pw_uid, self._run_as.pw_gid)
        self.primary_dir = self.root / "primary"
        self.replica_dir = self.root / "replica"
        self.primary_port = free_port()
        self.replica_port = free_port()
        while self.replica_port == self.primary_port:
            self.replica_port = free_port()
        self._running: list[Path] = []

    # URLs ------------------------------------------------------------------------------------
    def primary_url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.primary_port}/{dbname}"

    def replica_url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.replica_port}/{dbname}"

    # processes -------------------------------------------------------------------------------
    def _run(self, *args: str, timeout: float | None = None) -> None:
        kwargs = {}
        if self._run_as is not None:
            kwargs = {"user": self._run_as.pw_uid, "group": self._run_as.pw_gid}
        try:
            subprocess.run(
                [str(self.bindir / args[0]), *args[1:]],
                check=True,
                capture_output=True,
                text=True,
                timeout=timeout or self.startup_timeout,
                cwd=self.root,
                **kwargs,
            )
        except subprocess.CalledProcessError as error:
            raise ServerUnavailable(
                f"{args[0]} failed ({error.returncode}): {error.stderr.strip() or error.stdout}"
            ) from error
        except subprocess.TimeoutExpired as error:
            raise ServerUnavailable(f"{args[0]} did not finish in time") from error

    def _pg_ctl_start(self, datadir: Path, port: int) -> None:
        log = self.root / f"{datadir.name}.log"
        self._running.append(datadir)
        try:
            self._start_server(datadir, port, log)
        except ServerUnavailable as error:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ServerUnavailable(f"{error}\n{datadir.name} log:\n{tail}") from error

    def _start_server(self, datadir: Path, port: int, log: Path) -> None:
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            str(int(self.startup_timeout)),
            "-D",
            str(datadir),
            "-l",
            str(log),
            "-o",
            f"-p {port}",
        )

    def start(self) -> PostgresPair:
        """initdb the primary, start it, clone the replica with pg_basebackup -R, start it."""
        self._register_stop()
        self._run(
            "initdb",
            "-D",
            str(self.primary_dir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        with open(self.primary_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\nlisten_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''\n"
                "wal_level = replica\n"
                "max_wal_senders = 5\n"
                "hot_standby = on\n"
                "fsync = off\n"
                "full_page_writes = off\n"
                "max_connections = 100\n"
            )
        with open(self.primary_dir / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write("\nhost replication postgres 127.0.0.1/32 trust\n")
        self._pg_ctl_start(self.primary_dir, self.primary_port)
        self._run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary_port),
            "-U",
            "postgres",
            "-D",
            str(self.replica_dir),
            "-R",
            "-X",
            "stream",
        )
        self._pg_ctl_start(self.replica_dir, self.replica_port)
        self.wait_replayed()
        return self

    def stop(self) -> None:
        """Fast shutdown of both servers, then remove the data if it is ours."""
        for datadir in reversed(self._running):
            with contextlib.suppress(ServerUnavailable):
                self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(datadir), timeout=30)
        self._running.clear()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
        atexit.unregister(self.stop)

    # replication -----------------------------------------------------------------------------
    def _query(self, url: str, sql: str):
        import psycopg

        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchone() if cursor.description else None

    def primary_lsn(self) -> str:
        return self._query(self.primary_url(), "SELECT pg_current_wal_lsn()::text")[0]

    def wait_replayed(self, lsn: str | None = None, *, timeout: float = 30) -> None:
        """Wait until the replica has replayed `lsn` (default: the primary's current WAL
        position). A paused replica never gets there: that is a ServerUnavailable."""
        lsn = lsn or self.primary_lsn()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                caught_up = self._query(
                    self.replica_url(),
                    f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn",
                )[0]
                if caught_up:
                    return
            time.sleep(0.05)
        raise ServerUnavailable(f"the replica did not replay {lsn} within {timeout:.0f} s")

    def pause_replay(self) -> None:
        """Stop the replica applying WAL (it still receives it): writes on the primary stay
        invisible there until resume_replay()."""
        self._query(self.replica_url(), "SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            state = self._query(self.replica_url(), "SELECT pg_get_wal_replay_pause_state()")[0]
            if state == "paused":
                return
            time.sleep(0.02)
        raise ServerUnavailable("the replica did not pause replay")

    def resume_replay(self) -> None:
        self._query(self.replica_url(), "SELECT pg_wal_replay_resume()")

    def create_database(self, dbname: str) -> None:
        """CREATE DATABASE on the primary and wait until the replica has it."""
        self._query(self.primary_url(), f'CREATE DATABASE "{dbname}"')
        self.wait_replayed()


# --- S3 (moto) -------------------------------------------------------------------------------


class MotoS3Server(_Server):
    """moto's server mode (`python -m moto.server`) on a free port: a real S3 HTTP endpoint.
    Credentials are moto's fixed test ones; `.environment()` gives the settings' env vars."""

    access_key = "testing"
    secret_key = "testing"
    region = "us-east-1"

    def __init__(self, *, startup_timeout: float = 30):
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None
        self._log = None

    def start(self) -> MotoS3Server:
        try:
            import moto.server  # noqa: F401
        except ImportError as error:
            raise ServerUnavailable(
                "moto is not installed: `pip install 'moto[server]'` (pyproject.toml dev)."
            ) from error
        self._register_stop()
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"},
        )
        _wait_for_port(
            self.port, timeout=self.startup_timeout, process=self._process, what="moto server"
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:  # the port opens a moment before Flask answers
            with contextlib.suppress(urllib.error.URLError, OSError):
                urllib.request.urlopen(self.endpoint_url + "/moto-api/", timeout=2).close()  # noqa: S310
                return self
            time.sleep(0.05)
        raise ServerUnavailable("moto server did not answer HTTP in time")

    def client(self):
        """A boto3 S3 client for this server."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
        )

    def create_bucket(self, name: str, *, public_read: bool = False) -> str:
        """A bucket; `public_read` adds the policy a public media bucket has (anyone may GET an
        object, nobody may list or write), as docs/operations.md asks of operators."""
        client = self.client()
        client.create_bucket(Bucket=name)
        if public_read:
            policy = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{name}/*",
                    }
                ],
            }
            client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
        return name

    def environment(self, *, public_bucket: str, private_bucket: str) -> dict[str, str]:
        """The STORAGE_BACKEND=s3 environment (docs/operations.md) pointing at this server."""
        return {
            "STORAGE_BACKEND": "s3",
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_S3_REGION_NAME": self.region,
            "AWS_STORAGE_BUCKET_NAME": public_bucket,
            "AWS_PRIVATE_BUCKET_NAME": private_bucket,
        }

    def stop(self) -> None:
        _stop_process(self._process)
        self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        atexit.unregister(self.stop)


# --- Redis -----------------------------------------------------------------------------------


class RedisServer(_Server):
    """redis-server on a free loopback port, no RDB or AOF persistence, its working directory
    in `tmpdir` (or a temporary one removed on stop)."""

    def __init__(self, tmpdir: str | os.PathLike | None = None, *, startup_timeout: float = 15):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise ServerUnavailable(
                "redis-server not found: install the Debian package `redis-server`."
            )
        self.startup_timeout = startup_timeout
        self._own_dir = tmpdir is None
        self.directory = (
            Path(tmpdir) if tmpdir else Path(tempfile.mkdtemp(prefix="govlearn-redis-"))
        )
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self._register_stop()
        self._process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(
            self.port, timeout=self.startup_timeout, process=self._process, what="redis-server"
        )
        return self

    def stop(self) -> None:
        _stop_process(self._process)
        self._process = None
        if self._own_dir:
            shutil.rmtree(self.directory, ignore_errors=True)
        atexit.unregister(self.stop)
