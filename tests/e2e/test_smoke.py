"""Smoke test of the site shell in real Chromium: log in, switch language, log out — every page
axe-clean — and the home page fits a 360px phone."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.browser

LEARNER = "learner1"
LEARNER_NAME = "张伟"  # demo/people.py


def test_learner_logs_in_switches_to_english_and_logs_out_on_accessible_pages(page, live_demo):
    base = live_demo.url
    # Script errors and Content Security Policy refusals show up here; our pages must have none.
    # The browser's own favicon probe is not a page resource (the site has no favicon yet).
    console_errors = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico")
            and console_errors.append(f"{m.location.get('url')}: {m.text}")
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(str(error)))

    response = page.goto(f"{base}/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text("政务学堂")
    # The stylesheet really loaded: the header wears the brand colour from static/css/site.css.
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(164, 22, 26)")
    assert_accessible(page)

    page.click(".site-tools a[href*='/accounts/login/']")
    expect(page.locator("#id_username")).to_be_visible()
    assert_accessible(page)

    login(page, live_demo, LEARNER, settings.DEMO_PASSWORD)
    assert page.url == f"{base}/learning/my-learning/"
    expect(page.locator(".site-header .who")).to_have_text(LEARNER_NAME)
    expect(page.locator("main")).to_contain_text("L0001")
    assert_accessible(page)

    page.click(".site-header .brand")
    expect(page.locator("h1")).to_have_text("政务学堂")
    expect(page.locator(".site-header .who")).to_have_text(LEARNER_NAME)

    page.click(".language-switch a[data-language='en']")
    expect(page).to_have_url(f"{base}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("GovLearn")
    expect(page.locator("main")).to_contain_text("Digital-government learning for civil servants")
    expect(page.locator(".site-tools button[type=submit]")).to_have_text("Log out")
    expect(page.locator(".site-nav")).to_contain_text("My learning")
    expect(page.locator(".language-switch [aria-current='true']")).to_have_text("English")
    expect(page.locator(".site-header .who")).to_have_text(LEARNER_NAME)
    assert_accessible(page)

    page.click(".account-menu summary")  # Log out sits in the account menu (templates/base.html)
    page.click(".site-tools button[type=submit]")
    expect(page).to_have_url(f"{base}/en/")
    expect(page.locator(".site-header .who")).to_have_count(0)
    expect(page.locator(".site-tools a[href*='/accounts/login/']")).to_have_text("Log in")
    # The session is really gone, not just hidden: a private page sends us to the login form.
    page.goto(f"{base}/en/learning/my-learning/")
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next="))
    assert_accessible(page)
    assert console_errors == []


def test_home_page_fits_a_360px_phone_without_horizontal_scrolling(mobile_page, live_demo):
    response = mobile_page.goto(f"{live_demo.url}/")
    assert response.status == 200
    expect(mobile_page.locator("h1")).to_have_text("政务学堂")
    scroll_width = mobile_page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the home page is {scroll_width}px wide on a 360px screen"
    assert_accessible(mobile_page)


# Not followed by the crawl: the admin, logging out, and file downloads.
NOT_CRAWLED = re.compile(r"^/(en/)?(admin/|documents/|accounts/logout/)")
MAX_CRAWLED_PAGES = 80


def test_every_page_a_learner_can_reach_fits_a_phone_and_is_accessible(mobile_page, live_demo):
    """Follow every same-site link from both home pages, as learner1 on a 360px phone."""
    base = live_demo.url
    login(mobile_page, live_demo, LEARNER, settings.DEMO_PASSWORD)
    queue, seen, visited = ["/", "/en/"], {"/", "/en/"}, []
    problems = {}
    while queue and len(visited) < MAX_CRAWLED_PAGES:
        path = queue.pop(0)
        probe = mobile_page.request.get(f"{base}{path}")
        if probe.status != 200:
            problems[path] = f"answered {probe.status}"
            continue
        if not probe.headers.get("content-type", "").startswith("text/html"):
            continue
        mobile_page.goto(f"{base}{path}")
        visited.append(path)
        try:
            assert_accessible(mobile_page)
        except pytest.fail.Exception as failure:
            problems[path] = str(failure)
        width = mobile_page.evaluate("() => document.documentElement.scrollWidth")
        if width > 360:
            problems[path] = f"{width}px wide on a 360px phone"
        hrefs = mobile_page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            if not href.startswith(base):
                continue
            link = href[len(base) :].split("#")[0]
            # One visit per path: ?q=…&tag=… variants render the same template.
            path_only = link.split("?")[0]
            if link and path_only not in seen and not NOT_CRAWLED.match(link):
                seen.add(path_only)
                queue.append(link)
    assert len(visited) > 5, f"the crawl reached only {visited}"
    assert problems == {}, "\n".join(f"{path}: {problem}" for path, problem in problems.items())
