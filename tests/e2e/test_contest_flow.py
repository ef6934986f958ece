"""learner1 joins the open demo contest in real Chromium: registers, waits out the entry
countdown, answers (autosaved), submits, and sees their rank on the live leaderboard, which then
updates in place when another contestant finishes. axe-core clean throughout."""

import pytest
from django.conf import settings
from django.core.cache import cache

from people.models import User
from quizzes.models import ContestPage

from .conftest import assert_accessible, login
from .test_attempt_flow import answer

pytestmark = pytest.mark.browser


def test_learner1_joins_the_open_contest_and_sees_the_live_ranking_update(page, live_demo):
    url = live_demo.url
    contest = ContestPage.objects.get(slug="contest-2026-autumn")
    login(page, live_demo, "learner1", settings.DEMO_PASSWORD)
    page.goto(f"{url}/")
    assert page.locator("nav a[href='/assessments/contests/']").count() == 1
    page.goto(f"{url}{contest.url}")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("form[action$='/register/'] button[type=submit]")
    page.goto(f"{url}/assessments/contests/{contest.pk}/play/")
    # The server's staggered entry: the waiting room counts down, then opens the paper itself.
    page.wait_for_selector("#attempt-form", timeout=20_000)
    assert_accessible(page)
    fieldsets = page.locator("fieldset[data-slot]").all()
    assert len(fieldsets) == 5
    for fieldset in fieldsets:
        answer(fieldset)
    page.wait_for_function(
        "() => document.getElementById('attempt-status').textContent === "
        "document.getElementById('attempt-form').dataset.msgSaved"
    )
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("button[data-role=submit]")
    assert contest.url in page.url
    mine = page.locator("#contest-mine")
    # The live board is cached for a few seconds: a ranking computed just before this submit may
    # still be served, and the page's poll shows the new rank in place when it is recomputed.
    mine.wait_for(state="visible", timeout=20_000)
    assert mine.locator("[data-field=rank]").inner_text().strip().isdigit()
    page.locator("#contest-rows tr.contest-board__me").wait_for(timeout=20_000)
    assert page.locator("#contest-rows tr.contest-board__me").count() == 1
    assert_accessible(page)

    # Another contestant finishes; the board updates without a reload.
    rows_before = page.locator("#contest-rows tr").count()
    from demo.contests import _play

    other = User.objects.get(username="learner15")
    _play(contest, other, right=5, minutes=3, start=contest.starts_at)
    cache.clear()
    page.wait_for_function(
        f"() => document.querySelectorAll('#contest-rows tr').length === {rows_before + 1}",
        timeout=30_000,
    )
    assert page.locator("#contest-rows").inner_text().count(other.get_full_name()) == 1
