"""Entering a contest is one action (quizzes.actions.EnterContestAction): it allows, refuses with
a translated reason, writes the entry once, and the contest page asks it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from quizzes.actions import EnterContestAction
from quizzes.models import ContestEntry
from quizzes.services.contests import ContestError, contest_register
from tests.factories.contests import contest_page
from tests.factories.people import OrgUnitFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_colleague_may_enter_an_open_contest_and_is_registered():
    contest, user = contest_page(starts_in=timedelta(minutes=10)), UserFactory()
    action = EnterContestAction(contest)
    assert action.allowed(user) and action.refusal(user) is None
    entry = action.execute(user)
    assert entry.pk and entry.contest_id == contest.pk and entry.user_id == user.pk
    assert entry.entry_not_before >= contest.starts_at


def test_someone_outside_the_chosen_units_is_refused_with_a_translated_reason():
    chosen = OrgUnitFactory()
    outside = ProfileFactory().user
    contest = contest_page(eligible_units=[chosen])
    action = EnterContestAction(contest)
    assert not action.allowed(outside)
    with translation.override("zh-hans"), pytest.raises(ContestError) as refused:
        action.check(outside)
    assert refused.value.code == "not_eligible"
    assert refused.value.message == "该竞赛仅对竞赛组织者指定的单位开放。"
    with pytest.raises(ContestError):
        action.execute(outside)
    assert not ContestEntry.objects.filter(user=outside).exists()


def test_registration_closed_and_not_yet_open_are_refused_in_the_readers_language():
    contest, user = contest_page(), UserFactory()
    with translation.override("zh-hans"):
        closed = EnterContestAction(contest, now=contest.ends_at).refusal(user)
    assert closed.code == "registration_closed" and closed.message == "该竞赛已截止报名。"
    early = contest.registration_opens_at - timedelta(seconds=1)
    with translation.override("en"):
        not_yet = EnterContestAction(contest, now=early).refusal(user)
    assert not_yet.code == "registration_not_open"
    assert not_yet.message == "Registration for this contest has not opened yet."


def test_an_unpublished_contest_and_an_anonymous_visitor_are_refused():
    from django.contrib.auth.models import AnonymousUser

    draft = contest_page(live=False)
    assert EnterContestAction(draft).refusal(UserFactory()).code == "unpublished"
    assert EnterContestAction(contest_page()).refusal(AnonymousUser()).code == "sign_in"


def test_entering_twice_writes_once_and_the_second_check_says_registered():
    contest, user = contest_page(), UserFactory()
    first = EnterContestAction(contest).execute(user)
    assert EnterContestAction(contest).refusal(user).code == "registered"
    again = EnterContestAction(contest).execute(user)
    assert again.pk == first.pk
    assert again.entry_not_before == first.entry_not_before
    assert ContestEntry.objects.filter(contest=contest, user=user).count() == 1


def test_the_register_service_is_the_action():
    chosen = OrgUnitFactory()
    contest = contest_page(eligible_units=[chosen])
    with pytest.raises(ContestError) as refused:
        contest_register(contest=contest, user=ProfileFactory().user)
    assert refused.value.code == "not_eligible"


def test_the_contest_page_offers_register_only_when_the_action_allows(client):
    chosen = OrgUnitFactory()
    inside = ProfileFactory(org_unit=OrgUnitFactory(parent=chosen)).user
    outside = ProfileFactory().user
    contest = contest_page(starts_in=timedelta(minutes=10), eligible_units=[chosen])
    register_url = reverse("quizzes:contest_register", args=[contest.pk])

    client.force_login(inside)
    page = client.get(contest.url)
    assert page.context["can_register"] is True
    assert register_url in page.content.decode()

    client.force_login(outside)
    with translation.override("zh-hans"):
        page = client.get(contest.url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.context["can_register"] is False
    html = page.content.decode()
    assert register_url not in html
    assert "该竞赛仅对竞赛组织者指定的单位开放。" in html


def test_the_register_view_performs_the_action_once(client):
    contest, user = contest_page(starts_in=timedelta(minutes=10)), UserFactory()
    client.force_login(user)
    url = reverse("quizzes:contest_register", args=[contest.pk])
    client.post(url)
    client.post(url)
    assert ContestEntry.objects.filter(contest=contest, user=user).count() == 1
