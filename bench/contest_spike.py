"""The contest spike: a thousand contestants against gunicorn and PostgreSQL, as at a real start.

Run by bench/bench_contests.py in a process of its own, on a database of its own:

    python -m bench.contest_spike --database-url postgres://…/govlearn_spike --contestants 1000

What happens, in order:

1. Migrate the empty database, build a site, one department with eight sections and `contestants`
   people, and a paper contest of `questions` single-choice questions (shuffled per player)
   whose entry spread is 8 s. Everyone registers; the papers task builds every paper through the
   database worker, as in production before the start; everyone gets a logged-in session (in
   Redis, as production keeps them).
2. Start gunicorn with config/gunicorn.conf.py (threaded workers) on a free loopback port.
3. Baseline: the same number of clients, arriving over the same 10 s, each GET /healthz (a
   session-less view with one query). This is what the machine gives a trivial request under the
   same arrival, in the same run.
4. The contest. Every contestant opens the contest page within the first second of the start; the server answers with a countdown (its random entry delay) and they come back when it
   ends: that GET stamps the start of the paper the papers task built before ("start"). Each then answers every question at
   random times across the contest (think time), a fifth change one answer, and every contestant
   submits the whole form in the last 10 s before the end.
5. Decide the contest as the worker would, then check: every answer the server acknowledged is
   stored as acknowledged (else it is a lost answer), every acknowledged submit finished its
   attempt, each person has exactly one attempt, and the final standings equal a ranking
   recomputed from the stored answers with the scoring function.

The last line of stdout is one JSON object with the figures; everything else is progress.
Requests go to http://127.0.0.1:<port> with X-Forwarded-Proto: https, as from a TLS proxy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench.harness import percentile

BASE_DIR = Path(__file__).resolve().parent.parent
SPREAD_SECONDS = 8  # the contest's entry spread (its random entry delays)
ARRIVAL_SECONDS = 1  # contestants open the page within this long after the start
START_WINDOW = 10  # arrival + spread + the countdown's whole seconds: every start falls within it
SUBMIT_WINDOW = 10  # everyone submits within this many seconds before the end
SUBMIT_MARGIN = 1.5  # the last submit leaves at least this long before the end
REQUEST_TIMEOUT = 60


def spike_environment(*, database_url: str, redis_url: str, port: int, workers: int) -> dict:
    """The environment of the spike and of gunicorn: production settings on the spike's database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.spike_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": os.environ.get("SPIKE_SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": f"127.0.0.1,127.0.0.1:{port},localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "PYTHONPATH": str(BASE_DIR),
        "PYTHONUNBUFFERED": "1",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def say(message: str) -> None:
    print(f"[spike {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# --- setting the stage (in this process, through Django) ------------------------------------------


def build_stage(*, contestants: int, questions: int, duration: int):
    """Site, units, people, the contest and registrations. Returns (contest, users)."""
    from django.contrib.auth.hashers import make_password
    from django.core.cache import cache
    from django.core.management import call_command
    from django.utils import timezone

    from people.models import OrgUnit, Profile, User
    from people.services import org_unit_create
    from quizzes.services.contests import contest_register
    from tests.factories.contests import contest_page

    call_command("migrate", verbosity=0, interactive=False)
    cache.clear()  # the spike's own Redis database: no session or ranking of an earlier run
    department = org_unit_create(name="竞赛测试局", code="spike", kind=OrgUnit.Kind.DEPARTMENT)
    sections = [
        org_unit_create(
            name=f"第{i + 1}处", code=f"spike-{i + 1}", kind=OrgUnit.Kind.SECTION, parent=department
        )
        for i in range(8)
    ]
    # One hash for everyone, computed once: nobody logs in with it (sessions are made below), and
    # a thousand PBKDF2 rounds would only measure the password hasher.
    unusable = make_password(secrets.token_urlsafe(24))
    users = User.objects.bulk_create(
        User(username=f"spike{n:05d}", full_name=f"参赛者{n:05d}", password=unusable)
        for n in range(contestants)
    )
    Profile.objects.bulk_create(
        Profile(user=user, employee_number=f"S{n:05d}", org_unit=sections[n % len(sections)])
        for n, user in enumerate(users)
    )
    contest = contest_page(
        questions=questions,
        qtype="single",
        starts_in=timedelta(hours=1),
        duration=timedelta(seconds=duration),
        spread=SPREAD_SECONDS,
    )
    now = timezone.now()
    for user in users:
        contest_register(contest=contest, user=user, now=now)
    return contest, users


def prepare_papers(contest) -> dict:
    """As in production: the papers task queued (publish queues it for registration close) and
    run by the database worker before the start. Returns its count and how long it took."""
    from django.core.management import call_command

    from quizzes.models import Attempt
    from quizzes.tasks import prepare_contest_papers

    began = time.perf_counter()
    prepare_contest_papers.enqueue(contest_id=contest.pk)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    seconds = time.perf_counter() - began
    ids = set(
        Attempt.objects.filter(assessment_id=contest.assessment_id).values_list("pk", flat=True)
    )
    return {"ids": ids, "seconds": seconds}


def sessions_for(users) -> list[str]:
    """A logged-in session per person, made by Django's own login (signals and all)."""
    from django.conf import settings
    from django.test import Client

    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


def move_start(contest, starts_at):
    """Put the contest's start at `starts_at` (the registrations' entry times move with it)."""
    from django.db.models import F

    from quizzes.models import ContestEntry, ContestPage
    from quizzes.services.contests import contest_assessment_sync

    shift = starts_at - contest.starts_at
    ContestPage.objects.filter(pk=contest.pk).update(
        registration_opens_at=F("registration_opens_at") + shift,
        registration_closes_at=F("registration_closes_at") + shift,
        starts_at=F("starts_at") + shift,
        ends_at=F("ends_at") + shift,
    )
    ContestEntry.objects.filter(contest_id=contest.pk).update(
        entry_not_before=F("entry_not_before") + shift
    )
    contest = ContestPage.objects.get(pk=contest.pk)
    contest_assessment_sync(contest=contest)
    return contest


# --- the server ---------------------------------------------------------------------------------


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


# --- the clients --------------------------------------------------------------------------------


@dataclass
class Tally:
    """Everything the clients saw, for the report."""

    start: list[float] = field(default_factory=list)  # the GET that starts the prepared paper
    waiting: list[float] = field(default_factory=list)  # countdown pages
    save: list[float] = field(default_factory=list)
    submit: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)  # 5xx, resets, timeouts
    refused: list[str] = field(default_factory=list)  # any other answer than the expected one
    late_refusals: int = 0  # saves the server refused because they arrived after the end
    acknowledged: dict = field(default_factory=dict)  # (username, slot) -> choice the server saved
    submitted: set = field(default_factory=set)  # usernames whose submit was acknowledged
    started_at: dict = field(default_factory=dict)  # username -> seconds after the start


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SLOT_INPUT = re.compile(r'name="slots" value="(\d+)"')
RADIO_INPUT = re.compile(r'type="radio" name="s(\d+)" value="([^"]+)"')


class Site:
    """The loopback server behind a pretend TLS proxy."""

    def __init__(self, port: int, session_cookie: str, csrf_cookie: str):
        self.base = f"http://127.0.0.1:{port}"
        self.origin = f"https://127.0.0.1:{port}"
        self.session_cookie = session_cookie
        self.csrf_cookie = csrf_cookie

    def headers(self, session: str | None = None, csrf: str | None = None, **extra) -> dict:
        cookies = []
        if session:
            cookies.append(f"{self.session_cookie}={session}")
        if csrf:
            cookies.append(f"{self.csrf_cookie}={csrf}")
        headers = {"X-Forwarded-Proto": "https", "User-Agent": "govlearn-contest-spike"}
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        headers.update(extra)
        return headers


async def timed(http, tally: Tally, label: str, method: str, url: str, **kwargs):
    """One request: (seconds, status, body text, response cookies), or None when the server
    failed it (a connection error, a timeout or a 5xx), which is counted as a server error."""
    began = time.perf_counter()
    try:
        async with http.request(method, url, allow_redirects=False, **kwargs) as response:
            body = await response.text()
            seconds, status, cookies = (
                time.perf_counter() - began,
                response.status,
                response.cookies,
            )
    except Exception as error:  # every failure is a figure in the report
        tally.server_errors.append(f"{label}: {error!r}")
        return None
    if status >= 500:
        tally.server_errors.append(f"{label}: HTTP {status}")
        return None
    return seconds, status, body, cookies


async def baseline_client(http, site: Site, tally: Tally, at: float) -> None:
    await asyncio.sleep(max(0.0, at - time.time()))
    reply = await timed(
        http, tally, "baseline", "GET", site.base + "/healthz", headers=site.headers()
    )
    if reply is None:
        return
    seconds, status, _body, _cookies = reply
    if status != 200:
        tally.refused.append(f"baseline: HTTP {status}")
    else:
        tally.baseline.append(seconds)


async def contestant(
    http, site: Site, tally: Tally, *, username: str, session: str, paths: dict, schedule: dict
) -> None:
    """One person: open at the start, wait out the countdown, answer over the contest with think
    time, change one answer sometimes, submit the whole form in the last seconds."""
    rng = random.Random(username)
    start_at, end_at = schedule["start"], schedule["end"]
    await asyncio.sleep(max(0.0, start_at + rng.uniform(0, ARRIVAL_SECONDS) - time.time()))
    page = None
    csrf_cookie = None
    for _ in range(10):
        reply = await timed(
            http,
            tally,
            f"start {username}",
            "GET",
            site.base + paths["play"],
            headers=site.headers(session),
        )
        if reply is None:
            return
        seconds, status, body, cookies = reply
        if status != 200:
            tally.refused.append(f"start {username}: HTTP {status}")
            return
        if site.csrf_cookie in cookies:
            csrf_cookie = cookies[site.csrf_cookie].value
        if 'id="attempt-form"' in body:
            tally.start.append(seconds)
            tally.started_at[username] = time.time() - start_at
            page = body
            break
        wait = re.search(r'data-countdown="(\d+)"', body)
        if wait is None:
            tally.refused.append(f"start {username}: neither a countdown nor the paper")
            return
        tally.waiting.append(seconds)
        await asyncio.sleep(int(wait.group(1)) + rng.uniform(0, 0.2))
    if page is None or csrf_cookie is None:
        tally.refused.append(f"start {username}: no paper after ten countdowns")
        return

    token = CSRF_INPUT.search(page).group(1)
    slots = [int(s) for s in SLOT_INPUT.findall(page)]
    options: dict[int, list[str]] = {}
    for slot, value in RADIO_INPUT.findall(page):
        options.setdefault(int(slot), []).append(value)
    post_headers = site.headers(
        session,
        csrf_cookie,
        **{"X-CSRFToken": token, "Origin": site.origin, "Referer": site.origin + paths["play"]},
    )
    json_headers = {**post_headers, "Accept": "application/json"}

    # Think time: the answers fall at random moments between entering and the submit window.
    entered = time.time()
    last_moment = end_at - SUBMIT_WINDOW - 1
    moments = sorted(rng.uniform(entered + 1.5, max(entered + 2, last_moment)) for _ in slots)
    changes = {rng.choice(slots)} if slots and rng.random() < 0.2 else set()
    choices: dict[int, str] = {}
    for slot, moment in zip(slots, moments, strict=True):
        to_answer = [slot] + ([rng.choice(list(choices))] if choices and slot in changes else [])
        for target in to_answer:
            await asyncio.sleep(max(0.0, moment - time.time()))
            choice = rng.choice(options[target])
            reply = await timed(
                http,
                tally,
                f"save {username}/{target}",
                "POST",
                site.base + paths["answer"],
                data={"slots": str(target), f"s{target}": choice},
                headers=json_headers,
            )
            if reply is None:
                continue
            seconds, status, body, _ = reply
            data = json.loads(body) if status in (200, 409) else {}
            if status == 409 and data.get("code") == "ended":
                tally.late_refusals += 1
                continue
            if status != 200 or not data.get("ok"):
                tally.refused.append(f"save {username}/{target}: HTTP {status} {body[:120]}")
                continue
            tally.save.append(seconds)
            choices[target] = choice
            tally.acknowledged[(username, target)] = choice

    # Submit the whole form, as the browser's submit button does, in the last seconds.
    await asyncio.sleep(
        max(0.0, rng.uniform(end_at - SUBMIT_WINDOW, end_at - SUBMIT_MARGIN) - time.time())
    )
    form = [("csrfmiddlewaretoken", token)]
    for slot in slots:
        form.append(("slots", str(slot)))
        if slot in choices:
            form.append((f"s{slot}", choices[slot]))
    reply = await timed(
        http,
        tally,
        f"submit {username}",
        "POST",
        site.base + paths["submit"],
        data=form,
        headers=post_headers,
    )
    if reply is None:
        return
    seconds, status, body, _ = reply
    if status != 302:
        tally.refused.append(f"submit {username}: HTTP {status}")
    else:
        tally.submit.append(seconds)
        tally.submitted.add(username)


async def drive(*, site: Site, people: list[tuple[str, str]], paths: dict, schedule: dict):
    import aiohttp

    tally = Tally()
    # A fresh connection per request, as from many browsers through a proxy: no client reuses a
    # kept-alive connection the server has just closed.
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        window = schedule["baseline_window"]
        await asyncio.gather(
            *(
                baseline_client(http, site, tally, schedule["baseline"] + window * n / len(people))
                for n in range(len(people))
            )
        )
        await asyncio.gather(
            *(
                contestant(
                    http,
                    site,
                    tally,
                    username=username,
                    session=session,
                    paths=paths,
                    schedule=schedule,
                )
                for username, session in people
            )
        )
    return tally


# --- checking what was stored -------------------------------------------------------------------


def lost_answers(contest, tally: Tally) -> dict:
    """Acknowledged answers not stored as acknowledged, acknowledged submits whose attempt is not
    finished, and people with other than one attempt."""
    from django.db.models import Count

    from quizzes.models import Answer, Attempt, ContestEntry

    entries = {
        e.user.username: e
        for e in ContestEntry.objects.filter(contest=contest).select_related("user", "attempt")
    }
    stored = {
        (a.attempt_id, a.slot): (a.response or {}).get("choice")
        for a in Answer.objects.filter(attempt__assessment_id=contest.assessment_id)
    }
    lost = 0
    for (username, slot), choice in tally.acknowledged.items():
        attempt_id = entries[username].attempt_id
        if stored.get((attempt_id, slot)) != choice:
            lost += 1
    unfinished = sum(
        1
        for username in tally.submitted
        if entries[username].attempt is None or not entries[username].attempt.is_finished
    )
    attempts = (
        Attempt.objects.filter(assessment_id=contest.assessment_id)
        .values("user_id")
        .annotate(n=Count("pk"))
    )
    not_one = sum(1 for row in attempts if row["n"] != 1)
    return {"lost_answers": lost, "lost_submits": unfinished, "people_without_one_attempt": not_one}


def ranking_matches(contest) -> tuple[bool, int]:
    """Final standings against a ranking recomputed from the stored answers."""
    from decimal import Decimal

    from quizzes.models import Answer, Attempt, ContestStanding
    from quizzes.scoring import response_score
    from quizzes.selectors import rank_rows

    scores: dict[int, list[Decimal]] = {}
    for answer in Answer.objects.filter(
        attempt__assessment_id=contest.assessment_id
    ).select_related("question_version"):
        version = answer.question_version
        total = scores.setdefault(answer.attempt_id, [Decimal(0), Decimal(0)])
        total[0] += response_score(
            qtype=version.qtype,
            payload=version.payload,
            response=answer.response,
            points=answer.points,
        )
        total[1] += answer.points
    rows = []
    for attempt in Attempt.objects.filter(
        assessment_id=contest.assessment_id, status__in=Attempt.FINISHED
    ).select_related("contest_entry__user"):
        entry = attempt.contest_entry
        score, maximum = scores.get(attempt.pk, [Decimal(0), Decimal(0)])
        rows.append(
            {
                "entry_id": entry.pk,
                "name": entry.user.full_name,
                "score": score,
                "max_score": maximum,
                "time_seconds": max(
                    0, int((attempt.finished_at - attempt.started_at).total_seconds())
                ),
            }
        )
    expected = {r["entry_id"]: (r["rank"], r["score"]) for r in rank_rows(rows)}
    final = {s.entry_id: (s.rank, s.score) for s in ContestStanding.objects.filter(contest=contest)}
    return final == expected and bool(final), len(final)


# --- the run ------------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> dict:
    if not samples:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(samples),
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "max": max(samples),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.contest_spike")
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--contestants", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--duration", type=int, default=150, help="contest length in seconds")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--log", type=Path, default=BASE_DIR / "var" / "gunicorn-spike.log")
    args = parser.parse_args(argv)
    if args.duration < 4 * SUBMIT_WINDOW:
        parser.error(f"--duration must be at least {4 * SUBMIT_WINDOW} seconds")

    port = free_port()
    env = spike_environment(
        database_url=args.database_url, redis_url=args.redis_url, port=port, workers=args.workers
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone, translation

    say(f"migrating and seeding {args.contestants} contestants…")
    contest, users = build_stage(
        contestants=args.contestants, questions=args.questions, duration=args.duration
    )
    say("preparing the papers (the papers task, through the database worker)…")
    papers = prepare_papers(contest)
    say(f"{len(papers['ids'])} papers prepared in {papers['seconds']:.1f} s")
    say("logging everyone in…")
    cookies = sessions_for(users)
    with translation.override(settings.LANGUAGE_CODE):
        paths = {
            "play": reverse("quizzes:contest_play", args=[contest.pk]),
            "answer": reverse("quizzes:contest_answer", args=[contest.pk]),
            "submit": reverse("quizzes:contest_submit", args=[contest.pk]),
        }

    say(f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{port}…")
    args.log.parent.mkdir(parents=True, exist_ok=True)
    server = start_gunicorn(env, args.log)
    site = Site(port, settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    try:
        import urllib.request

        deadline = time.time() + 60
        while True:
            try:
                request = urllib.request.Request(  # noqa: S310 — our own loopback URL
                    site.base + "/healthz", headers=site.headers()
                )
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                raise SystemExit(f"gunicorn did not come up; see {args.log}")
            time.sleep(0.5)

        baseline_at = time.time() + 2
        start = baseline_at + START_WINDOW + 5
        contest = move_start(contest, timezone.now() + timedelta(seconds=start - time.time()))
        schedule = {
            "baseline": baseline_at,
            "baseline_window": START_WINDOW,
            "start": contest.starts_at.timestamp(),
            "end": contest.ends_at.timestamp(),
        }
        say(f"contest runs {args.duration} s from {contest.starts_at:%H:%M:%S}…")
        people = [(u.username, c) for u, c in zip(users, cookies, strict=True)]
        tally = asyncio.run(drive(site=site, people=people, paths=paths, schedule=schedule))
    finally:
        stop_gunicorn(server)

    from quizzes.models import Attempt
    from quizzes.services.contests import contest_decide

    time.sleep(max(0.0, schedule["end"] - time.time()))
    say("deciding and checking…")
    contest_decide(contest=contest, now=max(timezone.now(), contest.ends_at))
    matches, ranked = ranking_matches(contest)
    losses = lost_answers(contest, tally)
    starts = list(tally.started_at.values())
    report = {
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
        "server_errors": len(tally.server_errors),
        "server_error_examples": tally.server_errors[:5],
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
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
