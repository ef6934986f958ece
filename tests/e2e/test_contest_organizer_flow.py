"""organizer1 opens the admin's list of contests in real Chromium, goes to one contest's
registrations and integrity flags, narrows the list to flagged people, and finds the results
export. axe-core clean on both admin screens."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from quizzes.models import ContestEntry, ContestFlag, ContestPage

from .conftest import assert_accessible, login, staff_code

pytestmark = pytest.mark.browser


def test_organizer1_reviews_registrations_and_flags_of_the_open_contest(page, live_demo):
    base = live_demo.url
    contest = ContestPage.objects.get(slug="contest-2026-autumn")
    entries = list(ContestEntry.objects.filter(contest=contest).select_related("user"))
    flagged = entries[0]
    # An inhumanly fast answer, as contest_answer records it.
    ContestFlag.objects.create(
        entry=flagged,
        attempt=flagged.attempt,
        kind=ContestFlag.Kind.FAST_ANSWER,
        slot=2,
        seconds="0.400",
        created_at=flagged.attempt.started_at,
    )
    login(page, live_demo, "organizer1", settings.DEMO_PASSWORD)
    page.fill("#id_code", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    page.goto(f"{base}/admin/quizzes/contests/")
    assert_accessible(page)
    with page.expect_navigation():
        page.click(f"a[href='/admin/quizzes/contests/{contest.pk}/']")
    rows = page.locator("table[data-role=registrations] tbody tr")
    expect(rows).to_have_count(len(entries))
    expect(page.locator("table[data-role=flags] tbody tr")).to_have_count(1)
    assert page.locator("a[data-role=export-csv]").get_attribute("href").endswith("export.csv")
    assert_accessible(page)

    page.check("#id_flagged")
    with page.expect_navigation():
        page.click("form[data-role=filter] button[type=submit]")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th")).to_have_text(flagged.user.get_full_name())
    assert_accessible(page)
