"""Larger text and high contrast (适老化) in real Chromium: the header toggle grows type and line
spacing, passes axe's contrast check, is remembered after a reload and on another browser once the
person logs in; key pages fit 360px and 200% zoom (a 640px viewport lays out as 1280px at 200%)
without sideways scrolling or anything over the header; the English header is one row at 1280px."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import AXE_SCRIPT, assert_accessible, login, staff_code

pytestmark = pytest.mark.browser

TOGGLE = ".text-size__toggle"
ZOOM_200 = {"width": 640, "height": 450}  # 1280x900 at 200%
PHONE = {"width": 360, "height": 740}

TYPE_METRICS = """() => {
  const root = getComputedStyle(document.documentElement);
  const text = getComputedStyle(document.querySelector('main p'));
  return {
    root: parseFloat(root.fontSize),
    size: parseFloat(text.fontSize),
    leading: parseFloat(text.lineHeight) / parseFloat(text.fontSize),
  };
}"""

LAYOUT = """() => {
  const doc = document.documentElement;
  const header = document.querySelector('.site-header').getBoundingClientRect();
  const main = document.querySelector('main').getBoundingClientRect();
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 1 && e.getClientRects().length)
    .filter(e => !e.closest('.visually-hidden, .table-scroll, .data-table, .qanda-table-wrap'))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className);
  return {scroll: doc.scrollWidth, client: doc.clientWidth, wide,
          headerBottom: header.bottom, mainTop: main.top};
}"""


def _log_in_staff(page, live_server, username):
    login(page, live_server, username, settings.DEMO_PASSWORD)
    page.fill("#id_code", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _switch_larger_text(page, on: bool) -> None:
    toggle = page.locator(TOGGLE)
    if (toggle.get_attribute("aria-pressed") == "true") != on:
        with page.expect_navigation():
            toggle.click()
    expect(page.locator(TOGGLE)).to_have_attribute("aria-pressed", "true" if on else "false")


def _assert_contrast(page) -> None:
    """axe's color-contrast rule on its own (any impact counts), then the whole WCAG 2.1 AA set."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "rule", values: ["color-contrast"]}, resultTypes: ["violations"]})"""
    )
    failures = [
        " ".join(str(part) for part in node["target"])
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
    assert failures == [], f"contrast too low on {page.url}: {failures}"
    assert_accessible(page)


def _assert_fits(page, label: str) -> None:
    layout = page.evaluate(LAYOUT)
    assert layout["scroll"] <= layout["client"], f"{label}: sideways scroll {layout}"
    assert layout["wide"] == [], f"{label}: wider than the screen: {layout['wide']}"
    assert layout["mainTop"] >= layout["headerBottom"] - 1, f"{label}: over the header {layout}"


def test_larger_text_grows_type_keeps_contrast_and_is_remembered(new_page, live_demo):
    base = live_demo.url
    page = new_page()
    page.goto(f"{base}/en/")
    expect(page.locator(TOGGLE)).to_have_text("Larger text")
    before = page.evaluate(TYPE_METRICS)

    _switch_larger_text(page, True)
    assert page.url == f"{base}/en/", "the toggle returns to the same page"
    expect(page.locator("html")).to_have_class("text-large")
    after = page.evaluate(TYPE_METRICS)
    assert after["root"] >= before["root"] * 1.2, (before, after)
    assert after["size"] >= before["size"] * 1.2, (before, after)
    assert after["leading"] >= 1.3 and after["leading"] > before["leading"], (before, after)
    _assert_contrast(page)

    page.reload()
    expect(page.locator(TOGGLE)).to_have_attribute("aria-pressed", "true")
    _switch_larger_text(page, False)
    expect(page.locator("html")).not_to_have_class("text-large")

    # Per person: switched on in one browser, on in the next one as soon as they log in there.
    first = new_page()
    login(first, live_demo, "learner1", settings.DEMO_PASSWORD)
    _switch_larger_text(first, True)
    second = new_page()
    second.goto(f"{base}/")
    expect(second.locator(TOGGLE)).to_have_attribute("aria-pressed", "false")
    login(second, live_demo, "learner1", settings.DEMO_PASSWORD)
    expect(second.locator("html")).to_have_class("text-large")
    expect(second.locator(TOGGLE)).to_have_attribute("aria-pressed", "true")


def _path(page) -> str:
    return urlsplit(page.url).path


def _key_pages(base) -> dict[str, str]:
    """The main pages a learner and a manager use, from the demo content in the live database."""
    from courses.models import CatalogueIndexPage, CoursePage, LessonPage
    from quizzes.models import ContestPage

    course = CoursePage.objects.live().filter(locale__language_code="zh-hans").first()
    lesson = LessonPage.objects.live().descendant_of(course).first()
    catalogue = CatalogueIndexPage.objects.live().filter(locale__language_code="zh-hans").first()
    contest = ContestPage.objects.live().filter(locale__language_code="zh-hans").first()
    paths = {
        "home": "/",
        "catalogue": _path(catalogue),
        "course": _path(course),
        "lesson": _path(lesson),
        "contest": _path(contest),
        "assessments": reverse("quizzes:list"),
        "My learning": reverse("training:my_learning"),
        "My team": reverse("dashboards:my_team"),
        "My certificates": reverse("certificates:mine"),
        "Q&A": reverse("qanda:course_questions", args=[course.pk]),
    }
    return {name: base + path for name, path in paths.items()}


def test_key_pages_fit_a_phone_and_200_percent_zoom(new_page, live_demo):
    base = live_demo.url
    page = new_page()
    _log_in_staff(page, live_demo, "manager1")
    pages = _key_pages(base)

    # An attempt in progress: start a test from its page.
    page.goto(pages["assessments"])
    page.locator(".quiz-card a").first.click()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/attempt/" in page.url, page.url
    pages["attempt"] = page.url

    for larger in (True, False):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(pages["home"])
        _switch_larger_text(page, larger)
        for viewport in (PHONE, ZOOM_200):
            page.set_viewport_size(viewport)
            for name, url in pages.items():
                response = page.goto(url)
                assert response.status == 200, (name, url)
                mode = "larger text" if larger else "standard"
                _assert_fits(page, f"{name} at {viewport['width']}px, {mode}")
                if larger and viewport is ZOOM_200:
                    _assert_contrast(page)


@pytest.mark.parametrize("username", ["admin", "learner1"])
def test_the_english_header_is_one_row_at_1280(new_page, live_demo, username):
    base = live_demo.url
    page = new_page(width=1280, height=900)
    if username == "admin":  # the platform admin sees every section: the longest header
        _log_in_staff(page, live_demo, username)
    else:
        login(page, live_demo, username, settings.DEMO_PASSWORD)
    page.goto(f"{base}/en/learning/my-learning/")
    rows = page.evaluate(
        """() => {
          const inner = document.querySelector('.site-header__inner');
          const parts = [...inner.children, ...inner.querySelectorAll('.site-nav li')];
          const tops = parts.map(e => e.getBoundingClientRect())
            .filter(r => r.height > 0).map(r => Math.round(r.top + r.height / 2));
          const link = document.querySelector('.site-nav a').getBoundingClientRect();
          return {centres: tops, header: inner.getBoundingClientRect().height, link: link.height,
                  count: document.querySelectorAll('.site-nav li').length};
        }"""
    )
    assert rows["count"] >= 3
    assert max(rows["centres"]) - min(rows["centres"]) <= 6, rows
    # One row: the header is less than two lines of its links high (padding included).
    assert rows["header"] < 2 * rows["link"] + 24, rows
    expect(page.locator(".site-nav [aria-current='page']")).to_have_count(1)
