"""Contest entry: registration, eligibility, staggered entry time, the schedule, one attempt."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, ContestEntry
from quizzes.services.contests import (
    ContestError,
    contest_enter,
    contest_register,
    contest_session_claim,
)
from tests.factories.contests import contest_page
from tests.factories.people import OrgUnitFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def _enter(entry, now=None):
    token = contest_session_claim(entry=entry)
    return contest_enter(entry=entry, token=token, now=now)


def test_registration_gets_an_entry_time_within_the_spread_after_the_start():
    contest = contest_page(starts_in=timedelta(minutes=10), spread=30)
    entry = contest_register(contest=contest, user=UserFactory())
    delay = (entry.entry_not_before - contest.starts_at).total_seconds()
    assert 0 <= delay <= 30


def test_registering_twice_returns_the_same_entry():
    contest, user = contest_page(), UserFactory()
    first = contest_register(contest=contest, user=user)
    assert contest_register(contest=contest, user=user).pk == first.pk
    assert ContestEntry.objects.filter(contest=contest).count() == 1


def test_people_outside_the_chosen_units_cannot_register():
    chosen = OrgUnitFactory()
    inside = ProfileFactory(org_unit=OrgUnitFactory(parent=chosen)).user
    outside = ProfileFactory().user
    contest = contest_page(eligible_units=[chosen])
    assert contest_register(contest=contest, user=inside).org_unit_id is not None
    with pytest.raises(ContestError) as refused:
        contest_register(contest=contest, user=outside)
    assert refused.value.code == "not_eligible"
    assert not ContestEntry.objects.filter(user=outside).exists()


def test_registration_after_it_closed_is_refused():
    contest = contest_page()
    with pytest.raises(ContestError) as refused:
        contest_register(contest=contest, user=UserFactory(), now=contest.ends_at)
    assert refused.value.code == "registration_closed"


def test_entry_before_the_start_is_refused():
    contest = contest_page(starts_in=timedelta(minutes=5))
    entry = contest_register(contest=contest, user=UserFactory())
    with pytest.raises(ContestError) as refused:
        _enter(entry)
    assert refused.value.code == "not_yet"
    assert not Attempt.objects.exists()


def test_entry_before_the_personal_entry_time_is_refused():
    contest = contest_page()
    entry = contest_register(contest=contest, user=UserFactory())
    entry.entry_not_before = timezone.now() + timedelta(seconds=20)
    entry.save()
    with pytest.raises(ContestError) as refused:
        _enter(entry)
    assert refused.value.code == "not_yet"
    assert _enter(entry, now=entry.entry_not_before).pk


def test_entry_after_the_end_is_refused():
    contest = contest_page()
    entry = contest_register(contest=contest, user=UserFactory())
    with pytest.raises(ContestError) as refused:
        _enter(entry, now=contest.ends_at)
    assert refused.value.code == "ended"
    assert not Attempt.objects.exists()


def test_entering_twice_resumes_the_one_attempt():
    contest = contest_page()
    entry = contest_register(contest=contest, user=UserFactory())
    first = _enter(entry)
    assert _enter(entry).pk == first.pk
    assert Attempt.objects.filter(assessment=contest.assessment).count() == 1


def test_attempt_deadline_is_capped_by_the_contest_end():
    contest = contest_page(time_limit_minutes=600)
    entry = contest_register(contest=contest, user=UserFactory())
    assert _enter(entry).deadline == contest.ends_at


def test_each_player_gets_their_own_question_and_option_order():
    contest = contest_page(questions=8)
    orders = set()
    for _ in range(4):
        attempt = _enter(contest_register(contest=contest, user=UserFactory()))
        answers = list(attempt.answers.order_by("slot"))
        orders.add(tuple((a.question_version_id, tuple(a.option_order)) for a in answers))
    assert len(orders) > 1


def test_a_contest_test_is_not_offered_as_an_ordinary_test(client):
    from quizzes.selectors import assessments_open

    contest = contest_page()
    assert contest.assessment.is_published
    assert contest.assessment not in assessments_open()
