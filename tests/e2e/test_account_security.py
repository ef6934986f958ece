"""In real Chromium: a demo staff member logs in with password and two-factor code and works in
the Wagtail admin without a single Content-Security-Policy violation; the account pages (two-factor,
sessions, personal data, password) are in the site shell and axe-clean."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, login, staff_code

pytestmark = pytest.mark.browser


def collect_csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_staff_log_in_with_a_code_and_use_the_admin_under_the_csp(page, live_demo):

    base = live_demo.url
    violations = collect_csp_violations(page)
    login(page, live_demo, "expert1", settings.DEMO_PASSWORD)
    expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")
    assert_accessible(page)
    page.fill("input[name=code]", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator(".site-header .who")).to_have_text("陈思远")
    page.goto(f"{base}/admin/")
    expect(page.locator("body")).to_contain_text("陈思远")
    page.goto(f"{base}/admin/pages/")
    expect(page.locator("main, #main").first).to_be_visible()
    assert violations == [], "\n".join(violations)


def test_account_pages_are_in_the_site_shell_and_accessible(page, live_demo):
    base = live_demo.url
    violations = collect_csp_violations(page)
    login(page, live_demo, "learner1", settings.DEMO_PASSWORD)
    for path, heading in [
        ("/accounts/security/", "My account"),
        ("/accounts/security/sessions/", "Where I am logged in"),
        ("/accounts/my-data/", "My personal data"),
        ("/accounts/2fa/", None),
        ("/accounts/password/change/", None),
    ]:
        response = page.goto(f"{base}/en{path}")
        assert response.status == 200, path
        expect(page.locator(".site-header .brand")).to_be_visible()
        if heading:
            expect(page.locator("main h1")).to_have_text(heading)
        assert_accessible(page)
    assert violations == [], "\n".join(violations)


def test_the_enrolment_page_shows_a_qr_code_and_the_secret(page, live_demo):
    base = live_demo.url
    login(page, live_demo, "learner1", settings.DEMO_PASSWORD)
    page.goto(f"{base}/en/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        page.fill("input[name=password]", settings.DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{base}/en/accounts/2fa/totp/activate/")
    expect(page.locator("main img").first).to_be_visible()
    assert_accessible(page)
