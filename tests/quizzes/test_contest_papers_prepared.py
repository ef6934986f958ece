"""Contest papers built before the start (issue 14): the papers task builds one not-started attempt
per registered contestant, idempotently; the start only stamps it; a late registrant's paper is
built on demand; a race between the task and an on-demand build makes one paper (PostgreSQL)."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quizzes.models import Answer, Attempt, ContestEntry
from quizzes.selectors.contests import contest_papers_progress
from quizzes.services.contests import (
    PAPERS_LEAD,
    contest_decide,
    contest_enter,
    contest_paper_prepare,
    contest_papers_prepare,
    contest_register,
    contest_schedule_decision,
    contest_session_claim,
    contests_papers_prepare_due,
)
from tests.factories.contests import contest_page
from tests.factories.people import UserFactory


def _paper(attempt_id: int) -> list[tuple[int, list]]:
    """The paper as the contestant sees it: question version and option order per slot."""
    return list(
        Answer.objects.filter(attempt_id=attempt_id)
        .order_by("slot")
        .values_list("question_version_id", "option_order")
    )


def _registered(contest, n: int, now=None) -> list[ContestEntry]:
    return [contest_register(contest=contest, user=UserFactory(), now=now) for _ in range(n)]


@pytest.mark.django_db
def test_the_papers_task_builds_one_unstarted_paper_per_contestant_and_running_it_again_changes_nothing(
    run_tasks,
):
    from quizzes.tasks import prepare_contest_papers

    contest = contest_page(questions=4, starts_in=timedelta(hours=2))
    entries = _registered(contest, 3)

    with run_tasks():
        prepare_contest_papers.enqueue(contest_id=contest.pk)

    prepared = {e.pk: e for e in ContestEntry.objects.filter(contest=contest)}
    assert all(e.attempt_id for e in prepared.values())
    assert all(e.started_at is None for e in prepared.values())
    attempts = Attempt.objects.filter(assessment=contest.assessment)
    assert attempts.count() == 3
    assert {a.user_id for a in attempts} == {e.user_id for e in entries}
    # Not started: no deadline ticking, and every slot is there.
    assert all(a.deadline is None and a.status == Attempt.Status.IN_PROGRESS for a in attempts)
    assert all(a.answers.count() == 4 for a in attempts)
    papers = {e.attempt_id: _paper(e.attempt_id) for e in prepared.values()}

    assert contest_papers_prepare(contest=contest) == 0
    with run_tasks():
        prepare_contest_papers.enqueue(contest_id=contest.pk)

    again = dict(ContestEntry.objects.filter(contest=contest).values_list("pk", "attempt_id"))
    assert again == {pk: e.attempt_id for pk, e in prepared.items()}
    assert Attempt.objects.filter(assessment=contest.assessment).count() == 3
    assert {pk: _paper(pk) for pk in papers} == papers
    assert contest_papers_progress(contest=contest) == {"prepared": 3, "registered": 3}


@pytest.mark.django_db
def test_publishing_queues_the_papers_for_registration_close_or_an_hour_before_the_start(
    django_capture_on_commit_callbacks,
):
    contest = contest_page(starts_in=timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        contest_schedule_decision(contest=contest)
    (task,) = DBTaskResult.objects.filter(task_path="quizzes.tasks.prepare_contest_papers")
    # The factory's registration stays open to the end, so the papers come an hour before.
    assert task.run_after == contest.starts_at - PAPERS_LEAD
    assert task.args_kwargs["kwargs"] == {"contest_id": contest.pk}


@pytest.mark.django_db
def test_the_daily_sweep_prepares_contests_starting_within_its_window_only():
    soon = contest_page(starts_in=timedelta(hours=20))
    later = contest_page(starts_in=timedelta(days=3))
    _registered(soon, 2)
    _registered(later, 2, now=later.registration_opens_at)

    assert contests_papers_prepare_due() == 2

    assert contest_papers_progress(contest=soon) == {"prepared": 2, "registered": 2}
    assert contest_papers_progress(contest=later) == {"prepared": 0, "registered": 2}


@pytest.mark.django_db
def test_the_start_plays_the_prepared_paper_and_writes_only_the_start_stamp():
    contest = contest_page(questions=5)
    entries = _registered(contest, 3)
    contest_papers_prepare(contest=contest)
    before = {e.pk: ContestEntry.objects.get(pk=e.pk).attempt_id for e in entries}
    papers = {pk: _paper(attempt_id) for pk, attempt_id in before.items()}
    attempts_before = Attempt.objects.count()
    counts = []
    for entry in entries:
        client = Client()
        client.force_login(entry.user)
        client.post(reverse("quizzes:contest_claim", args=[contest.pk]))  # the session, first
        began = timezone.now()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("quizzes:contest_play", args=[contest.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.IGNORECASE)
        ]
        written = {re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)"?', sql).group(1) for sql in writes}
        assert written == {"quizzes_attempt", "quizzes_contestentry"}, writes
        assert len(writes) == 2
        entry.refresh_from_db()
        assert entry.attempt_id == before[entry.pk]
        assert entry.started_at is not None and entry.started_at >= began
        attempt = Attempt.objects.get(pk=entry.attempt_id)
        assert attempt.started_at == entry.started_at
        assert attempt.deadline == contest.ends_at
        assert _paper(attempt.pk) == papers[entry.pk]
        assert response.context["attempt"].pk == attempt.pk
    assert Attempt.objects.count() == attempts_before
    # The same small number of queries for everyone, however many have started before (the
    # first request of the process also warms per-process caches: the site, the page tree).
    assert counts[1] == counts[2] and max(counts) <= 25, counts


@pytest.mark.django_db
def test_a_prepared_paper_cannot_be_answered_before_its_start_and_resuming_keeps_the_stamp():
    contest = contest_page(questions=2)
    (entry,) = _registered(contest, 1)
    contest_papers_prepare(contest=contest)
    entry.refresh_from_db()
    token = contest_session_claim(entry=entry)
    from quizzes.services.contests import ContestError, contest_answer

    with pytest.raises(ContestError) as refused:
        contest_answer(entry=entry, token=token, slot=1, response=None)
    assert refused.value.code == "not_started"

    first = contest_enter(entry=entry, token=token)
    stamped = ContestEntry.objects.get(pk=entry.pk).started_at
    again = contest_enter(entry=entry, token=token, now=timezone.now() + timedelta(seconds=30))
    assert again.pk == first.pk
    assert ContestEntry.objects.get(pk=entry.pk).started_at == stamped
    assert Attempt.objects.get(pk=first.pk).started_at == stamped


@pytest.mark.django_db
def test_a_late_registrant_gets_a_paper_built_on_demand(run_tasks):
    contest = contest_page(questions=3)
    _registered(contest, 2)
    contest_papers_prepare(contest=contest)

    # Registering after the papers were built queues this one person's paper.
    late_user = UserFactory()
    with run_tasks():
        late = contest_register(contest=contest, user=late_user)
    late.refresh_from_db()
    assert late.attempt_id is not None and late.started_at is None
    assert Attempt.objects.filter(user=late_user).count() == 1

    # And when that task has not run yet, the start builds it: still one attempt.
    later_user = UserFactory()
    later = contest_register(contest=contest, user=later_user)
    assert ContestEntry.objects.get(pk=later.pk).attempt_id is None
    client = Client()
    client.force_login(later_user)
    assert client.get(reverse("quizzes:contest_play", args=[contest.pk])).status_code == 200
    later.refresh_from_db()
    assert later.attempt_id is not None and later.started_at is not None
    assert Attempt.objects.filter(user=later_user).count() == 1
    assert contest_paper_prepare(entry=later) is False  # the task arriving late builds nothing
    assert Attempt.objects.filter(user=later_user).count() == 1


@pytest.mark.django_db
def test_registering_before_the_papers_time_queues_nothing(django_capture_on_commit_callbacks):
    contest = contest_page(starts_in=timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        contest_register(contest=contest, user=UserFactory())
    assert not DBTaskResult.objects.filter(task_path="quizzes.tasks.prepare_contest_paper").exists()


@pytest.mark.django_db
def test_each_player_gets_their_own_shuffle_in_the_prepared_papers():
    contest = contest_page(questions=8)
    entries = _registered(contest, 4)
    contest_papers_prepare(contest=contest)
    orders = [
        tuple(v for v, _ in _paper(ContestEntry.objects.get(pk=e.pk).attempt_id)) for e in entries
    ]
    assert len(set(orders)) > 1
    assert all(sorted(order) == sorted(orders[0]) for order in orders)


@pytest.mark.django_db
def test_deciding_drops_the_papers_nobody_started():
    contest = contest_page(questions=2)
    started, no_show = _registered(contest, 2)
    contest_papers_prepare(contest=contest)
    started.refresh_from_db()
    contest_enter(entry=started, token=contest_session_claim(entry=started))
    paper = ContestEntry.objects.get(pk=no_show.pk).attempt_id

    contest_decide(contest=contest, now=contest.ends_at + timedelta(seconds=1))

    assert ContestEntry.objects.get(pk=no_show.pk).attempt_id is None
    assert not Attempt.objects.filter(pk=paper).exists()
    assert not Attempt.objects.filter(
        assessment=contest.assessment, status=Attempt.Status.IN_PROGRESS
    ).exists()
    assert ContestEntry.objects.get(pk=started.pk).attempt.is_finished


@pytest.mark.django_db
def test_the_organizer_sees_how_many_papers_are_prepared(client):
    from wagtail.users.models import UserProfile

    from people.models import Role
    from tests.factories.people import ProfileFactory, grant_role

    contest = contest_page(starts_in=timedelta(hours=2))
    first, _second = _registered(contest, 2)
    contest_paper_prepare(entry=first)
    organizer = ProfileFactory().user
    grant_role(organizer, Role.ORGANIZER)
    profile = UserProfile.get_for_user(organizer)
    profile.preferred_language = "en"  # the status wording below is read in English
    profile.save()
    client.force_login(organizer)

    html = client.get(reverse("quizzes_contests:detail", args=[contest.pk])).content.decode()

    match = re.search(r'data-role="papers-prepared">([^<]*)<', html)
    assert match and "1 / 2" in match.group(1)
    # A prepared paper is not a start: the row still says the person has not started.
    assert "In progress" not in html and html.count("Not started") == 2


# --- races on PostgreSQL, real connections ---------------------------------------------------------


def _together(*functions):
    barrier = threading.Barrier(len(functions))
    outcomes: list = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = function()
        except Exception as error:  # reported to the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_task_racing_starts_and_on_demand_builds_makes_one_paper_per_person():
    from quizzes.services import framework_load

    framework_load()  # an earlier transactional test may have flushed the migration's framework
    contest = contest_page(questions=3)
    for _round in range(3):
        entries = _registered(contest, 2)
        tokens = {e.pk: contest_session_claim(entry=e) for e in entries}

        def fresh(entry):
            return ContestEntry.objects.select_related("contest__assessment").get(pk=entry.pk)

        outcomes = _together(
            lambda: contest_papers_prepare(contest=contest),
            *(
                (lambda e=e, t=tokens[e.pk]: contest_enter(entry=fresh(e), token=t).pk)
                for e in entries
            ),
            *((lambda e=e: contest_paper_prepare(entry=fresh(e))) for e in entries),
        )
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        for entry in entries:
            attempts = list(
                Attempt.objects.filter(user=entry.user, assessment=contest.assessment).values_list(
                    "pk", flat=True
                )
            )
            assert len(attempts) == 1
            assert ContestEntry.objects.get(pk=entry.pk).attempt_id == attempts[0]
        assert outcomes[1:3] == [ContestEntry.objects.get(pk=e.pk).attempt_id for e in entries]


@pytest.mark.django_db
def test_the_migration_stamps_entries_started_before_papers_were_prepared():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("quizzes.migrations.0008_contest_entry_started_at")
    contest = contest_page(questions=2)
    started, registered = _registered(contest, 2)
    attempt = contest_enter(entry=started, token=contest_session_claim(entry=started))
    # As stored before the field existed: an entry with its attempt, no start stamp.
    ContestEntry.objects.filter(pk=started.pk).update(started_at=None)

    migration.stamp_existing_starts(apps, None)

    assert ContestEntry.objects.get(pk=started.pk).started_at == attempt.started_at
    assert ContestEntry.objects.get(pk=registered.pk).started_at is None
