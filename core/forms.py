"""Form fields with sane bounds, for every form that takes a date or a number from a browser.

Dates: DATE_MIN (1 January 1900) to DATE_MAX (31 December 2200). Nothing we record (a birth date,
a due date, a training day, a certificate's validity) lies outside that, and every date inside it
still has a next day, so `due + timedelta(days=1)` (the iCalendar feed) and year arithmetic never
overflow, and a twenty-digit year is refused with a message instead of reaching the database.

Integers: within a signed 32-bit column (what `IntegerField` is on PostgreSQL) unless a field says
tighter; PostgreSQL refuses more with DataError, SQLite with OverflowError.
"""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2200, 12, 31)
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1


def validate_date_in_range(value: dt.date) -> None:
    """Refuse a date before DATE_MIN or after DATE_MAX, naming the allowed range."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not DATE_MIN <= value <= DATE_MAX:
        raise forms.ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_out_of_range",
            params={"min": date_format(DATE_MIN), "max": date_format(DATE_MAX)},
        )


class BoundedDateField(forms.DateField):
    """A DateField that only accepts DATE_MIN..DATE_MAX (and says so in the user's language)."""

    default_validators = [validate_date_in_range]

    def __init__(self, **kwargs):
        widget = kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        widget.attrs.setdefault("min", DATE_MIN.isoformat())
        widget.attrs.setdefault("max", DATE_MAX.isoformat())
        super().__init__(**kwargs)

    def to_python(self, value):
        # A string of hundreds of digits makes strptime slow and int() refuse: it is no date.
        if isinstance(value, str) and len(value) > 64:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class BoundedIntegerField(forms.IntegerField):
    """An IntegerField that never lets a value outside a 32-bit column through."""

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        super().__init__(
            min_value=INT_MIN if min_value is None else min_value,
            max_value=INT_MAX if max_value is None else max_value,
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 32:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "INT_MAX",
    "INT_MIN",
    "BoundedDateField",
    "BoundedIntegerField",
    "MaxValueValidator",
    "MinValueValidator",
    "validate_date_in_range",
]
