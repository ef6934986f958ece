"""The home page in real Chromium: a signed-in learner's personal home at 1280 px and 360 px
(every section present, the chart drawn, no horizontal overflow, axe clean) and the visitor's."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.browser

LEARNER = "learner1"
SECTIONS = (
    "#home-hours",
    "#home-due",
    "#home-continue",
    "#home-contests",
    "#home-recommended",
    "#home-notices",
)


def _no_horizontal_overflow(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"


def _console_errors(page) -> list:
    errors = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico")
            and errors.append(m.text)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.parametrize("width", [1280, 360])
def test_the_learner_home_shows_every_section_and_fits(new_page, live_demo, width):
    page = new_page(width=width, height=900)
    errors = _console_errors(page)
    login(page, live_demo, LEARNER, settings.DEMO_PASSWORD)
    page.goto(f"{live_demo.url}/")
    for section in SECTIONS:
        expect(page.locator(section)).to_be_visible()
    hours = page.locator("section[aria-labelledby=home-hours]")
    # The demo learner has hours: the chart with its table and summary; else the empty state.
    if hours.locator("svg").count():
        expect(hours.locator("svg[role=img] title")).to_have_count(1)
        expect(hours.locator("table")).to_have_count(1)
    else:
        expect(hours.locator(".empty-state")).to_be_visible()
    expect(page.locator("#home-hours-summary")).to_be_visible()
    # The demo links courses to the competences they build: learner1 has gaps with courses.
    expect(
        page.locator("section[aria-labelledby=home-recommended] .home-reasons li").first
    ).to_be_visible()
    # No section is an empty box: each has a list, a chart or an empty-state sentence.
    for section in page.locator(".home-card").all():
        assert section.locator("ul li, svg, .empty-state").count() > 0
    _no_horizontal_overflow(page)
    assert_accessible(page)
    assert errors == []


@pytest.mark.parametrize("width", [1280, 360])
def test_the_visitor_home_offers_highlights_contests_and_verification(new_page, live_demo, width):
    page = new_page(width=width, height=900)
    errors = _console_errors(page)
    page.goto(f"{live_demo.url}/")
    expect(page.locator("#home-highlights")).to_be_visible()
    expect(page.locator("section[aria-labelledby=home-highlights] li").first).to_be_visible()
    expect(page.locator("#home-contests")).to_be_visible()
    expect(page.locator("#verify-code")).to_be_visible()
    _no_horizontal_overflow(page)
    assert_accessible(page)
    assert errors == []
    # The code form leads to the verification page (an unknown code there answers 404).
    page.fill("#verify-code", "NO-SUCH-CODE")
    with page.expect_navigation():
        page.click("section[aria-labelledby=home-verify] button[type=submit]")
    assert "/certificates/verify/NO-SUCH-CODE/" in page.url
