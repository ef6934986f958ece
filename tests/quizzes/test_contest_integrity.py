"""Integrity: one session at a time (a second one takes over), rate-limited answers, answers after
the end refused, inhumanly fast answers flagged (not dropped), one attempt under concurrent
starts (PostgreSQL, real connections), challenge runs ending at the first wrong answer."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from quizzes.models import Attempt, ContestEntry, ContestFlag, ContestMode
from quizzes.selectors import contests as selectors_contests
from quizzes.services.contests import (
    ContestError,
    challenge_answer,
    contest_answer,
    contest_enter,
    contest_register,
    contest_session_claim,
)
from tests.factories.contests import contest_page
from tests.factories.people import UserFactory
from tests.quizzes.conftest import right_responses


def _choice_post(attempt, slot, right=True):
    answer = attempt.answers.get(slot=slot)
    best = right_responses(attempt)[slot]["choice"]
    choice = best if right else next(o for o in answer.option_order if o != best)
    return {"slots": [str(slot)], f"s{slot}": choice}


@pytest.mark.django_db
def test_a_second_session_takes_over_and_the_first_can_no_longer_answer():
    contest, user = contest_page(), UserFactory()
    contest_register(contest=contest, user=user)
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    play = reverse("quizzes:contest_play", args=[contest.pk])
    answer_url = reverse("quizzes:contest_answer", args=[contest.pk])
    assert first.get(play).status_code == 200
    attempt = ContestEntry.objects.get(user=user).attempt
    json = {"HTTP_ACCEPT": "application/json"}
    assert first.post(answer_url, _choice_post(attempt, 1), **json).status_code == 200
    assert second.get(play).status_code == 200  # the second device takes over
    refused = first.post(answer_url, _choice_post(attempt, 2), **json)
    assert refused.status_code == 409 and refused.json()["code"] == "taken_over"
    assert attempt.answers.get(slot=2).response is None
    # The first device now gets the "continues elsewhere" page, whose only action is to take over.
    page = first.get(play).content.decode()
    assert reverse("quizzes:contest_claim", args=[contest.pk]) in page
    assert 'id="attempt-form"' not in page
    assert second.post(answer_url, _choice_post(attempt, 2), **json).status_code == 200
    assert attempt.answers.get(slot=2).response is not None


@pytest.mark.django_db
def test_the_submit_saves_only_what_changed_since_the_autosave(client):
    """The submit button posts every answer again; unchanged ones are not written a second time
    (the last seconds of a contest are a thousand submits), a changed one is saved, and the
    attempt is scored on the stored answers."""
    contest, user = contest_page(questions=3), UserFactory()
    contest_register(contest=contest, user=user)
    client.force_login(user)
    client.get(reverse("quizzes:contest_play", args=[contest.pk]))
    attempt = ContestEntry.objects.get(user=user).attempt
    answer_url = reverse("quizzes:contest_answer", args=[contest.pk])
    for slot in (1, 2, 3):
        client.post(answer_url, _choice_post(attempt, slot), HTTP_ACCEPT="application/json")
    form = {"slots": ["1", "2", "3"]}
    for slot in (1, 2, 3):
        form[f"s{slot}"] = _choice_post(attempt, slot, right=slot != 3)[f"s{slot}"]
    response = client.post(reverse("quizzes:contest_submit", args=[contest.pk]), form)
    assert response.status_code == 302
    revisions = dict(attempt.answers.values_list("slot", "revision"))
    assert revisions == {1: 1, 2: 1, 3: 2}
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.result.score == 2


@pytest.mark.django_db
def test_answers_are_rate_limited(client, monkeypatch):
    from types import SimpleNamespace

    from core import ratelimit
    from quizzes.views import contests as views_contests

    # One fixed window for the whole test: a slow run must not cross a window boundary.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))

    contest, user = contest_page(), UserFactory()
    contest_register(contest=contest, user=user)
    client.force_login(user)
    client.get(reverse("quizzes:contest_play", args=[contest.pk]))
    attempt = ContestEntry.objects.get(user=user).attempt
    url = reverse("quizzes:contest_answer", args=[contest.pk])
    limit = views_contests.ANSWER_RATE["limit"]
    codes = [
        client.post(url, _choice_post(attempt, 1), HTTP_ACCEPT="application/json").status_code
        for _ in range(limit + 1)
    ]
    assert codes[:limit] == [200] * limit and codes[-1] == 429


@pytest.mark.django_db
def test_an_answer_after_the_end_is_refused_and_the_saved_one_stays():
    contest = contest_page()
    entry = contest_register(contest=contest, user=UserFactory())
    token = contest_session_claim(entry=entry)
    attempt = contest_enter(entry=entry, token=token)
    first = right_responses(attempt)[1]
    contest_answer(entry=entry, token=token, slot=1, response=first)
    with pytest.raises(ContestError):
        contest_answer(entry=entry, token=token, slot=1, response=None, now=contest.ends_at)
    assert attempt.answers.get(slot=1).response == first


@pytest.mark.django_db
def test_inhumanly_fast_answers_are_flagged_but_still_count():
    contest = contest_page()
    entry = contest_register(contest=contest, user=UserFactory(), now=contest.starts_at)
    token = contest_session_claim(entry=entry)
    start = contest.starts_at + timedelta(seconds=5)
    attempt = contest_enter(entry=entry, token=token, now=start)
    right = right_responses(attempt)
    contest_answer(
        entry=entry, token=token, slot=1, response=right[1], now=start + timedelta(seconds=10)
    )
    contest_answer(
        entry=entry, token=token, slot=2, response=right[2], now=start + timedelta(seconds=10.3)
    )
    flags = list(ContestFlag.objects.filter(entry=entry))
    assert [(f.slot, f.kind) for f in flags] == [(2, "fast_answer")]
    assert attempt.answers.get(slot=2).response == right[2]


@pytest.mark.django_db
def test_the_contest_page_never_contains_the_right_answers(client):
    contest, user = contest_page(questions=1), UserFactory()
    contest_register(contest=contest, user=user)
    client.force_login(user)
    html = client.get(reverse("quizzes:contest_play", args=[contest.pk])).content.decode()
    assert "fraction" not in html and "对：统一入口" not in html


@pytest.mark.django_db
def test_a_contest_attempt_cannot_be_saved_through_the_ordinary_test_pages(client):
    contest, user = contest_page(), UserFactory()
    entry = contest_register(contest=contest, user=user)
    attempt = contest_enter(entry=entry, token=contest_session_claim(entry=entry))
    client.force_login(user)
    client.post(reverse("quizzes:save", args=[attempt.pk]), _choice_post(attempt, 1))
    assert attempt.answers.get(slot=1).response is None
    assert client.get(reverse("quizzes:take", args=[attempt.pk])).status_code == 404


@pytest.mark.django_db
def test_challenge_run_ends_at_the_first_wrong_answer_and_the_best_run_counts():
    contest = contest_page(questions=5, mode=ContestMode.CHALLENGE)
    user = UserFactory()
    entry = contest_register(contest=contest, user=user)
    token = contest_session_claim(entry=entry)

    def run(right_answers):
        attempt = contest_enter(entry=entry, token=token)
        right = right_responses(attempt)
        outcomes = []
        for slot in range(1, 6):
            good = slot <= right_answers
            response = (
                right[slot]
                if good
                else {
                    "choice": next(
                        o
                        for o in attempt.answers.get(slot=slot).option_order
                        if o != right[slot]["choice"]
                    )
                }
            )
            outcome = challenge_answer(entry=entry, token=token, slot=slot, response=response)
            outcomes.append(outcome)
            if outcome["finished"]:
                break
        return attempt, outcomes

    attempt, outcomes = run(2)
    assert [o["correct"] for o in outcomes] == [True, True, False]
    assert outcomes[-1] == {"correct": False, "finished": True, "streak": 2}
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert attempt.answers.filter(response__isnull=True).count() == 2  # never reached
    run(3)
    run(1)
    assert Attempt.objects.filter(user=user, assessment=contest.assessment).count() == 3
    rows = selectors_contests.contest_ranking(contest=contest, use_cache=False)
    assert len(rows) == 1 and rows[0]["score"] == 3


@pytest.mark.django_db
def test_challenge_refuses_an_answer_to_any_but_the_current_question():
    contest = contest_page(questions=3, mode=ContestMode.CHALLENGE)
    entry = contest_register(contest=contest, user=UserFactory())
    token = contest_session_claim(entry=entry)
    attempt = contest_enter(entry=entry, token=token)
    with pytest.raises(ContestError) as refused:
        challenge_answer(entry=entry, token=token, slot=2, response=right_responses(attempt)[2])
    assert refused.value.code == "not_current"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_make_one_attempt_per_person():
    from quizzes.services import framework_load

    # An earlier transactional test may have flushed the framework the migration loaded.
    framework_load()
    contest, user = contest_page(), UserFactory()
    entry = contest_register(contest=contest, user=user)
    token = contest_session_claim(entry=entry)
    barrier = threading.Barrier(6)
    results, errors = [], []

    def start():
        try:
            mine = ContestEntry.objects.select_related("contest").get(pk=entry.pk)
            barrier.wait()
            results.append(contest_enter(entry=mine, token=token).pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(set(results)) == 1 and len(results) == 6
    assert Attempt.objects.filter(user=user, assessment=contest.assessment).count() == 1
    assert ContestEntry.objects.get(pk=entry.pk).attempt_id == results[0]
