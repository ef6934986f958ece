"""The contest page: where it may live in the tree, schedule validation, and what it shows."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from home.models import HomePage
from quizzes.models import ContestPage
from tests.factories.contests import contest_page
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def test_contests_are_created_under_the_home_page_and_have_no_children():
    assert ContestPage.can_create_at(HomePage())
    assert ContestPage.allowed_subpage_models() == []


def test_a_contest_that_ends_before_it_starts_is_refused():
    contest = contest_page()
    contest.ends_at = contest.starts_at - timedelta(minutes=1)
    with pytest.raises(ValidationError) as refused:
        contest.clean()
    assert "ends_at" in refused.value.message_dict


def test_the_contest_page_offers_registration_and_lists_awards(client):
    contest = contest_page(
        awards=[{"title": "一等奖", "basis": "rank", "rank_from": 1, "rank_to": 1}]
    )
    client.force_login(UserFactory())
    html = client.get(contest.url).content.decode()
    assert f"/assessments/contests/{contest.pk}/register/" in html
    assert "一等奖" in html


def test_anonymous_visitors_see_the_contest_but_not_the_ranking(client):
    from quizzes.services.contests import contest_register

    contest = contest_page()
    contest_register(contest=contest, user=UserFactory(full_name="赵六"))
    html = client.get(contest.url).content.decode()
    assert contest.title in html and 'id="contest-board"' not in html
