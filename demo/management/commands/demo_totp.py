"""python manage.py demo_totp — the current two-factor code of the demo staff accounts.

Only for the documented demo secret (DEMO_TOTP_SECRET), which `make run` prints: it reads no
person's real authenticator."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand


def demo_totp_code(at: float | None = None) -> str:
    counter = int((at if at is not None else time.time()) // 30)
    return format_hotp_value(hotp_value(settings.DEMO_TOTP_SECRET, counter))


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts (DEMO_TOTP_SECRET)."

    def handle(self, *args, **options):
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(f"{demo_totp_code()}  (valid for {remaining} more seconds)")
