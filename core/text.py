"""What counts as hostile text, decided once for every layer that checks input (the request
middleware, form fields, imports).

Refused: NUL and the other C0 control characters except tab, line feed and carriage return (which
a pasted paragraph legitimately holds), DEL, the C1 controls, and lone UTF-16 surrogates (a JSON
`"\\ud800"` decodes to one; PostgreSQL and UTF-8 encoders refuse them, SQLite stores garbage).
"""

import re

from django.utils.translation import gettext_lazy as _

# One character class, so a check is a single regex search over the value.
_HOSTILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

#: The longest single value (one query parameter, one form field, one JSON string) we accept.
#: Longer than any text a person types into our forms (the longest, a question to an expert or an
#: answer, is capped far below this by its form); a value past it is an attack or a mistake.
MAX_VALUE_LENGTH = 20_000

#: The same under the Wagtail admin, where one field carries a whole editorial block (a lesson's
#: rich text travels as Draftail JSON, several times the length of its words). Still bounded, and
#: the whole body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_ADMIN_VALUE_LENGTH = 2_000_000

#: The longest path we route: our deepest URL is well under 300 characters.
MAX_PATH_LENGTH = 2_000

HOSTILE_TEXT_MESSAGE = _(
    "The request contains characters that are not allowed (control characters or invalid text). "
    "Please remove them and try again."
)
TOO_LONG_MESSAGE = _("A value in the request is too long. Please shorten it and try again.")
UNDECODABLE_MESSAGE = _("The request is not valid UTF-8 text. Please check what was sent.")


def has_hostile_characters(value: str) -> bool:
    """True when `value` holds a control character or a lone surrogate (see the module doc)."""
    return _HOSTILE.search(value) is not None


def is_valid_utf8(raw: bytes) -> bool:
    """True when `raw` decodes as strict UTF-8 (no undecodable bytes)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def parse_int(value, *, default=None, min_value: int = 0, max_value: int = 2**31 - 1):
    """`value` (a query or form string) as an int within [min_value, max_value], else `default`.

    Safer than `value.isdigit() and int(value)`: "²" is a digit to isdigit() that int() refuses
    (a 500), and a 5,000-digit number is too long for int() and too large for any column."""
    if not isinstance(value, str):
        return default
    value = value.strip()
    if not value or len(value) > 20 or not value.lstrip("-").isdecimal():
        return default
    number = int(value)
    return number if min_value <= number <= max_value else default
