"""Challenge mode (挑战答题) in real Chromium: learner1 registers for a challenge contest, answers
the first question right and is shown the next one, answers it wrong, and the run ends with the
streak message on the contest page. axe-core clean on the challenge page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from quizzes.models import Attempt, ContestMode
from tests.factories.contests import contest_page
from tests.quizzes.conftest import right_responses

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def _choices(attempt, slot: int) -> tuple[str, str]:
    """The right option id of a slot, and a wrong one (read from the stored attempt, as the page
    itself never holds the right answer)."""
    right = right_responses(attempt)[slot]["choice"]
    wrong = next(o for o in attempt.answers.get(slot=slot).option_order if o != right)
    return right, wrong


def _streak_text(n: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return ngettext(
            "%(n)s right answer in a row so far.", "%(n)s right answers in a row so far.", n
        ) % {"n": n}


def test_learner1_plays_a_challenge_run_until_the_first_wrong_answer(page, live_demo):
    url = live_demo.url
    # Built in the live server's database, next to the demo data: running since a minute ago, no
    # entry spread, three single-choice questions.
    contest = contest_page(
        questions=3, qtype="single", mode=ContestMode.CHALLENGE, starts_in=timedelta(minutes=-1)
    )
    login(page, live_demo, "learner1", settings.DEMO_PASSWORD)
    page.goto(f"{url}{contest.url}")
    with page.expect_navigation():
        page.click("form[action$='/register/'] button[type=submit]")

    page.goto(f"{url}/assessments/contests/{contest.pk}/play/")
    fieldset = page.locator("fieldset[data-slot]")
    assert fieldset.count() == 1 and fieldset.get_attribute("data-slot") == "1"
    assert _streak_text(0) in page.locator(".contest-streak").inner_text()
    assert_accessible(page)

    run = Attempt.objects.get(user__username="learner1", assessment=contest.assessment)
    right, _wrong = _choices(run, 1)
    page.check(f"input[name=s1][value='{right}']")
    with page.expect_navigation():
        page.click("form.attempt-form button[type=submit]")

    # Right: the next question, and the streak counts it.
    assert page.url.endswith(f"/assessments/contests/{contest.pk}/play/")
    fieldset = page.locator("fieldset[data-slot]")
    assert fieldset.count() == 1 and fieldset.get_attribute("data-slot") == "2"
    assert _streak_text(1) in page.locator(".contest-streak").inner_text()
    with translation.override(settings.LANGUAGE_CODE):
        assert gettext("Right! Next question.") in page.locator(".messages").inner_text()
    assert_accessible(page)

    _right, wrong = _choices(run, 2)
    page.check(f"input[name=s2][value='{wrong}']")
    with page.expect_navigation():
        page.click("form.attempt-form button[type=submit]")

    # Wrong: the run is over, back on the contest page with the streak it reached.
    assert page.url.endswith(contest.url)
    with translation.override(settings.LANGUAGE_CODE):
        ended = gettext("Not right: this run ends with %(n)s right answers in a row.") % {"n": 1}
    assert ended in page.locator(".messages").inner_text()
    run.refresh_from_db()
    assert run.is_finished
    assert run.answers.filter(response__isnull=True).count() == 1  # the third was never shown
    assert_accessible(page)
