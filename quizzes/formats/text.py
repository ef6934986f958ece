"""Small text helpers shared by the formats."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BREAKING_TAGS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _BREAKING_TAGS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(value: str) -> str:
    """Moodle stores most text as HTML; the bank keeps plain text (rendered escaped)."""
    if "<" not in value and "&" not in value:
        return value.strip()
    parser = _TextExtractor()
    parser.feed(value)
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def format_percent(fraction: float) -> str:
    """0.5 -> "50", 1/3 -> "33.33333", -1 -> "-100"."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parse_percent(text: str) -> float:
    """ "50" -> 0.5. Raises ValueError for anything that is not a number."""
    value = float(text.strip().rstrip("%"))
    if value != value:  # NaN
        raise ValueError(text)
    return round(value / 100, 7)


def regex_from_answer(text: str) -> str | None:
    """Answers written as /pattern/ are patterns (our convention in every format)."""
    if len(text) > 2 and text.startswith("/") and text.endswith("/"):
        return text[1:-1]
    return None
