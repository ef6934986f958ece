"""The organizer's registrations screen shows the ranks and scores the public ranking shows: both
read the same selector (contest_ranking), live and once decided, ties included."""

from datetime import timedelta

import pytest

from quizzes.selectors import contests as selectors_contests
from quizzes.selectors import organizer as selectors_organizer
from quizzes.services.contests import (
    contest_decide,
    contest_enter,
    contest_register,
    contest_session_claim,
    contest_submit,
)
from tests.factories.contests import contest_page
from tests.factories.people import ProfileFactory, UserFactory
from tests.quizzes.test_contest_organizer import play

pytestmark = pytest.mark.django_db


def _screen_by_entry(contest) -> dict[int, tuple]:
    rows = selectors_organizer.contest_organizer_screen(contest=contest)["registrations"]["rows"]
    return {row["entry_id"]: (row["rank"], row["score"], row["percent"]) for row in rows}


def _public_by_entry(contest) -> dict[int, tuple]:
    board = selectors_contests.contest_leaderboard(contest=contest)
    return {
        row["entry_id"]: (row["rank"], row["score"].normalize(), row["percent"])
        for row in board["rows"]
    }


def _blank_paper(contest, user):
    """Register, enter and hand in an empty paper: ranked, below everyone who scored."""
    entry = contest_register(contest=contest, user=user, now=contest.starts_at)
    token = contest_session_claim(entry=entry)
    contest_enter(entry=entry, token=token, now=contest.starts_at + timedelta(seconds=5))
    contest_submit(entry=entry, token=token, now=contest.starts_at + timedelta(minutes=10))
    return entry


@pytest.fixture
def contest_with_a_tie():
    contest = contest_page(questions=2)
    first = play(contest, ProfileFactory(user__full_name="甲").user)
    second = play(contest, ProfileFactory(user__full_name="乙").user)  # same score and time: tie
    slower = _blank_paper(contest, ProfileFactory(user__full_name="丙").user)
    waiting = contest_register(contest=contest, user=UserFactory(), now=contest.starts_at)
    return contest, first, second, slower, waiting


def test_live_screen_ranks_and_scores_agree_with_the_public_ranking(contest_with_a_tie):
    contest, first, second, _slower, waiting = contest_with_a_tie
    screen, public = _screen_by_entry(contest), _public_by_entry(contest)
    assert {pk: screen[pk] for pk in public} == public
    assert screen[first.pk][0] == screen[second.pk][0] == 1
    assert screen[waiting.pk] == (None, None, None)


def test_decided_screen_ranks_and_scores_agree_with_the_public_ranking(contest_with_a_tie):
    contest, first, second, slower, waiting = contest_with_a_tie
    contest_decide(contest=contest, now=contest.ends_at + timedelta(minutes=1))
    screen, public = _screen_by_entry(contest), _public_by_entry(contest)
    assert {pk: screen[pk] for pk in public} == public
    assert screen[first.pk][0] == screen[second.pk][0] == 1
    assert screen[slower.pk][0] == 3
    assert screen[waiting.pk][0] is None


def test_screen_lists_ranked_people_first_in_ranking_order(contest_with_a_tie):
    contest, *_, waiting = contest_with_a_tie
    rows = selectors_organizer.contest_organizer_screen(contest=contest)["registrations"]["rows"]
    ranking = [row["entry_id"] for row in selectors_contests.contest_ranking(contest=contest)]
    assert [row["entry_id"] for row in rows] == [*ranking, waiting.pk]
