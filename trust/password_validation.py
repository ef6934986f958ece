"""Password validators for the two policy profiles (PASSWORD_POLICY=asvs|mlps), and the recorder
that notices every password change, whatever path made it."""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

BREACHED_LIST = Path(__file__).resolve().parent / "data" / "breached-passwords.txt.gz"


@lru_cache(maxsize=1)
def _breached_passwords() -> frozenset[str]:
    words = set(CommonPasswordValidator().passwords)
    with gzip.open(BREACHED_LIST, "rt", encoding="utf-8") as handle:
        words.update(line.strip() for line in handle if line.strip())
    return frozenset(words)


class BreachedPasswordValidator:
    """Refuse passwords known from breaches (offline: Django's 20,000 most common passwords plus
    trust/data/breached-passwords.txt.gz, built from leaks of Chinese sites). No network call."""

    def validate(self, password, user=None):
        if password.lower().strip() in _breached_passwords():
            raise ValidationError(
                _(
                    "This password has appeared in data breaches and is easy to guess. "
                    "Please choose another."
                ),
                code="password_breached",
            )

    def get_help_text(self):
        return _("Your password must not be one that has appeared in known data breaches.")


class CharacterClassesValidator:
    """mlps: the password mixes at least `min_classes` of lower case, upper case, digits and
    symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                ngettext(
                    "Your password must mix at least %(count)d kind of character: lower-case "
                    "letters, upper-case letters, digits and symbols.",
                    "Your password must mix at least %(count)d kinds of characters: lower-case "
                    "letters, upper-case letters, digits and symbols.",
                    self.min_classes,
                )
                % {"count": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _(
            "Your password must mix at least %(count)d of: lower-case letters, upper-case "
            "letters, digits and symbols."
        ) % {"count": self.min_classes}


class PasswordChangeRecorder:
    """Validates nothing. Django calls `password_changed` after any saved password change (the
    account pages, a reset, the admin, `changepassword`), so this is the one place that records
    when it happened, ends the person's other sessions and writes the audit event."""

    def validate(self, password, user=None):
        return None

    def get_help_text(self):
        return ""

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .receivers import on_password_changed

        on_password_changed(user=user)
