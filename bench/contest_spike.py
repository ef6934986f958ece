"""The contest spike: a thousand contestants against gunicorn and PostgreSQL, as at a real start.

Run by bench/bench_contests.py in a process of its own, on a database of its own:

    python -m bench.contest_spike --database-url postgres://…/govlearn_spike --contestants 1000
    python -m bench.contest_spike --cluster --runs balanced,killed      # through the balancer

One node (`--database-url`): gunicorn with config/gunicorn.conf.py on a free loopback port, on
the given PostgreSQL database and Redis. Through the balancer (`--cluster`): the whole scale-out
topology of bench/cluster.py (two web nodes behind HAProxy, two task workers, a scheduler,
PostgreSQL primary and replica, Redis, S3), one run after another in it:

- `balanced`: the contest through the balancer, across both nodes;
- `killed`: the same, and mid-contest one web node's master and workers get `kill -9`; its
  contestants carry on through the other node.

What happens in a run, in order:

1. Build a site, one department with eight sections and `contestants` people, and a paper
   contest of `questions` single-choice questions (shuffled per player) whose entry spread is
   8 s. Everyone registers; the papers task builds every paper through a database worker (the
   cluster's own workers there), as in production before the start; everyone gets a logged-in
   session (in Redis, as production keeps them).
2. Baseline: the same number of clients, arriving over the same 10 s, each GET /healthz (a
   session-less view with one query). This is what the machine gives a trivial request under the
   same arrival, in the same run.
3. The contest. Every contestant opens the contest page within the first second of the start;
   the server answers with a countdown (its random entry delay) and they come back when it
   ends: that GET stamps the start of the paper the papers task built before ("start"). Each
   then answers every question at random times across the contest (think time), a fifth change
   one answer, and every contestant submits the whole form in the last 10 s before the end. A
   request the server fails is counted, and tried again a second later (bench/spike_clients.py).
4. Decide the contest as the worker would, then check: every answer the server acknowledged is
   stored as acknowledged (else it is a lost answer), every acknowledged submit finished its
   attempt, each person has exactly one attempt, and the final standings equal a ranking
   recomputed from the stored answers with the scoring function. With a node killed, the
   failures of requests in flight on it as it died are counted apart from every other.

The last line of stdout is one JSON object with the figures (`{"runs": [...]}` with --cluster);
everything else is progress. Requests carry X-Forwarded-Proto: https, as from a TLS proxy.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from bench.spike_clients import SUBMIT_WINDOW, Site, drive, split_failures
from bench.spike_stage import (
    build_stage,
    lost_answers,
    move_start,
    percentiles,
    prepare_papers,
    ranking_matches,
    sessions_for,
)
from core.signing_keys import new_ed25519_pem

BASE_DIR = Path(__file__).resolve().parent.parent
START_WINDOW = 10  # arrival + spread + the countdown's whole seconds: every start falls within it
KILLED_NODE = "web1"


@functools.cache
def _signing_key() -> str:
    """One credential signing key for every node this process starts."""
    return new_ed25519_pem()


def spike_environment(*, database_url: str, redis_url: str, port: int, workers: int) -> dict:
    """The environment of the spike and of gunicorn: production settings on the spike's database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.spike_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": os.environ.get("SPIKE_SECRET_KEY") or secrets.token_urlsafe(48),
        "PLATFORM_SIGNING_KEY": os.environ.get("PLATFORM_SIGNING_KEY") or _signing_key(),
        "ALLOWED_HOSTS": f"127.0.0.1,127.0.0.1:{port},localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "PYTHONPATH": str(BASE_DIR),
        "PYTHONUNBUFFERED": "1",
    }


def say(message: str) -> None:
    print(f"[spike {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# --- one node -----------------------------------------------------------------------------------


def start_gunicorn(env: dict, log_path: Path) -> subprocess.Popen:
    log = log_path.open("w")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(BASE_DIR / "config" / "gunicorn.conf.py"),
            "config.wsgi",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_healthy(site: Site, server: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + 60
    while True:
        try:
            request = urllib.request.Request(  # noqa: S310 — our own loopback URL
                site.base + "/healthz", headers=site.headers()
            )
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.time() > deadline:
            raise SystemExit(f"gunicorn did not come up; see {log}")
        time.sleep(0.5)


# --- a run --------------------------------------------------------------------------------------


def contest_run(args, *, base: str, tag: str = "", workers_running: bool, kill=None) -> dict:
    """Stage, drive and check one contest against `base`; `kill(…)`, when given, is called
    mid-contest and returns (sent, gone). Returns the run's report."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone, translation

    from quizzes.models import Attempt
    from quizzes.services.contests import contest_decide

    say(f"seeding {args.contestants} contestants…")
    contest, users = build_stage(
        contestants=args.contestants, questions=args.questions, duration=args.duration, tag=tag
    )
    say("preparing the papers (the papers task, through a database worker)…")
    papers = prepare_papers(contest, workers_running=workers_running)
    say(f"{len(papers['ids'])} papers prepared in {papers['seconds']:.1f} s")
    say("logging everyone in…")
    cookies = sessions_for(users)
    with translation.override(settings.LANGUAGE_CODE):
        paths = {
            "play": reverse("quizzes:contest_play", args=[contest.pk]),
            "answer": reverse("quizzes:contest_answer", args=[contest.pk]),
            "submit": reverse("quizzes:contest_submit", args=[contest.pk]),
        }
    site = Site(base, settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)

    baseline_at = time.time() + 2
    start = baseline_at + START_WINDOW + 5
    contest = move_start(contest, timezone.now() + timedelta(seconds=start - time.time()))
    schedule = {
        "baseline": baseline_at,
        "baseline_window": START_WINDOW,
        "start": contest.starts_at.timestamp(),
        "end": contest.ends_at.timestamp(),
    }
    kill_at = None
    if kill is not None:
        # Mid-contest: after every start, well before the submits.
        kill_at = schedule["start"] + (args.kill_at or (args.duration - SUBMIT_WINDOW) / 2)
    say(f"contest runs {args.duration} s from {contest.starts_at:%H:%M:%S}…")
    people = [(u.username, c) for u, c in zip(users, cookies, strict=True)]
    tally = asyncio.run(
        drive(
            site=site,
            people=people,
            paths=paths,
            schedule=schedule,
            kill=(kill_at, kill) if kill else None,
        )
    )

    time.sleep(max(0.0, schedule["end"] - time.time()))
    say("deciding and checking…")
    contest_decide(contest=contest, now=max(timezone.now(), contest.ends_at))
    matches, ranked = ranking_matches(contest)
    losses = lost_answers(contest, tally)
    starts = list(tally.started_at.values())
    in_flight, other_failures = split_failures(tally)
    return {
        "contestants": args.contestants,
        "questions": args.questions,
        "duration_seconds": args.duration,
        "workers": args.workers,
        "threads": int(os.environ.get("GUNICORN_THREADS", "4")),
        "start": percentiles(tally.start),
        "countdown_pages": percentiles(tally.waiting),
        "save": percentiles(tally.save),
        "submit": percentiles(tally.submit),
        "baseline": percentiles(tally.baseline),
        "started": len(starts),
        "last_start_after_seconds": round(max(starts), 2) if starts else None,
        "submitted": len(tally.submitted),
        "finished_attempts": Attempt.objects.filter(
            assessment_id=contest.assessment_id, status__in=Attempt.FINISHED
        ).count(),
        # Server errors beyond the killed node's in-flight requests (which are counted apart).
        "server_errors": len(other_failures),
        "server_error_examples": [f"{f.label}: {f.reason}" for f in other_failures[:5]],
        "killed_in_flight": len(in_flight),
        "killed_in_flight_examples": [f"{f.label}: {f.reason}" for f in in_flight[:5]],
        "killed_node": KILLED_NODE if kill else None,
        "kill_after_start_seconds": (
            round(tally.kill[0] - schedule["start"], 2) if tally.kill else None
        ),
        "kill_took_seconds": round(tally.kill[1] - tally.kill[0], 3) if tally.kill else None,
        "served_by": dict(sorted(tally.served_by.items())),
        "served_after_kill": dict(sorted(tally.served_after_kill.items())),
        "refused": len(tally.refused),
        "refused_examples": tally.refused[:5],
        "late_refusals": tally.late_refusals,
        "acknowledged_answers": len(tally.acknowledged),
        **losses,
        "ranking_matches_recomputation": matches,
        "ranked": ranked,
        "papers_prepared": len(papers["ids"]),
        "papers_seconds": round(papers["seconds"], 2),
        # Attempts the contest's requests created (a start that built its own paper): 0 wanted.
        "attempts_built_at_start": Attempt.objects.filter(assessment_id=contest.assessment_id)
        .exclude(pk__in=papers["ids"])
        .count(),
    }


def broken_rules(report: dict) -> list[str]:
    """The rules one run must keep, by name, that it broke (an empty list: all kept)."""
    everyone = report["contestants"]
    rules = {
        "server_errors": report["server_errors"] == 0,
        "refused": report["refused"] == 0,
        "lost_answers": report["lost_answers"] == 0,
        "lost_submits": report["lost_submits"] == 0,
        "people_without_one_attempt": report["people_without_one_attempt"] == 0,
        "ranking_matches_recomputation": report["ranking_matches_recomputation"],
        "everyone_started": report["started"] == everyone,
        "everyone_submitted": report["submitted"] == everyone,
        "papers_prepared": report["papers_prepared"] == everyone,
        "no_attempt_built_at_start": report["attempts_built_at_start"] == 0,
    }
    if report.get("run") == "balanced":
        rules["both_nodes_served"] = len(report["served_by"]) == 2
    if report.get("run") == "killed":
        rules["node_killed"] = report["kill_after_start_seconds"] is not None
        rules["killed_node_served_nothing_after"] = KILLED_NODE not in report["served_after_kill"]
        rules["the_other_node_carried_on"] = bool(report["served_after_kill"])
    return [name for name, kept in rules.items() if not kept]


def single_node(args) -> dict:
    """The run against one gunicorn on the given database."""
    from bench.cluster import free_port

    port = free_port()
    env = spike_environment(
        database_url=args.database_url, redis_url=args.redis_url, port=port, workers=args.workers
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    say("migrating…")  # before gunicorn: /healthz answers 503 until the tables exist
    call_command("migrate", verbosity=0, interactive=False)
    say(f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{port}…")
    args.log.parent.mkdir(parents=True, exist_ok=True)
    server = start_gunicorn(env, args.log)
    try:
        site = Site(
            f"http://127.0.0.1:{port}", settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME
        )
        wait_healthy(site, server, args.log)
        return contest_run(args, base=site.base, workers_running=False)
    finally:
        stop_gunicorn(server)


def through_cluster(args) -> dict:
    """The runs named by --runs, one after another, in one topology (bench/cluster.py)."""
    from bench.cluster import Cluster

    runs = [name.strip() for name in args.runs.split(",") if name.strip()]
    unknown = set(runs) - {"balanced", "killed"}
    if unknown:
        raise SystemExit(f"unknown runs: {', '.join(sorted(unknown))}")
    if "killed" in runs[:-1]:
        raise SystemExit("the killed run must be the last: its node stays dead")
    cluster = Cluster(
        web_workers=args.workers,
        task_workers=2,
        storage=args.storage,
        keep=args.keep,
        root=args.cluster_root,
    )
    with cluster:
        os.environ.update(cluster.env)
        import django

        django.setup()
        reports = []
        for number, name in enumerate(runs):
            say(f"run {name} through the balancer {cluster.url}…")
            kill = (lambda: cluster.kill_node(KILLED_NODE)) if name == "killed" else None
            report = contest_run(
                args, base=cluster.url, tag=f"r{number}", workers_running=True, kill=kill
            )
            reports.append({"run": name, **report})
        topology = {
            "nodes": len(cluster.nodes),
            "web_workers_per_node": cluster.web_workers,
            "threads": cluster.threads,
            "task_workers": len(cluster.workers),
            "node_maxconn": cluster.web_workers * cluster.threads,
            "logs": str(cluster.logs) if args.keep else None,
        }
    return {"cluster": topology, "runs": reports}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.contest_spike")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (one node)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument(
        "--cluster", action="store_true", help="through the balancer of bench/cluster.py"
    )
    parser.add_argument(
        "--runs", default="balanced,killed", help="with --cluster: balanced, killed or both"
    )
    parser.add_argument(
        "--kill-at", type=float, help="seconds after the start to kill a node (default: midway)"
    )
    parser.add_argument("--contestants", type=int, default=1000)
    parser.add_argument("--large", action="store_true", help="5,000 contestants over 300 s")
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--duration", type=int, default=150, help="contest length in seconds")
    parser.add_argument(
        "--workers",
        type=int,
        help="gunicorn processes (per node; default 4 alone, 2 in the cluster)",
    )
    parser.add_argument("--log", type=Path, default=BASE_DIR / "var" / "gunicorn-spike.log")
    parser.add_argument("--keep", action="store_true", help="keep the cluster's folder and logs")
    parser.add_argument(
        "--fail", action="store_true", help="exit with status 1 when a run breaks a rule"
    )
    parser.add_argument("--storage", choices=["s3", "local"], default="s3", help="media")
    parser.add_argument("--cluster-root", type=Path, help="the cluster's folder (default: temp)")
    args = parser.parse_args(argv)
    if args.large:
        args.contestants, args.duration = 5000, max(args.duration, 300)
    if args.duration < 4 * SUBMIT_WINDOW:
        parser.error(f"--duration must be at least {4 * SUBMIT_WINDOW} seconds")
    if not args.cluster and not args.database_url:
        parser.error("give --database-url (one node) or --cluster")
    if args.workers is None:
        args.workers = 2 if args.cluster else 4
    report = through_cluster(args) if args.cluster else single_node(args)
    broken = {run.get("run", "single"): broken_rules(run) for run in report.get("runs", [report])}
    broken = {name: rules for name, rules in broken.items() if rules}
    for name, rules in broken.items():
        say(f"run {name} broke: {', '.join(rules)}")
    report["broken_rules"] = broken
    print(json.dumps(report, ensure_ascii=False))
    # Exit status 1 when a rule broke (`make scale-test` fails); bench_contests reads the JSON.
    return 1 if broken and args.fail else 0


if __name__ == "__main__":
    sys.exit(main())
