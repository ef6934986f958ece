"""`manage.py check --deploy --fail-level WARNING` is clean on production settings whatever the
date: a year whose make-up workdays are unpublished is data for the admin, not a deploy issue."""

import os
import subprocess
import sys

from django.conf import settings

from core.signing_keys import new_ed25519_pem

# The check command run under a simulated clock (time-machine patches the process's time).
SCRIPT = """
import datetime as dt, sys
import time_machine
from django.core.management import execute_from_command_line
with time_machine.travel(dt.datetime.fromisoformat(sys.argv[1]), tick=False):
    execute_from_command_line(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
"""
DATES = [
    "2026-12-25T10:00+08:00",
    "2027-06-01T10:00+08:00",
    "2031-01-01T10:00+08:00",
    "2099-12-20T10:00+08:00",
]


def _production_env():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "p" * 20 + "-production-secret-for-the-check-" + "q" * 20,
        "ALLOWED_HOSTS": "govlearn.example.gov.cn",
        "PLATFORM_SIGNING_KEY": new_ed25519_pem(),
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }


def test_check_deploy_is_clean_on_production_settings_at_every_simulated_date():
    for moment in DATES:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, moment],
            cwd=settings.BASE_DIR,
            env=_production_env(),
            capture_output=True,
            text=True,
            timeout=180,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{moment}: {output}"
        assert "System check identified no issues" in output, f"{moment}: {output}"
