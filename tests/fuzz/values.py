"""Hostile values, as a fixed list every route gets (reproducible in CI) and as a Hypothesis
strategy that adds generated ones (text with any code point, huge and negative numbers, dates of
any year, long strings)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

#: Walked on every route, in this order: the kinds issue 12 names, one each at least.
FIXED = [
    "\x00",  # NUL: PostgreSQL refuses it in text with a DataError
    "a\x00b",
    "\x1b[31m\x07\x08",  # other control characters
    "\ud800",  # a lone surrogate (as a JSON "\ud800" decodes)
    "x" * 25_000,  # over-long
    "9" * 20,  # a number far past any column
    "99999999999999999999-01-01",  # a date with a twenty-digit year
    "9999-12-31",  # the last date Python has: no next day
    "0001-01-01",
    "-1",
    "²",  # a digit to str.isdigit() that int() refuses
    "1e309",
    "NaN",
    "../../etc/passwd",
    "%00%ff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202e\ufeff\u200b",  # direction override, BOM, zero-width space
    "😀" * 300,
    "",
]

_numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True)
).map(str)
_dates = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.integers(min_value=10**4, max_value=10**25).map(lambda year: f"{year}-12-31"),
)
_text = st.text(alphabet=st.characters(codec=None), max_size=40)

#: Generated values for the property-based part of the walk.
hostile = st.one_of(st.sampled_from(FIXED), _numbers, _dates, _text)
