"""Production settings pass Django's deployment checks with no warning."""

import os
import subprocess
import sys

from django.conf import settings

from core.signing_keys import new_ed25519_pem


def _environ():
    # The test run itself sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _production_env(**overrides) -> dict:
    return {
        **_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-prod-secret-for-the-check-only-" + "y" * 20,
        "ALLOWED_HOSTS": "govlearn.example.gov.cn",
        "PLATFORM_SIGNING_KEY": new_ed25519_pem(),
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        **overrides,
    }


def _check(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, result.stdout + result.stderr


def test_check_deploy_is_clean():
    result, output = _check(_production_env(), "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, output
    assert [line for line in output.splitlines() if ": (" in line] == [], output


def test_production_refuses_to_start_without_a_signing_key():
    # Each node would otherwise make a key of its own: certificates from one would fail on another.
    result, output = _check(_production_env(PLATFORM_SIGNING_KEY=""))
    assert result.returncode != 0
    assert "PLATFORM_SIGNING_KEY" in result.stderr, output


def test_deploy_check_warns_without_a_shared_cache():
    env = _production_env()
    del env["REDIS_URL"]
    result, output = _check(env, "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "core.W001" in output and "REDIS_URL" in output


def test_production_refuses_to_start_without_a_secret_key():
    env = {
        **_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
