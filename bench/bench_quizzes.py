"""Quizzes: the cost of saving one answer, and 200 learners answering at once without losing any.

Answer save. Subject: the autosave request a learner's browser sends (POST of one slot to
quizzes:save, JSON reply) for an attempt in progress — login, ownership check, the attempt row
lock, checking the response against the question version, and the one-row update. Baseline, "bare
single-row insert": a view defined here, behind the same middleware and URL resolver, that inserts
one row (user id, value, time) into a plain table created for the run and answers JSON. The ratio
is what the engine's guarantees cost over the cheapest durable write a view can do.

200 concurrent learners (PostgreSQL only). 200 learners each have an attempt of 10 questions; a pool
of worker threads, each with its own database connection, saves every learner's answers
interleaved (so all 200 attempts are written at once), each answer changed once more afterwards,
through the real answer_save service. Then all 200 submit at once. Reported: p50 and p95 of one save
under that load (p50 over the bare insert's time as the ratio), and the number of lost answers —
read back from the database, every slot must hold the last response its learner was told was saved,
and every result must equal the score recomputed from the stored answers. It must be 0; the
benchmark fails otherwise. On SQLite (one writer at a time) this part is reported as skipped.
"""

from __future__ import annotations

import statistics
import threading
import time

from django.db import connection
from django.http import JsonResponse
from django.test.utils import override_settings
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bench.harness import BenchmarkError, Context, Result, percentile

TABLE = "bench_quizzes_bare_insert"
LEARNERS = 200
QUESTIONS = 10
THREADS = 40  # PostgreSQL's default max_connections is 100; leave room for everyone else


@require_POST
def bare_insert(request):
    """The baseline: one INSERT of one row, nothing else."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (user_id, value, saved_at) VALUES (%s, %s, %s)",  # noqa: S608
            [request.user.pk, request.POST.get("value", ""), timezone.now()],
        )
    return JsonResponse({"ok": True})


_site_urlconf = {"name": "config.urls"}


def _urlpatterns():
    from importlib import import_module

    site = import_module(_site_urlconf["name"]).urlpatterns
    return [path("bench/bare-insert/", bare_insert, name="bench_bare_insert"), *site]


def __getattr__(name):
    # This module doubles as the run's URLConf: the site's URLs plus the baseline view.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def _create_table() -> None:
    key = (
        "BIGSERIAL PRIMARY KEY"
        if connection.vendor == "postgresql"
        else "INTEGER PRIMARY KEY AUTOINCREMENT"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id {key}, user_id BIGINT, value VARCHAR(200), saved_at TIMESTAMP)"
        )


def _bank(count: int):
    from tests.factories.quizzes import AssessmentFactory, add_fixed, make_question

    kinds = ["single", "multiple", "true_false", "fill_in", "matching"]
    questions = [make_question(kinds[i % len(kinds)], name=f"bench-{i}") for i in range(count)]
    return add_fixed(
        AssessmentFactory(slug=f"bench-{int(time.time() * 1000)}", time_limit_minutes=120),
        questions,
    )


def _responses(answer) -> list[dict]:
    """Two different valid responses for a slot (the learner changes their mind once)."""
    version = answer.question_version
    payload = version.payload
    if version.qtype in ("single", "true_false"):
        ids = [o["id"] for o in payload["options"]]
        return [{"choice": ids[0]}, {"choice": ids[1]}]
    if version.qtype == "multiple":
        ids = [o["id"] for o in payload["options"]]
        return [{"choices": ids[:1]}, {"choices": ids[:2]}]
    if version.qtype == "fill_in":
        return [{"text": "数据"}, {"text": payload["answers"][0]["text"]}]
    rights = [p["right"] for p in payload["pairs"]]
    return [{"matches": {"0": rights[-1]}}, {"matches": {str(i): r for i, r in enumerate(rights)}}]


def _answer_save_rows(ctx: Context) -> Result:
    from quizzes.services import attempt_start
    from tests.factories.people import UserFactory

    _create_table()
    learner = UserFactory()
    assessment = _bank(5)
    attempt = attempt_start(user=learner, assessment=assessment)
    answer = attempt.answers.select_related("question_version").get(
        question_version__qtype="single"
    )
    first, second = _responses(answer)
    client = ctx.client(learner)
    save_url = reverse("quizzes:save", args=[attempt.pk])
    slot = str(answer.slot)
    flip = {"n": 0}

    def subject():
        flip["n"] += 1
        value = (first if flip["n"] % 2 else second)["choice"]
        reply = client.post(
            save_url, {"slots": [slot], f"s{slot}": value}, HTTP_ACCEPT="application/json"
        )
        if reply.status_code != 200 or not reply.json()["ok"]:
            raise BenchmarkError(f"Answer save failed: {reply.status_code} {reply.content[:200]!r}")

    def baseline():
        reply = client.post(
            reverse("bench_bare_insert"), {"value": "x"}, HTTP_ACCEPT="application/json"
        )
        if reply.status_code != 200:
            raise BenchmarkError(f"The bare insert view failed: {reply.status_code}")

    repeat = 15 if ctx.quick else 60
    # In alternation, so that load from elsewhere on a shared machine falls on both sides alike.
    subject_samples, baseline_samples = ctx.paired_samples(
        subject, baseline, repeat=repeat, warmup=5
    )
    subject_seconds = statistics.median(subject_samples)
    baseline_seconds = statistics.median(baseline_samples)
    saved = attempt.answers.get(slot=answer.slot)
    if saved.revision < repeat:
        raise BenchmarkError("Answer saves did not reach the database.")
    return Result(
        name="answer save (autosave request)",
        subject_seconds=subject_seconds,
        baseline_name="bare single-row insert view",
        baseline_seconds=baseline_seconds,
        queries=ctx.count_queries(subject),
        baseline_queries=ctx.count_queries(baseline),
        extra={"repeat": repeat},
    )


def _concurrent(ctx: Context, baseline_seconds: float) -> Result:
    from django.db import connections

    from quizzes.models import Answer
    from quizzes.models import Result as QuizResult
    from quizzes.selectors import attempt_score
    from quizzes.services import (
        AttemptError,
        answer_save,
        attempt_start,
        attempt_submit,
    )
    from tests.factories.people import UserFactory

    learners = 60 if ctx.quick else LEARNERS
    assessment = _bank(QUESTIONS)
    users = [UserFactory() for _ in range(learners)]
    attempts = [attempt_start(user=user, assessment=assessment) for user in users]
    plans = []  # (attempt id, user, slot, response), every learner's first answers then changes
    for round_index in (0, 1):
        for slot in range(1, QUESTIONS + 1):
            for user, attempt in zip(users, attempts, strict=True):
                answer = attempt.answers.select_related("question_version").get(slot=slot)
                plans.append((attempt.pk, user, slot, _responses(answer)[round_index]))
    told_saved: dict[tuple[int, int], tuple[int, dict]] = {}
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = iter(plans)

    def worker():
        try:
            while True:
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                attempt_id, user, slot, response = item
                start = time.perf_counter()
                try:
                    saved = answer_save(
                        attempt_id=attempt_id, user=user, slot=slot, response=response
                    )
                except AttemptError as error:
                    with lock:
                        errors.append(error.message)
                    continue
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    # The revision orders saves of one slot as the database committed them.
                    previous = told_saved.get((attempt_id, slot))
                    if previous is None or previous[0] < saved.revision:
                        told_saved[(attempt_id, slot)] = (saved.revision, saved.response)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(min(THREADS, learners))]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall

    submit_queue = iter(zip(users, attempts, strict=True))

    def submitter():
        try:
            while True:
                with lock:
                    item = next(submit_queue, None)
                if item is None:
                    return
                user, attempt = item
                attempt_submit(attempt_id=attempt.pk, user=user)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submitter) for _ in range(min(THREADS, learners))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stored = {
        (a.attempt_id, a.slot): (a.revision, a.response)
        for a in Answer.objects.filter(attempt__in=[a.pk for a in attempts])
    }
    # Lost: a slot whose stored answer is not the last one its learner was told was saved, or a
    # slot the plan answered that holds nothing at all.
    lost = sum(1 for key, last in told_saved.items() if stored.get(key) != last)
    lost += sum(1 for a, _u, s, _r in plans if (a, s) not in told_saved)
    results = QuizResult.objects.filter(attempt__in=[a.pk for a in attempts]).select_related(
        "attempt"
    )
    wrong_scores = sum(1 for r in results if r.score != attempt_score(attempt=r.attempt)["score"])
    if errors or lost or wrong_scores or results.count() != learners:
        raise BenchmarkError(
            f"Answers were lost under load: {lost} lost, {len(errors)} refused, "
            f"{wrong_scores} wrong scores, {results.count()} results for {learners} learners."
        )
    return Result(
        name=f"{learners} learners answering concurrently (p50 save)",
        subject_seconds=percentile(latencies, 0.50),
        baseline_name="bare single-row insert view",
        baseline_seconds=baseline_seconds,
        extra={
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
            "saves": len(latencies),
            "threads": len(threads),
            "saves_per_s": round(len(latencies) / wall, 1),
            "lost_answers": lost,
            "results": results.count(),
        },
    )


def run(ctx: Context) -> list[Result]:
    from django.conf import settings

    _site_urlconf["name"] = settings.ROOT_URLCONF
    with override_settings(ROOT_URLCONF=__name__):
        save = _answer_save_rows(ctx)
    rows = [save]
    if ctx.database_vendor != "postgresql":
        reason = "needs PostgreSQL: SQLite allows one writer at a time (set DATABASE_URL)"
        print(f"bench_quizzes: {LEARNERS} concurrent learners skipped — {reason}.")
        save.extra["concurrent_learners"] = f"skipped ({reason})"
        return rows
    rows.append(_concurrent(ctx, save.baseline_seconds))
    return rows
