"""The certificate's printed URL and QR code name the address the site really serves: `make run`
exports its PORT to the settings, whose default base URL uses it; a configured PUBLIC_BASE_URL
always wins."""

import os
import subprocess
import sys
from pathlib import Path

from certificates.qr import public_base_url, verification_url

ROOT = Path(__file__).resolve().parents[2]


def _settings_with(**environ) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PORT", "PUBLIC_BASE_URL"}}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    env.update(environ)
    code = (
        "import config.settings.base as s; print(s.WAGTAILADMIN_BASE_URL); print(s.PUBLIC_BASE_URL)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return out[0], out[1]


def test_default_base_url_uses_the_port_the_server_runs_on():
    assert _settings_with(PORT="8081")[0] == "http://127.0.0.1:8081"


def test_default_base_url_without_a_port_is_the_default_port():
    assert _settings_with()[0] == "http://127.0.0.1:8000"


def test_a_configured_base_url_wins_over_the_port():
    base, public = _settings_with(
        PORT="8081",
        WAGTAILADMIN_BASE_URL="https://admin.example.gov.cn",
        PUBLIC_BASE_URL="https://learn.example.gov.cn",
    )
    assert base == "https://admin.example.gov.cn"
    assert public == "https://learn.example.gov.cn"


def test_make_run_exports_its_port_to_the_settings():
    """The recipe environment of `make` (runserver's too) carries PORT, default or given."""
    env = {k: v for k, v in os.environ.items() if k != "PORT"}
    probe = ["make", "-s", "--no-print-directory", '--eval=_port: ; @echo "$$PORT"', "_port"]
    default = subprocess.run(probe, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    given = subprocess.run(
        [*probe, "PORT=8082"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert default.stdout.strip() == "8000"
    assert given.stdout.strip() == "8082"


def test_certificate_url_uses_public_base_url_when_configured(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8081"
    settings.PUBLIC_BASE_URL = "https://learn.example.gov.cn/"
    assert public_base_url() == "https://learn.example.gov.cn"
    assert verification_url("abc").startswith("https://learn.example.gov.cn/certificates/")


def test_certificate_url_falls_back_to_the_served_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8081"
    settings.PUBLIC_BASE_URL = ""
    assert verification_url("abc").startswith("http://127.0.0.1:8081/")
