"""Browser fixtures: real Chromium (Debian's /usr/bin/chromium) driven by Playwright against
pytest-django's live server, plus an axe-core accessibility check.

Use them in any test module under tests/e2e/:

    pytestmark = pytest.mark.browser

    def test_something(page, live_demo, live_server):
        login(page, live_server, "learner1", settings.DEMO_PASSWORD)
        assert_accessible(page)

`page` is a desktop tab (1280x900), `mobile_page` a phone tab (360x740); `new_page(width=...,
height=...)` opens a tab of any size. `live_demo` loads the demo data into the live server's database.
"""

import importlib.util
import os
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 360, "height": 740}
# WCAG 2.1 level A and AA, the bar in DESIGN.md; axe's "best-practice" rules are not part of it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# Long enough for a cold Chromium on a busy CI machine, short enough that a hang fails quickly.
TIMEOUT_MS = 15_000


def _missing_prerequisites() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (Debian package 'chromium'; `make system-deps` installs it)")
    if not AXE_SCRIPT.exists():
        missing.append(f"{AXE_SCRIPT} (`make node-deps` installs it)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the Python package playwright (`make install` installs it)")
    return missing


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run. Skips loudly when it cannot start, but fails in CI (CI=true),
    where nothing may be skipped."""
    missing = _missing_prerequisites()
    if missing:
        reason = "BROWSER TESTS NOT RUN — missing: " + "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI=true: browser tests must run in CI)", pytrace=False)
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser) -> Iterator:
    """Factory: `new_page(width=360, height=740)` opens a tab in a fresh context (no cookies shared
    with other tabs). Everything it opened is closed when the test ends."""
    contexts = []

    def open_page(*, width: int = DESKTOP["width"], height: int = DESKTOP["height"]):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop tab, 1280x900."""
    return new_page(**DESKTOP)


@pytest.fixture
def mobile_page(new_page):
    """A phone tab, 360x740: the narrowest screen the site must work on."""
    return new_page(**MOBILE)


@pytest.fixture
def live_demo(live_server, transactional_db):
    """The demo data set in the live server's database; returns the live server.

    The live server needs a transactional database, which is emptied after each test and given
    back what migrations created (tests/conftest.py), so seed_demo finds the tree it builds on.
    """
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    return live_server


def staff_code() -> str:
    """The demo staff accounts' two-factor code, safe to submit now: never from
    the last seconds of its 30-second window, where it could expire on the way to the server."""
    import time

    from demo.management.commands.demo_totp import demo_totp_code

    while 30 - time.time() % 30 < 5:
        time.sleep(0.5)
    return demo_totp_code()


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the real login form and wait for the page it lands on."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if page.locator("#id_password").count():
        errors = page.locator(".form-errors").all_inner_texts()
        pytest.fail(f"Logging in as {username!r} failed; the form says: {errors}", pytrace=False)


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.1 A/AA) on the current page; fail listing every serious or critical
    violation with the elements it was found on."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: our Content Security Policy
        # (script-src 'self') rightly blocks inline scripts, and the check must not loosen it.
        # @axe-core/playwright injects axe the same way.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [
            f"axe found {len(blocking)} serious/critical WCAG 2.1 A/AA violation(s) on {page.url}:"
        ]
        for violation in blocking:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                lines.append(f"    at {target} — {summary}")
        pytest.fail("\n".join(lines), pytrace=False)
