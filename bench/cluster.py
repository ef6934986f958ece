"""The scale-out topology on one machine, from real parts, started by one command.

    python -m bench.cluster                  # start it, print the addresses, wait for Ctrl-C
    make scale-test                          # the topology test and the spike with a node killed

What runs (every part on a free loopback port, everything under one temporary folder):

- PostgreSQL primary and a streaming replica (`bench.servers.PostgresPair`: initdb,
  pg_basebackup -R); the migrations run on the primary;
- Redis (`bench.servers.RedisServer`): cache, sessions, rate limits, live rankings;
- an S3-protocol server (`bench.servers.MotoS3Server`, moto's server mode) holding the public and
  the private bucket; the settings store media and private files there (`STORAGE_BACKEND=s3`);
- two gunicorn web nodes (config/gunicorn.conf.py, the spike's production settings);
- HAProxy in front: health checks on /healthz, least-connections balancing with a per-node
  connection limit (the rest wait in HAProxy's queue), a refused connection tried again on the
  other node, and an `X-GovLearn-Node` response header naming the node that served;
- two task workers (`manage.py db_worker`, SKIP LOCKED on PostgreSQL) and one scheduler.

Each process runs in a process group of its own, so `stop()` (and `kill_node()`, which is
`kill -9` of a node's master and workers) reaches its children too. Logs go to `<root>/logs/`.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.servers import MotoS3Server, PostgresPair, RedisServer, free_port
from core.signing_keys import new_ed25519_pem

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_HEADER = "X-GovLearn-Node"
DATABASE_NAME = "govlearn"
PUBLIC_BUCKET = "govlearn-public"
PRIVATE_BUCKET = "govlearn-private"


def say(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


@dataclass
class Process:
    """One process of the topology, leader of its own process group."""

    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """kill -9 of the whole group (a gunicorn master and its workers): no goodbye. Returns
        once the port refuses connections: until the last worker is gone the kernel still
        accepts them into the listen backlog, and resets them."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()
        deadline = time.time() + 10
        while self.port and time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            except OSError:
                return
            time.sleep(0.01)

    def stop(self, timeout: float = 30) -> None:
        if not self.alive:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=timeout)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()


HAPROXY_CONFIG = """\
global
    maxconn {maxconn}
    stats socket {socket} mode 600 level admin
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    option forwardfor
    timeout connect 2s
    timeout client 180s
    timeout server 180s
    timeout queue 120s
    # A connection a dead node refuses is tried again, on the other node.
    retries 3
    option redispatch 1
    # Every request gets its own connection to a node: no idle connection to a killed node is
    # ever reused.
    http-reuse never

frontend web
    bind 127.0.0.1:{port}
    maxconn {maxconn}
    # HAProxy stands for the TLS proxy here: the nodes see HTTPS as in production.
    http-request set-header X-Forwarded-Proto https
    default_backend nodes

backend nodes
    balance leastconn
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1 hdr X-Forwarded-Proto https
    http-check expect status 200
    http-response set-header {header} %s
    # A refused connection marks the node down at once: leastconn would otherwise pick the dead
    # node (it has the fewest connections) for every retry until the health check noticed.
    default-server inter 1s fall 2 rise 2 maxconn {node_maxconn} observe layer4 error-limit 1 on-error mark-down
{servers}
"""


class Cluster:
    """The whole topology. `with Cluster() as cluster:` starts it and always stops it."""

    def __init__(
        self,
        *,
        root: Path | None = None,
        nodes: int = 2,
        web_workers: int = 2,
        threads: int = 4,
        task_workers: int = 2,
        settings: str = "bench.spike_settings",
        storage: str = "s3",
        extra_env: dict[str, str] | None = None,
        keep: bool = False,
    ):
        self.root = Path(root or tempfile.mkdtemp(prefix="govlearn-cluster-"))
        self.logs = self.root / "logs"
        self.node_count = nodes
        self.web_workers = web_workers
        self.threads = threads
        self.task_worker_count = task_workers
        self.settings = settings
        self.keep = keep
        self.storage = storage  # "s3" (the buckets) or "local" (one folder all nodes share)
        self.extra_env = extra_env or {}
        self.signing_key = new_ed25519_pem()
        self.port = free_port()
        self.postgres = self.redis = self.s3 = None
        self.nodes: list[Process] = []
        self.workers: list[Process] = []
        self.scheduler: Process | None = None
        self.haproxy: Process | None = None
        self.env: dict[str, str] = {}

    # --- addresses ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The balancer: what browsers reach (plain HTTP on loopback, HTTPS to the nodes)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return self.postgres.primary_url(DATABASE_NAME)

    @property
    def replica_url(self) -> str:
        return self.postgres.replica_url(DATABASE_NAME)

    # --- starting -------------------------------------------------------------------------------

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> Cluster:

        self.logs.mkdir(parents=True, exist_ok=True)
        # mkdtemp makes the folder 0700; PostgreSQL runs as its own user when we are root.
        self.root.chmod(0o755)
        say(f"PostgreSQL primary and streaming replica under {self.root}…")
        self.postgres = PostgresPair(self.root / "postgres")
        self.postgres.start()
        self.postgres.create_database(DATABASE_NAME)
        self.redis = RedisServer(self.root / "redis")
        self.redis.start()
        self.s3 = MotoS3Server()
        self.s3.start()
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
            self.s3.create_bucket(bucket)
        self.env = self._environment()
        # The nodes boot (imports, app registry) while the primary migrates; they only answer
        # /healthz once the tables exist.
        for n in range(1, self.node_count + 1):
            self.nodes.append(self._start_node(f"web{n}"))
        say("migrating the primary…")
        self.manage("migrate", "--noinput", timeout=900)
        self.postgres.wait_replayed()
        for node in self.nodes:
            self._wait_healthy(f"http://127.0.0.1:{node.port}", node)
        for n in range(1, self.task_worker_count + 1):
            self.workers.append(
                self._spawn(
                    f"worker{n}",
                    [
                        "manage.py",
                        "db_worker",
                        "--interval",
                        "1",
                        "--no-reload",
                        "--worker-id",
                        f"cluster-worker{n}",
                    ],
                )
            )
        self.scheduler = self._spawn("scheduler", ["manage.py", "run_scheduler"])
        self.haproxy = self._start_haproxy()
        self.wait_nodes_up(self.node_count)
        say(f"up: {self.url} → {', '.join(f'{n.name}:{n.port}' for n in self.nodes)}")
        return self

    def _environment(self) -> dict[str, str]:
        """Production settings with every scale-out part switched on (docs/operations.md)."""
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings,
            "DATABASE_URL": self.database_url,
            "DATABASE_REPLICA_URL": self.replica_url,
            "REDIS_URL": self.redis.url,
            **(
                self.s3.environment(public_bucket=PUBLIC_BUCKET, private_bucket=PRIVATE_BUCKET)
                if self.storage == "s3"
                else {"STORAGE_BACKEND": "local"}
            ),
            # Local folders only as a net: with S3 storage nothing should be written to them.
            "MEDIA_ROOT": str(self.root / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.root / "private"),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "BACKUP_KEY": secrets.token_urlsafe(48),
            # One credential signing key for every node (production refuses to start without it).
            "PLATFORM_SIGNING_KEY": self.signing_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.origin,
            "PUBLIC_BASE_URL": self.origin,
            "TRUST_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            "WEB_CONCURRENCY": str(self.web_workers),
            "GUNICORN_THREADS": str(self.threads),
            "PYTHONPATH": str(BASE_DIR),
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    def _spawn(self, name: str, argv: list[str], *, extra_env=None, port=None) -> Process:
        log = self.logs / f"{name}.log"
        popen = subprocess.Popen(
            [sys.executable, *argv],
            cwd=BASE_DIR,
            env={**self.env, **(extra_env or {})},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return Process(name=name, popen=popen, log=log, port=port)

    def _start_node(self, name: str) -> Process:
        port = free_port()
        return self._spawn(
            name,
            ["-m", "gunicorn", "-c", str(BASE_DIR / "config" / "gunicorn.conf.py"), "config.wsgi"],
            extra_env={"GUNICORN_BIND": f"127.0.0.1:{port}"},
            port=port,
        )

    def _start_haproxy(self) -> Process:
        servers = "\n".join(
            f"    server {node.name} 127.0.0.1:{node.port} check" for node in self.nodes
        )
        config = self.root / "haproxy.cfg"
        config.write_text(
            HAPROXY_CONFIG.format(
                socket=self.root / "haproxy.sock",
                port=self.port,
                header=NODE_HEADER,
                # What a node serves at once; more wait in HAProxy's queue, not in the node's.
                node_maxconn=self.web_workers * self.threads,
                # Two descriptors a connection, within this process's open-files limit.
                maxconn=min(40000, (resource.getrlimit(resource.RLIMIT_NOFILE)[0] - 200) // 2),
                servers=servers,
            )
        )
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        log = self.logs / "haproxy.log"
        popen = subprocess.Popen(
            [haproxy, "-db", "-f", str(config)],
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return Process(name="haproxy", popen=popen, log=log, port=self.port)

    def _wait_healthy(self, base: str, process: Process, timeout: float = 120) -> None:
        deadline = time.time() + timeout
        while True:
            try:
                request = urllib.request.Request(  # noqa: S310 — our own loopback URL
                    base + "/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if not process.alive or time.time() > deadline:
                raise RuntimeError(f"{process.name} did not come up; see {process.log}")
            time.sleep(0.3)

    # --- watching and breaking ------------------------------------------------------------------

    def haproxy_status(self) -> dict[str, str]:
        """Each node's state as HAProxy sees it ("UP", "DOWN", …), from its stats socket."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(self.root / "haproxy.sock"))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        rows = csv.DictReader(io.StringIO(data.decode().lstrip("# ")))
        return {
            row["svname"]: row["status"].split()[0]
            for row in rows
            if row["pxname"] == "nodes" and row["svname"] not in ("BACKEND", "FRONTEND")
        }

    def wait_nodes_up(self, count: int, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while True:
            try:
                status = self.haproxy_status()
            except OSError:
                status = {}
            if sum(1 for state in status.values() if state == "UP") >= count:
                return
            if not self.haproxy.alive or time.time() > deadline:
                raise RuntimeError(f"HAProxy sees {status}; see {self.haproxy.log}")
            time.sleep(0.3)

    def wait_nodes_down(self, *names: str, timeout: float = 30) -> None:
        """Until HAProxy has taken each named node out of service."""
        deadline = time.time() + timeout
        while (status := self.haproxy_status()) and any(status[n] == "UP" for n in names):
            if time.time() > deadline:
                raise RuntimeError(f"HAProxy still sees {status}")
            time.sleep(0.2)

    def node(self, name: str) -> Process:
        return next(node for node in self.nodes if node.name == name)

    def kill_node(self, name: str) -> tuple[float, float]:
        """kill -9 of a web node's master and workers. Returns when the signal was sent and
        when the node's port stopped taking connections (time.time() both)."""
        node = self.node(name)
        sent = time.time()
        node.kill()
        gone = time.time()
        say(f"killed {name} (kill -9 of its process group; gone after {gone - sent:.3f} s)")
        return sent, gone

    def manage(self, *args: str, timeout: float = 300, input: str | None = None) -> str:
        """Run `manage.py <args>` against the topology; returns stdout, raises on failure."""
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=input,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}"
            )
        return completed.stdout

    def wait_replayed(self) -> None:
        self.postgres.wait_replayed()

    # --- stopping -------------------------------------------------------------------------------

    def stop(self) -> None:
        """Everything, front to back; each group gets SIGTERM, then SIGKILL after a while."""
        for process in [self.haproxy, *self.nodes, *self.workers, self.scheduler]:
            if process is not None:
                process.stop()
        for server in (self.s3, self.redis, self.postgres):
            if server is not None:
                try:
                    server.stop()
                except Exception as error:  # stop what else can be stopped
                    say(f"stopping {server.__class__.__name__}: {error!r}")
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__)
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes per node")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--task-workers", type=int, default=2)
    parser.add_argument("--root", type=Path, help="folder for data and logs (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the folder afterwards")
    parser.add_argument("--storage", choices=["s3", "local"], default="s3")
    args = parser.parse_args(argv)
    cluster = Cluster(
        root=args.root,
        storage=args.storage,
        web_workers=args.web_workers,
        threads=args.threads,
        task_workers=args.task_workers,
        keep=args.keep,
    )
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    with cluster:
        print(f"balancer      {cluster.url}  (header {NODE_HEADER} names the node)")
        for node in cluster.nodes:
            print(f"{node.name:<13} http://127.0.0.1:{node.port}")
        print(f"primary       {cluster.database_url}")
        print(f"replica       {cluster.replica_url}")
        print(f"redis         {cluster.redis.url}")
        print(f"s3            {cluster.s3.endpoint_url} ({PUBLIC_BUCKET}, {PRIVATE_BUCKET})")
        print(f"logs          {cluster.logs}")
        print("Ctrl-C stops everything.", flush=True)
        try:
            while not stop:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
