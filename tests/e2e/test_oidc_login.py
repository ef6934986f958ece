"""Single sign-on through a real OpenID Connect provider: panva's oidc-provider (OpenID
Certified) started by the test as its own process on 127.0.0.1, driven in real Chromium. The
first SSO login links to the existing person by employee number; nobody is duplicated; a person
the platform does not know is refused, not created."""

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.browser

PROVIDER_SCRIPT = Path(__file__).parent / "oidc" / "provider.mjs"
NODE_MODULE = Path(settings.BASE_DIR) / "node_modules" / "oidc-provider"
CLIENT_ID = "govlearn-e2e"
CLIENT_SECRET = "e2e-only-secret"
ACCOUNTS = {
    # Employee number of the demo learner 张伟 (learner1, demo/people.py); a different e-mail
    # address than the platform's, so only the employee number can link them.
    "gov-0001": {
        "employee_number": "L0001",
        "name": "张伟",
        "email": "zhang.wei@idp.gov.example",
        "email_verified": True,
        "preferred_username": "zhangwei",
    },
    "gov-9999": {
        "employee_number": "X9999",
        "name": "陌生人",
        "email": "stranger@idp.gov.example",
        "email_verified": False,
    },
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def identity_provider(live_demo, settings):
    """Start the provider for this live server and point GovLearn's SSO settings at it."""
    if not NODE_MODULE.exists():
        message = f"SSO TEST NOT RUN — {NODE_MODULE} missing (`make node-deps` installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URI": f"{live_demo.url}/accounts/oidc/gov/login/callback/",
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
    }
    process = subprocess.Popen(
        ["node", str(PROVIDER_SCRIPT)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration") as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read() if process.stdout else ""
                    pytest.fail(f"oidc-provider did not start: {output}", pytrace=False)
                time.sleep(0.2)
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "gov",
                        "name": "政务统一身份认证",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {"server_url": issuer, "scope": ["openid", "profile", "email"]},
                    }
                ],
            }
        }
        policy = settings.CONTENT_SECURITY_POLICY
        directives = dict(policy["DIRECTIVES"])
        directives["form-action"] = [*directives["form-action"], issuer]
        settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def sso_login(page, base: str, account: str) -> None:
    # Land on the account page: it belongs to trust, so this test does not depend on other pages.
    page.goto(f"{base}/accounts/login/?next=/accounts/security/")
    button = page.locator(".sso button[type=submit]")
    expect(button).to_contain_text("政务统一身份认证")
    assert_accessible(page)
    with page.expect_navigation():
        button.click()
    # The identity provider's own login page (its development interaction) — unless the browser
    # still has a session there, in which case it sends us straight back, as real SSO does.
    page.wait_for_url(lambda url: url.startswith(base) or "/interaction/" in url)
    if "/interaction/" in page.url:
        page.fill("input[name=login]", account)
        page.fill("input[name=password]", "any password: the provider checks none in this test")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/**")


def test_first_sso_login_links_the_existing_person_and_never_duplicates(
    page, identity_provider, live_demo
):
    from allauth.socialaccount.models import SocialAccount

    from people.models import User
    from trust.models import AuditAction, AuditEvent

    base = live_demo.url
    people_before = User.objects.count()

    sso_login(page, base, "gov-0001")
    expect(page).to_have_url(f"{base}/accounts/security/")
    expect(page.locator(".site-header .who")).to_have_text("张伟")
    link = SocialAccount.objects.get(uid="gov-0001")
    assert link.user.username == "learner1" and link.provider == "gov"
    assert User.objects.count() == people_before
    assert AuditEvent.objects.filter(action=AuditAction.SSO_LINKED, actor=link.user).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=link.user).exists()

    page.click(".account-menu summary")  # Log out sits in the account menu (templates/base.html)
    page.click(".site-tools button[type=submit]")
    expect(page.locator(".site-header .who")).to_have_count(0)
    sso_login(page, base, "gov-0001")
    expect(page.locator(".site-header .who")).to_have_text("张伟")
    assert SocialAccount.objects.filter(user__username="learner1").count() == 1
    assert User.objects.count() == people_before
    assert AuditEvent.objects.filter(action=AuditAction.SSO_LINKED).count() == 1


def test_sso_for_a_person_the_platform_does_not_know_is_refused_not_created(
    page, identity_provider, live_demo
):
    from allauth.socialaccount.models import SocialAccount

    from people.models import User
    from trust.models import AuditAction, AuditEvent

    people_before = User.objects.count()
    sso_login(page, live_demo.url, "gov-9999")
    # The callback is served in Chinese (no /en/ prefix): compare with the translated texts.
    with translation.override("zh-hans"):
        heading = gettext("Single sign-on refused")
        message = gettext(
            "No GovLearn account matches your identity (employee number or verified e-mail "
            "address). Please ask a platform administrator to add you; no new account was "
            "created."
        )
    expect(page.locator("main h1")).to_have_text(heading)
    expect(page.locator(".form-errors")).to_have_text(message)
    assert_accessible(page)
    assert User.objects.count() == people_before
    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.SSO_REFUSED).exists()


def test_no_sso_button_when_no_provider_is_configured(page, live_demo):
    page.goto(f"{live_demo.url}/accounts/login/")
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator(".sso")).to_have_count(0)
