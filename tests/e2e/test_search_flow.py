"""Search as people type it, in real Chromium at 1280 and 360 px: words apart, an English term on
the Chinese site (the hit says English), the start of an English word; every result page fits
the screen and is axe-clean."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, MOBILE, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def live_catalogue(live_server, transactional_db):
    """The demo catalogue only (the search has nothing to do with people or contests)."""
    from demo.courses import seed_courses
    from demo.site import seed_site

    seed_site()
    seed_courses()
    call_command("rebuild_search_index", verbosity=0, stdout=StringIO())
    return live_server


def _search(page, base: str, language: str, query: str) -> None:
    with translation.override(language):
        url = reverse("courses:search")
    page.goto(f"{base}{url}")
    page.fill("#search-q", query)
    with page.expect_navigation():
        page.press("#search-q", "Enter")


def _fits(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.evaluate("() => window.innerWidth")
    assert width <= viewport, f"the page is {width}px wide on a {viewport}px screen"


@pytest.mark.parametrize("size", [DESKTOP, MOBILE], ids=["1280px", "360px"])
def test_search_finds_words_apart_english_on_the_chinese_site_and_prefixes(
    new_page, live_catalogue, size
):
    page = new_page(**size)
    base = live_catalogue.url

    # Two words that stand apart in the lesson text.
    _search(page, base, "zh-hans", "迁移 回退")
    first = page.locator(".search-result").first
    expect(first.locator(".search-result__title")).to_have_text("老旧系统迁移上云")
    expect(first.locator(".search-result__course")).to_contain_text("政务云与电子政务平台建设")
    _fits(page)
    assert_accessible(page)

    # An English term on the Chinese site finds the English lesson, which says its language.
    _search(page, base, "zh-hans", "data catalogue")
    hit = page.locator(".search-result", has_text="The government data catalogue").first
    expect(hit).to_be_visible()
    expect(hit.locator(".search-result__language")).to_have_text("English")
    assert hit.get_attribute("lang") == "en"
    _fits(page)
    assert_accessible(page)

    # The start of an English word, on the English site; then open the hit.
    _search(page, base, "en", "consolid")
    first = page.locator(".search-result").first
    expect(first.locator(".search-result__title")).to_have_text(
        "Consolidating on a government cloud"
    )
    expect(first.locator("mark").first).to_have_text("Consolid")
    _fits(page)
    assert_accessible(page)
    with page.expect_navigation():
        first.locator(".search-result__title a").click()
    expect(page.locator("h1")).to_have_text("Consolidating on a government cloud")


def test_nothing_found_suggests_courses_and_a_hostile_query_gets_a_sentence(
    mobile_page, live_catalogue
):
    base = live_catalogue.url
    _search(mobile_page, base, "en", "blockchain ledger")
    expect(mobile_page.get_by_text("Nothing matched")).to_be_visible()
    expect(mobile_page.locator(".search-suggestions--courses li").first).to_be_visible()
    _fits(mobile_page)
    assert_accessible(mobile_page)

    _search(mobile_page, base, "en", "!!! ??? ###")
    expect(mobile_page.locator(".search-problem")).to_contain_text("punctuation")
    assert_accessible(mobile_page)
