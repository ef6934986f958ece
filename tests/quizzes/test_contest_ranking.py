"""Rankings: order and ties, department normalisation by headcount, own rank off the first page,
the live JSON, exports, and the final ranking against a recomputation from stored answers."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.models import Attempt, ContestStanding
from quizzes.selectors import attempt_score
from quizzes.selectors import contests as selectors_contests
from quizzes.services.contests import (
    contest_answer,
    contest_decide,
    contest_enter,
    contest_register,
    contest_session_claim,
    contest_submit,
)
from tests.factories.contests import contest_page
from tests.factories.people import OrgUnitFactory, ProfileFactory, UserFactory, grant_role
from tests.quizzes.conftest import right_responses

pytestmark = pytest.mark.django_db


def play(contest, user, *, right: int, seconds: int):
    """Enter at the start, answer `right` questions right (the rest wrong), submit after
    `seconds`."""
    entry = contest_register(contest=contest, user=user, now=contest.starts_at)
    token = contest_session_claim(entry=entry)
    start = contest.starts_at + timedelta(minutes=1)
    attempt = contest_enter(entry=entry, token=token, now=start)
    responses = right_responses(attempt)
    for index, slot in enumerate(sorted(responses)):
        wrong = {
            "choice": next(
                o
                for o in attempt.answers.get(slot=slot).option_order
                if {"choice": o} != responses[slot]
            )
        }
        contest_answer(
            entry=entry,
            token=token,
            slot=slot,
            response=responses[slot] if index < right else wrong,
            now=start + timedelta(seconds=2 * (index + 1)),
        )
    contest_submit(entry=entry, token=token, now=start + timedelta(seconds=seconds))
    return entry


def test_higher_score_first_then_shorter_time_and_equal_results_share_a_rank():
    contest = contest_page(questions=3)
    a, b, c, d = (UserFactory(full_name=n) for n in "ABCD")
    play(contest, a, right=2, seconds=100)
    play(contest, b, right=3, seconds=300)
    play(contest, c, right=2, seconds=100)
    play(contest, d, right=2, seconds=50)
    rows = selectors_contests.contest_ranking(contest=contest, use_cache=False)
    assert [(r["name"], r["rank"]) for r in rows] == [("B", 1), ("D", 2), ("A", 3), ("C", 3)]
    assert rows[0]["score"] == Decimal(3) and rows[0]["time_seconds"] == 300


def test_department_ranking_is_normalised_by_eligible_headcount():
    big, small = OrgUnitFactory(name="大处"), OrgUnitFactory(name="小处")
    bigs = [ProfileFactory(org_unit=big).user for _ in range(4)]
    smalls = [ProfileFactory(org_unit=small).user for _ in range(2)]
    contest = contest_page(questions=2)
    play(contest, bigs[0], right=2, seconds=60)  # 1 of 4 takes part, full marks
    play(contest, smalls[0], right=1, seconds=60)  # 2 of 2, half marks each
    play(contest, smalls[1], right=1, seconds=60)
    rows = {r["unit"]: r for r in selectors_contests.contest_department_ranking(contest=contest)}
    assert rows["大处"]["participation"] == Decimal("25.00")
    assert rows["大处"]["mean_percent"] == Decimal("25.00")
    assert rows["小处"]["participation"] == Decimal("100.00")
    assert rows["小处"]["mean_percent"] == Decimal("50.00")
    assert rows["小处"]["rank"] == 1 and rows["大处"]["rank"] == 2


def test_a_contestant_sees_their_own_rank_when_not_on_the_first_page(monkeypatch):
    monkeypatch.setattr(selectors_contests, "PAGE_SIZE", 2)
    contest = contest_page(questions=2)
    for _ in range(3):
        play(contest, UserFactory(), right=2, seconds=30)
    me = UserFactory()
    play(contest, me, right=0, seconds=30)
    board = selectors_contests.contest_leaderboard(contest=contest, user=me)
    assert me.pk not in [r["user_id"] for r in board["rows"]]
    assert board["mine"]["rank"] == 4 and not board["mine_shown"]


def test_live_ranking_json_updates_once_the_cache_expires(client, settings):
    contest = contest_page(questions=1)
    viewer = UserFactory()
    client.force_login(viewer)
    url = reverse("quizzes:contest_ranking", args=[contest.pk])
    assert client.get(url).json()["total"] == 0
    play(contest, UserFactory(), right=1, seconds=10)
    assert client.get(url).json()["total"] == 0  # cached for a few seconds
    from django.core.cache import cache

    cache.delete(f"quizzes:contest:{contest.pk}:ranking")
    data = client.get(url).json()
    assert data["total"] == 1 and data["rows"][0]["rank"] == 1 and not data["final"]


def test_final_ranking_equals_a_recomputation_from_stored_answers():
    contest = contest_page(questions=3)
    for right, seconds in [(3, 90), (1, 40), (2, 70), (2, 70), (0, 10)]:
        play(contest, UserFactory(), right=right, seconds=seconds)
    contest_decide(contest=contest, now=contest.ends_at)
    recomputed = []
    for attempt in Attempt.objects.filter(assessment=contest.assessment):
        entry = attempt.contest_entry
        recomputed.append(
            {
                "entry_id": entry.pk,
                "name": entry.user.full_name,
                "score": attempt_score(attempt=attempt)["score"],
                "max_score": attempt_score(attempt=attempt)["max_score"],
                "time_seconds": int((attempt.finished_at - attempt.started_at).total_seconds()),
            }
        )
    expected = {
        r["entry_id"]: (r["rank"], r["score"]) for r in selectors_contests.rank_rows(recomputed)
    }
    final = {s.entry_id: (s.rank, s.score) for s in ContestStanding.objects.filter(contest=contest)}
    assert final == expected and len(final) == 5
    assert selectors_contests.contest_leaderboard(contest=contest)["final"]


def test_organizers_export_csv_and_xlsx_and_others_cannot(client):
    contest = contest_page(questions=1)
    play(contest, UserFactory(full_name="王五"), right=1, seconds=10)
    learner = UserFactory()
    client.force_login(learner)
    assert (
        client.get(reverse("quizzes:contest_export", args=[contest.pk, "csv"])).status_code == 403
    )
    organizer = UserFactory()
    grant_role(organizer, "organizer")
    client.force_login(organizer)
    csv_response = client.get(reverse("quizzes:contest_export", args=[contest.pk, "csv"]))
    assert "王五" in csv_response.content.decode("utf-8-sig")
    xlsx = client.get(reverse("quizzes:contest_export", args=[contest.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_contest_page_pages_through_the_ranking_and_polls_the_page_shown(client):
    contest = contest_page(questions=1)
    people = [
        UserFactory(full_name=f"选手{n:02d}") for n in range(selectors_contests.PAGE_SIZE + 5)
    ]
    for person in people:
        play(contest, person, right=1, seconds=60)
    client.force_login(people[-1])
    first = client.get(contest.url).content.decode()
    assert _board_rows(first) == selectors_contests.PAGE_SIZE
    assert 'href="?page=2#board-title"' in first and 'rel="prev"' not in first
    assert f"{reverse('quizzes:contest_ranking', args=[contest.pk])}?page=1" in first
    second = client.get(contest.url, {"page": "2"}).content.decode()
    assert 'rel="prev"' in second and 'href="?page=3' not in second
    assert f"{reverse('quizzes:contest_ranking', args=[contest.pk])}?page=2" in second
    assert _board_rows(second) == 5
    # A page out of range or not a number shows the nearest real page, never an error.
    assert client.get(contest.url, {"page": "99"}).status_code == 200
    assert client.get(contest.url, {"page": "x"}).status_code == 200


def _board_rows(html: str) -> int:
    return html.split('id="contest-rows"')[1].split("</tbody>")[0].count("<tr")


def test_a_contestants_download_holds_their_standing_awards_and_flags_and_nobody_elses(
    django_assert_num_queries,
):
    from django.core.serializers.json import DjangoJSONEncoder

    from quizzes.models import ContestFlag
    from tests.factories.contests import rank_award
    from trust.services import personal_data_collect

    contest = contest_page(questions=2, awards=[rank_award(title="一等奖")])
    winner, other = UserFactory(full_name="甲"), UserFactory(full_name="乙")
    entry = play(contest, winner, right=2, seconds=60)
    play(contest, other, right=1, seconds=60)
    ContestFlag.objects.create(
        entry=entry,
        attempt=entry.attempt,
        kind=ContestFlag.Kind.FAST_ANSWER,
        slot=1,
        seconds=Decimal("0.4"),
        created_at=contest.starts_at,
    )
    contest_decide(contest=contest, now=contest.ends_at)
    with django_assert_num_queries(3):
        records = selectors_contests.contest_records_of(user=winner)
    (record,) = records
    assert record["contest"] == contest.title and record["final_rank"] == 1
    assert [a["award"] for a in record["awards"]] == ["一等奖"]
    assert [f["question"] for f in record["flags"]] == [1]
    data = personal_data_collect(user=winner)
    section = next(s for s in data["sections"] if s["key"] == "quizzes.contestentry")
    text = json.dumps(section, cls=DjangoJSONEncoder, ensure_ascii=False)
    entry.refresh_from_db()
    assert entry.session_token not in text and "乙" not in text
