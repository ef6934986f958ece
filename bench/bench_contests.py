"""The contest spike (issue 5): 1,000 contestants against gunicorn and PostgreSQL.

Subject: what contestants wait for at the three hard moments of a contest, through the real
production stack (gunicorn with threaded workers, production settings, Redis sessions, PostgreSQL):

- start: the GET that starts a contestant's paper (built before the start by the papers task, as
  in production), after the countdown page of the contest's random entry delay (8 s spread):
  every start falls within 10 s of the contest's start;
- answer save: the autosave of one answer (JSON), with think time between answers;
- submit: the whole form, everyone within the last 10 seconds.

Baseline: GET /healthz (a session-less view with one query) by as many clients, arriving over
the same 10 seconds, against the same server in the same run: what this machine gives a trivial
request under that arrival.

The run happens in its own process (bench/contest_spike.py) on a PostgreSQL database of its own,
created here and dropped afterwards: on the harness's server when the harness runs on PostgreSQL,
else on BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres). It also
checks what must hold: server errors 0, lost answers 0, lost submits 0, one attempt per person,
final ranking equal to a recomputation from the stored answers, every paper prepared before the
start and none built by a start request. Any of those failing fails the
module (the figures are printed either way).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

from bench.harness import BENCH_DIR, BenchmarkError, Context, Result

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def _server_url(ctx: Context) -> str:
    """A URL of the PostgreSQL server's maintenance database."""
    from django.db import connection

    if ctx.database_vendor == "postgresql":
        config = connection.settings_dict
        auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
        return (
            f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/postgres"
        )
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_SERVER)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str, sql: str) -> None:
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)
    except psycopg.OperationalError as error:
        raise BenchmarkError(
            f"The contest spike needs a PostgreSQL server ({url}): {error}. Set BENCH_POSTGRES_URL "
            "to one this user may create databases on."
        ) from error


def run(ctx: Context) -> list[Result]:
    contestants = 200 if ctx.quick else 1000
    duration = 60 if ctx.quick else 150
    server = _server_url(ctx)
    name = f"govlearn_spike_{uuid.uuid4().hex[:8]}"
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        command = [
            sys.executable,
            "-m",
            "bench.contest_spike",
            "--database-url",
            _with_database(server, name),
            "--contestants",
            str(contestants),
            "--duration",
            str(duration),
        ]
        completed = subprocess.run(
            command, cwd=BENCH_DIR.parent, capture_output=True, text=True, timeout=3600
        )
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for line in completed.stdout.splitlines()[:-1]:
        print("  " + line, flush=True)
    if completed.returncode != 0:
        raise BenchmarkError(
            f"The contest spike exited with {completed.returncode}:\n{completed.stderr[-3000:]}"
        )
    report = json.loads(completed.stdout.splitlines()[-1])
    print("  " + json.dumps(report, ensure_ascii=False), flush=True)

    checks = {
        "server_errors": report["server_errors"] == 0,
        "refused": report["refused"] == 0,
        "lost_answers": report["lost_answers"] == 0,
        "lost_submits": report["lost_submits"] == 0,
        "people_without_one_attempt": report["people_without_one_attempt"] == 0,
        "ranking_matches_recomputation": report["ranking_matches_recomputation"],
        "everyone_started": report["started"] == contestants,
        "everyone_submitted": report["submitted"] == contestants,
        "papers_prepared": report["papers_prepared"] == contestants,
        "no_attempt_built_at_start": report["attempts_built_at_start"] == 0,
    }
    baseline = report["baseline"]
    common = {
        "contestants": contestants,
        "server_errors": report["server_errors"],
        "lost_answers": report["lost_answers"],
        "ranking_ok": report["ranking_matches_recomputation"],
    }

    def row(name: str, figures: dict, **extra) -> Result:
        return Result(
            name=name,
            subject_seconds=figures["p50"] or 0.0,
            baseline_name="GET /healthz, same arrival",
            baseline_seconds=baseline["p50"] or 0.0,
            extra={"p95_ms": _ms(figures["p95"]), **extra},
        )

    results = [
        row(
            f"contest start ({contestants} within {report['last_start_after_seconds']} s)",
            report["start"],
            baseline_p95_ms=_ms(baseline["p95"]),
            countdowns=report["countdown_pages"]["n"],
            papers_prepared=report["papers_prepared"],
            papers_seconds=report["papers_seconds"],
            **common,
        ),
        row(
            f"contest answer save ({report['save']['n']} saves)",
            report["save"],
            late_refusals=report["late_refusals"],
            acknowledged=report["acknowledged_answers"],
        ),
        row(
            f"contest submit ({report['submitted']} in the last 10 s)",
            report["submit"],
            lost_submits=report["lost_submits"],
            ranked=report["ranked"],
        ),
    ]
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise BenchmarkError(
            "The contest spike broke a rule that must hold: "
            + ", ".join(failed)
            + f". Examples: {report['server_error_examples'] + report['refused_examples']}"
        )
    return results


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)
