"""Awards: the end-time task decides the contest once (ranks, rank and participation awards) and
announces each award; courses credits the bonus hours and certificates issues the award
certificate through their receivers; the sweep command decides what a lost task missed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from quizzes.models import ContestAwardGrant, ContestOutcome, ContestStanding
from quizzes.services.contests import contest_decide
from quizzes.tasks import decide_contest
from tests.factories.contests import contest_page, participation_award, rank_award
from tests.factories.people import UserFactory
from tests.quizzes.test_contest_ranking import play
from training.models import CreditHourEntry

pytestmark = pytest.mark.django_db


def _finished_contest():
    contest = contest_page(
        questions=2,
        starts_in=timedelta(hours=-2),
        awards=[rank_award(hours=Decimal("2.0")), participation_award(hours=Decimal("0.5"))],
    )
    winner, other = UserFactory(full_name="冠军"), UserFactory(full_name="参赛者")
    play(contest, winner, right=2, seconds=60)
    play(contest, other, right=1, seconds=60)
    return contest, winner, other


def test_the_end_time_task_decides_awards_and_credits_hours_and_certificates(
    run_tasks, django_capture_on_commit_callbacks
):
    contest, winner, other = _finished_contest()
    # The outer capture runs the announcements the task queues on commit (the test never commits).
    with django_capture_on_commit_callbacks(execute=True), run_tasks():
        decide_contest.enqueue(contest_id=contest.pk)
    assert ContestOutcome.objects.filter(contest=contest).exists()
    assert list(
        ContestStanding.objects.filter(contest=contest).values_list("entry__user_id", "rank")
    ) == [(winner.pk, 1), (other.pk, 2)]
    assert ContestAwardGrant.objects.filter(entry__user=winner).count() == 2
    assert ContestAwardGrant.objects.filter(entry__user=other).count() == 1
    hours = {
        user.pk: sum(
            CreditHourEntry.objects.filter(user=user, source_kind="contest_award").values_list(
                "hours", flat=True
            )
        )
        for user in (winner, other)
    }
    assert hours == {winner.pk: Decimal("2.5"), other.pk: Decimal("0.5")}
    assert Certificate.objects.filter(holder=winner, kind="contest_award").count() == 2
    assert Certificate.objects.filter(holder=other, kind="contest_award").count() == 1


def test_deciding_twice_grants_and_credits_once(django_capture_on_commit_callbacks):
    contest, winner, _other = _finished_contest()
    with django_capture_on_commit_callbacks(execute=True):
        contest_decide(contest=contest)
    with django_capture_on_commit_callbacks(execute=True):
        contest_decide(contest=contest)
    assert ContestAwardGrant.objects.filter(award__contest=contest).count() == 3
    assert CreditHourEntry.objects.filter(user=winner, source_kind="contest_award").count() == 2


def test_a_contest_is_not_decided_before_its_end():
    contest = contest_page(questions=1)
    assert contest_decide(contest=contest) is None
    assert not ContestOutcome.objects.exists()


def test_the_sweep_decides_ended_contests(django_capture_on_commit_callbacks):
    contest, _winner, _other = _finished_contest()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("decide_contests", verbosity=0)
    assert ContestOutcome.objects.filter(contest=contest).exists()
