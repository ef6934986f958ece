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


def _spike(arguments: list[str]) -> dict:
    """Run bench/contest_spike.py with `arguments`; its progress is echoed, its report returned."""
    command = [sys.executable, "-m", "bench.contest_spike", *arguments]
    completed = subprocess.run(
        command, cwd=BENCH_DIR.parent, capture_output=True, text=True, timeout=3600
    )
    for line in completed.stdout.splitlines()[:-1]:
        if not line.startswith("AXES:"):
            print("  " + line, flush=True)
    if completed.returncode != 0:
        raise BenchmarkError(
            f"The contest spike exited with {completed.returncode}:\n{completed.stderr[-3000:]}"
        )
    report = json.loads(completed.stdout.splitlines()[-1])
    print("  " + json.dumps(report, ensure_ascii=False), flush=True)
    return report


def _rows(report: dict, *, label: str) -> list[Result]:
    """Start, answer save and submit against GET /healthz under the same arrival, one run."""
    contestants = report["contestants"]
    baseline = report["baseline"]
    common = {
        "contestants": contestants,
        "server_errors": report["server_errors"],
        "lost_answers": report["lost_answers"],
        "ranking_ok": report["ranking_matches_recomputation"],
    }
    if report.get("served_by"):
        common["served_by"] = report["served_by"]
    if report.get("killed_node"):
        common.update(
            killed_node=report["killed_node"],
            killed_after_s=report["kill_after_start_seconds"],
            killed_in_flight=report["killed_in_flight"],
            served_after_kill=report["served_after_kill"],
        )

    def row(name: str, figures: dict, **extra) -> Result:
        return Result(
            name=f"{label}{name}",
            subject_seconds=figures["p50"] or 0.0,
            baseline_name="GET /healthz, same arrival",
            baseline_seconds=baseline["p50"] or 0.0,
            extra={"p95_ms": _ms(figures["p95"]), **extra},
        )

    start_p95, baseline_p95 = report["start"]["p95"], baseline["p95"]
    return [
        row(
            f"contest start ({contestants} within {report['last_start_after_seconds']} s)",
            report["start"],
            baseline_p95_ms=_ms(baseline_p95),
            # Issue 14's target: start p95 within 10x the /healthz p95 under the same arrival.
            p95_ratio=round(start_p95 / baseline_p95, 1) if start_p95 and baseline_p95 else None,
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


def run(ctx: Context) -> list[Result]:
    from bench.contest_spike import broken_rules

    contestants = 200 if ctx.quick else 1000
    duration = 60 if ctx.quick else 150
    sizes = ["--contestants", str(contestants), "--duration", str(duration)]
    server = _server_url(ctx)
    name = f"govlearn_spike_{uuid.uuid4().hex[:8]}"
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        single = _spike(["--database-url", _with_database(server, name), *sizes])
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    # The same contest through the balancer of bench/cluster.py (two nodes, its own PostgreSQL
    # primary and replica, Redis and S3), then again with one node killed mid-contest.
    clustered = _spike(["--cluster", "--runs", "balanced,killed", *sizes])

    results = _rows(single, label="")
    broken = {"one node": broken_rules(single)}
    for report in clustered["runs"]:
        label = {"balanced": "balancer: ", "killed": "node killed: "}[report["run"]]
        results += _rows(report, label=label)
        broken[label.rstrip(": ")] = broken_rules(report)
    failed = {run: rules for run, rules in broken.items() if rules}
    if failed:
        examples = [
            example
            for report in [single, *clustered["runs"]]
            for example in report["server_error_examples"] + report["refused_examples"]
        ]
        raise BenchmarkError(
            f"The contest spike broke a rule that must hold: {failed}. Examples: {examples[:8]}"
        )
    return results


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)
