"""learner1 takes a competency test in real Chromium: answers are autosaved and survive a reload,
the test is submitted, and the result and competency profile are shown. axe-core clean throughout."""

import pytest
from django.conf import settings

from quizzes.models import Attempt

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser

SAVED = (
    "() => document.getElementById('attempt-status').textContent === "
    "document.getElementById('attempt-form').dataset.msgSaved"
)


def answer(fieldset) -> None:
    """Give some answer to one question, whatever its type."""
    if fieldset.locator("input[type=radio]").count():
        fieldset.locator("input[type=radio]").first.check()
    elif fieldset.locator("input[type=checkbox]").count():
        fieldset.locator("input[type=checkbox]").first.check()
    elif fieldset.locator("input[type=text]").count():
        fieldset.locator("input[type=text]").fill("一网通办")
    else:
        for select in fieldset.locator("select").all():
            select.select_option(index=1)


def state(fieldset) -> list:
    """What the page shows as answered in one question."""
    checked = [i.get_attribute("value") for i in fieldset.locator("input:checked").all()]
    typed = [i.input_value() for i in fieldset.locator("input[type=text]").all()]
    chosen = [s.input_value() for s in fieldset.locator("select").all()]
    return checked + typed + chosen


def test_learner1_takes_a_test_reloads_midway_submits_and_sees_the_profile(page, live_demo):
    url = live_demo.url
    login(page, live_demo, "learner1", settings.DEMO_PASSWORD)
    page.goto(f"{url}/assessments/")
    assert page.locator("nav a[href='/assessments/']").count() == 1
    assert_accessible(page)

    page.goto(f"{url}/assessments/competency-1-zh/")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("form[action$='/start/'] button[type=submit]")
    assert "/assessments/attempt/" in page.url
    assert page.locator("#attempt-timer").count() == 1
    fieldsets = page.locator("fieldset[data-slot]").all()
    assert len(fieldsets) == 5

    for fieldset in fieldsets[:3]:
        answer(fieldset)
    page.wait_for_function(SAVED)
    before = [state(f) for f in fieldsets[:3]]
    assert all(before)

    page.reload()
    fieldsets = page.locator("fieldset[data-slot]").all()
    assert [state(f) for f in fieldsets[:3]] == before  # answers kept across the reload
    assert_accessible(page)

    for fieldset in fieldsets[3:]:
        answer(fieldset)
    page.wait_for_function(SAVED)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("button[data-role=submit]")
    assert page.url.endswith("/result/")
    assert page.locator(".result-summary").count() == 1
    assert_accessible(page)

    attempt = Attempt.objects.filter(
        user__username="learner1", assessment__slug="competency-1-zh"
    ).get()
    assert attempt.is_finished
    assert attempt.answers.exclude(response=None).count() == 5

    page.goto(f"{url}/assessments/competencies/")
    assert page.locator(".competency-chart").count() == 6
    assert page.locator("table.data-table").count() >= 6
    assert_accessible(page)


def test_the_attempt_page_works_at_phone_width(mobile_page, live_demo):
    login(mobile_page, live_demo, "learner2", settings.DEMO_PASSWORD)
    mobile_page.goto(f"{live_demo.url}/assessments/competency-6-zh/")
    with mobile_page.expect_navigation():
        mobile_page.click("form[action$='/start/'] button[type=submit]")
    width = mobile_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    assert_accessible(mobile_page)
