"""The contest spike's stage and its checks (bench/contest_spike.py runs them).

Everything here runs in the spike's own process through Django, on the spike's database: the
people and the contest before the run, the papers, the sessions, and afterwards what must hold
(no acknowledged answer lost, one attempt each, the ranking equal to a recomputation).
"""

from __future__ import annotations

import secrets
import statistics
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from bench.harness import percentile

if TYPE_CHECKING:
    from bench.spike_clients import Tally

SPREAD_SECONDS = 8  # the contest's entry spread (its random entry delays)


# --- setting the stage ----------------------------------------------------------------------


def build_stage(*, contestants: int, questions: int, duration: int, tag: str = ""):
    """Site, units, people, the contest and registrations (names carry `tag`, so several runs
    share a database). Returns (contest, users)."""
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
    department = org_unit_create(
        name=f"竞赛测试局{tag}", code=f"spike{tag}", kind=OrgUnit.Kind.DEPARTMENT
    )
    sections = [
        org_unit_create(
            name=f"第{i + 1}处",
            code=f"spike{tag}-{i + 1}",
            kind=OrgUnit.Kind.SECTION,
            parent=department,
        )
        for i in range(8)
    ]
    # One hash for everyone, computed once: nobody logs in with it (sessions are made below), and
    # a thousand PBKDF2 rounds would only measure the password hasher.
    unusable = make_password(secrets.token_urlsafe(24))
    users = User.objects.bulk_create(
        User(username=f"spike{tag}{n:05d}", full_name=f"参赛者{n:05d}", password=unusable)
        for n in range(contestants)
    )
    Profile.objects.bulk_create(
        Profile(user=user, employee_number=f"S{tag}{n:05d}", org_unit=sections[n % len(sections)])
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


def prepare_papers(contest, *, workers_running: bool = False) -> dict:
    """As in production: the papers task queued (publish queues it for registration close) and
    run by a database worker before the start: the topology's own workers when they run (the
    cluster), else one batch worker in this process. Returns its count and how long it took."""
    from django.core.management import call_command
    from django_tasks import TaskResultStatus

    from quizzes.models import Attempt
    from quizzes.tasks import prepare_contest_papers

    began = time.perf_counter()
    result = prepare_contest_papers.enqueue(contest_id=contest.pk)
    if workers_running:
        deadline = time.monotonic() + 600
        while result.status not in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
            if time.monotonic() > deadline:
                raise RuntimeError("no task worker built the papers within 10 minutes")
            time.sleep(0.5)
            result.refresh()
        if result.status == TaskResultStatus.FAILED:
            raise RuntimeError(f"the papers task failed: {result.errors}")
    else:
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


# --- checking what was stored -------------------------------------------------------------


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


def percentiles(samples: list[float]) -> dict:
    if not samples:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(samples),
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "max": max(samples),
    }
