"""Demo two-factor enrolment. The demo staff accounts (every account whose role requires MFA)
are enrolled in TOTP with the documented DEMO_TOTP_SECRET, so `make run` works at once: add the
secret to any authenticator app, or run `python manage.py demo_totp` for the current code."""

from django.conf import settings

from people.models import User
from trust.selectors import mfa_required_for, user_has_totp
from trust.services import mfa_totp_enrol


def seed_trust() -> list[str]:
    """Enrol every demo account that needs MFA; running it again changes nothing."""
    enrolled = []
    for user in User.objects.filter(is_active=True).order_by("username"):
        if mfa_required_for(user=user) and not user_has_totp(user=user):
            mfa_totp_enrol(user=user, secret=settings.DEMO_TOTP_SECRET)
            enrolled.append(user.username)
    return enrolled
