"""Demo contests: a finished one with final results and awards, an open one learner1 can join;
seeding twice changes nothing."""

import pytest
from django.core.management import call_command

from people.models import User
from quizzes.models import ContestAwardGrant, ContestEntry, ContestPage, ContestStanding
from quizzes.selectors import contest_is_eligible
from quizzes.selectors import contests as selectors_contests


@pytest.mark.django_db
def test_demo_has_a_finished_and_an_open_contest_and_seeding_again_changes_nothing(demo):
    finished = ContestPage.objects.get(slug="contest-2026-spring")
    live = ContestPage.objects.get(slug="contest-2026-autumn")
    assert selectors_contests.contest_phase(contest=finished) == "decided"
    assert ContestStanding.objects.filter(contest=finished).count() >= 5
    assert ContestAwardGrant.objects.filter(award__contest=finished).exists()
    assert selectors_contests.contest_phase(contest=live) == "live"
    learner1 = User.objects.get(username="learner1")
    assert contest_is_eligible(contest=live, user=learner1)
    assert not ContestEntry.objects.filter(user=learner1).exists()
    counts = (
        ContestEntry.objects.count(),
        ContestStanding.objects.count(),
        ContestAwardGrant.objects.count(),
        ContestPage.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert counts == (
        ContestEntry.objects.count(),
        ContestStanding.objects.count(),
        ContestAwardGrant.objects.count(),
        ContestPage.objects.count(),
    )
