"""Scoring and response checking for every question type. Pure functions of a question version's
`qtype` and `payload` and a learner's response, so a score can always be recomputed from what is
stored.

Responses, by type:
- single, true_false: {"choice": option_id}
- multiple: {"choices": [option_id, ...]}
- fill_in: {"text": "..."}
- matching: {"matches": {"0": right_text, "1": right_text, ...}} (keys are pair indexes)
- numerical: {"text": "1.5 km"} (what was typed; read by `read_number`)
- essay: {"text": "...", "file": "<private storage name>", "file_name": "<the learner's name>"}
  (scored by a marker, never here; "file" and "file_name" are set by the server only)

Scores are Moodle-style fractions of the question's points, floored at 0 and capped at 1.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models.bank import MARKED_TYPES, QuestionType

MAX_TEXT_RESPONSE = 500
# An essay or case analysis: room for a long considered answer, not for a pasted document.
MAX_ESSAY_RESPONSE = 20_000
FOUR_PLACES = Decimal("0.0001")


def normalise_text(value: str) -> str:
    """Full-width characters become half-width (Chinese keyboards), runs of spaces become one."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _choice_fraction(payload: dict, response: dict) -> float:
    fractions = {option["id"]: float(option["fraction"]) for option in payload["options"]}
    return _clamp(fractions.get(response.get("choice"), 0.0))


def _multiple_fraction(payload: dict, response: dict) -> float:
    """Right picks add their fraction; wrong picks subtract their own negative fraction or, when the
    author gave none, one correct option's share, so ticking every box never earns credit."""
    options = {option["id"]: float(option["fraction"]) for option in payload["options"]}
    right = [value for value in options.values() if value > 0]
    default_penalty = 1.0 / len(right) if right else 1.0
    total = 0.0
    for choice in set(response.get("choices", [])):
        fraction = options.get(choice)
        if fraction is None:
            continue
        if fraction > 0:
            total += fraction
        else:
            total -= -fraction if fraction < 0 else default_penalty
    return _clamp(total)


def fill_in_matches(answer: dict, text: str, case_sensitive: bool) -> bool:
    """Does `text` (already normalised) match one accepted answer (exact text or a pattern)?"""
    flags = 0 if case_sensitive else re.IGNORECASE
    if answer.get("regex"):
        try:
            return re.fullmatch(answer["text"], text, flags) is not None
        except re.error:
            return False
    expected = normalise_text(answer["text"])
    if case_sensitive:
        return expected == text
    return expected.casefold() == text.casefold()


def _fill_in_fraction(payload: dict, response: dict) -> float:
    text = normalise_text(str(response.get("text", "")))
    if not text:
        return 0.0
    case_sensitive = bool(payload.get("case_sensitive"))
    best = 0.0
    for answer in payload["answers"]:
        if fill_in_matches(answer, text, case_sensitive):
            best = max(best, float(answer["fraction"]))
    return _clamp(best)


def _matching_fraction(payload: dict, response: dict) -> float:
    pairs = payload["pairs"]
    if not pairs:
        return 0.0
    matches = response.get("matches", {})
    right = sum(1 for index, pair in enumerate(pairs) if matches.get(str(index)) == pair["right"])
    return right / len(pairs)


# A number as people type it: sign, digits with an optional decimal point (a comma is read as one,
# as on many keyboards), an optional exponent; then whatever follows is the unit.
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


def read_number(text: str) -> tuple[float, str] | None:
    """(number, unit) from what a learner typed, full-width characters folded first; None when
    it does not start with a number."""
    match = _NUMBER.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    try:
        value = float(match.group(1).replace(",", "."))
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value, match.group(2)


def _unit_multiplier(payload: dict, unit: str) -> float | None:
    """The multiplier of the unit the learner wrote; None when the question has no such unit."""
    units = payload.get("units") or []
    if not unit:
        return None
    folded = unit.casefold()
    for known in units:
        if known["unit"] == unit:
            return float(known["multiplier"])
    for known in units:
        if known["unit"].casefold() == folded:
            return float(known["multiplier"])
    return None


def numerical_fraction(payload: dict, value: float, unit: str) -> float:
    """The share a number (with the unit written after it) earns, unit penalty included."""
    handling = payload.get("unit_handling") or "none"
    penalty = 0.0
    multiplier = 1.0
    if handling != "none" and payload.get("units"):
        known = _unit_multiplier(payload, unit)
        if known is not None and known != 0:
            multiplier = known
        elif handling == "required" or unit:
            # Required and missing, or a unit the question does not know: read in the base unit
            # and lose the penalty (Moodle's "unit graded" rule).
            penalty = float(payload.get("unit_penalty") or 0)
    base = value / multiplier
    best = 0.0
    for answer in payload.get("answers", []):
        tolerance = abs(float(answer.get("tolerance") or 0))
        target = float(answer["value"])
        # A relative slack of 1e-9 so 0.1 + 0.2 is 0.3 whatever the float rounding did.
        slack = tolerance + abs(target) * 1e-9 + 1e-12
        if abs(base - target) <= slack:
            best = max(best, float(answer["fraction"]))
    return _clamp(best - penalty) if best > 0 else 0.0


def _numerical_fraction(payload: dict, response: dict) -> float:
    read = read_number(str(response.get("text", "")))
    if read is None:
        return 0.0
    return numerical_fraction(payload, *read)


def _marked_fraction(payload: dict, response: dict) -> float:
    """An essay earns nothing until an expert marks it (quizzes.marking records the share)."""
    return 0.0


def needs_marking(qtype: str, response: dict | None) -> bool:
    """Does this answer wait for an expert? A blank essay does not: it earns nothing."""
    return qtype in MARKED_TYPES and bool(response)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def word_count(text: str) -> int:
    """Words as a reader counts them: each Chinese character is one (as 字数), and each run of
    other letters or digits between spaces or punctuation is one."""
    text = unicodedata.normalize("NFKC", text)
    characters = len(_CJK.findall(text))
    rest = _CJK.sub(" ", text)
    return characters + len(re.findall(r"[^\W_]+(?:['’.-][^\W_]+)*", rest))


_FRACTIONS = {
    QuestionType.SINGLE: _choice_fraction,
    QuestionType.TRUE_FALSE: _choice_fraction,
    QuestionType.MULTIPLE: _multiple_fraction,
    QuestionType.FILL_IN: _fill_in_fraction,
    QuestionType.MATCHING: _matching_fraction,
    QuestionType.NUMERICAL: _numerical_fraction,
    QuestionType.ESSAY: _marked_fraction,
}


def response_fraction(*, qtype: str, payload: dict, response: dict | None) -> Decimal:
    """The share of the points (0 to 1, four decimal places) a response earns."""
    if not response:
        return Decimal(0)
    value = _FRACTIONS[qtype](payload, response)
    return Decimal(str(value)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def response_score(*, qtype: str, payload: dict, response: dict | None, points: Decimal) -> Decimal:
    """Points earned by a response: fraction × points, to four decimal places."""
    fraction = response_fraction(qtype=qtype, payload=payload, response=response)
    return (fraction * Decimal(points)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def matching_choices(payload: dict) -> list[str]:
    """Every right-hand text a learner can pick from (pairs and distractors, each once)."""
    seen: dict[str, None] = {}
    for pair in payload.get("pairs", []):
        seen.setdefault(pair["right"], None)
    for extra in payload.get("distractors", []):
        seen.setdefault(extra, None)
    return list(seen)


def clean_response(*, qtype: str, payload: dict, response) -> dict | None:
    """Check a submitted response against the question and return it in canonical form.

    An empty response (nothing chosen, blank text) becomes None: the learner cleared the answer.
    Raises ValidationError with a whole-sentence message when the response cannot belong to this
    question (an unknown option, a wrong shape)."""
    invalid = ValidationError(_("This answer does not fit the question; reload the page."))
    if response in (None, "", {}):
        return None
    if not isinstance(response, dict):
        raise invalid
    if qtype in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        choice = response.get("choice")
        if choice in (None, ""):
            return None
        if choice not in {option["id"] for option in payload["options"]}:
            raise invalid
        return {"choice": choice}
    if qtype == QuestionType.MULTIPLE:
        choices = response.get("choices", [])
        if not isinstance(choices, list):
            raise invalid
        known = {option["id"] for option in payload["options"]}
        if any(choice not in known for choice in choices):
            raise invalid
        ordered = [option["id"] for option in payload["options"] if option["id"] in choices]
        return {"choices": ordered} if ordered else None
    if qtype == QuestionType.FILL_IN:
        text = response.get("text", "")
        if not isinstance(text, str):
            raise invalid
        if len(text) > MAX_TEXT_RESPONSE:
            raise ValidationError(
                _("An answer can be at most %(max)s characters long.") % {"max": MAX_TEXT_RESPONSE}
            )
        return {"text": text} if text.strip() else None
    if qtype == QuestionType.MATCHING:
        matches = response.get("matches", {})
        if not isinstance(matches, dict):
            raise invalid
        allowed = set(matching_choices(payload))
        count = len(payload["pairs"])
        cleaned = {}
        for key, value in matches.items():
            if value in (None, ""):
                continue
            if not str(key).isdigit() or int(key) >= count or value not in allowed:
                raise invalid
            cleaned[str(int(key))] = value
        return {"matches": cleaned} if cleaned else None
    if qtype == QuestionType.NUMERICAL:
        text = response.get("text", "")
        if not isinstance(text, str):
            raise invalid
        if len(text) > MAX_TEXT_RESPONSE:
            raise ValidationError(
                _("An answer can be at most %(max)s characters long.") % {"max": MAX_TEXT_RESPONSE}
            )
        if not text.strip():
            return None
        if read_number(text) is None:
            raise ValidationError(_("Write a number, for example 12.5 or 3e6, then any unit."))
        return {"text": text.strip()}
    if qtype == QuestionType.ESSAY:
        return clean_essay_response(payload, response)
    raise invalid


def clean_essay_response(payload: dict, response: dict) -> dict | None:
    """An essay's text (within the question's word limit) and, when the question allows one, the
    private name of the file the learner attached (set by the upload view, never by the client:
    the caller passes only a name it stored itself)."""
    invalid = ValidationError(_("This answer does not fit the question; reload the page."))
    text = response.get("text", "")
    file_name = response.get("file") or ""
    if not isinstance(text, str) or not isinstance(file_name, str):
        raise invalid
    if file_name and not payload.get("allow_file"):
        raise invalid
    if len(text) > MAX_ESSAY_RESPONSE:
        raise ValidationError(
            _("An answer can be at most %(max)s characters long.") % {"max": MAX_ESSAY_RESPONSE}
        )
    limit = int(payload.get("word_limit") or 0)
    if limit:
        words = word_count(text)
        if words > limit:
            raise ValidationError(
                _(
                    "This answer has %(words)s words; the limit is %(limit)s. Shorten it and save again."
                )
                % {"words": words, "limit": limit}
            )
    cleaned = {}
    if text.strip():
        cleaned["text"] = text
    if file_name:
        cleaned["file"] = file_name
        # The learner's own name for the file, for the page and the download (never a path).
        shown = response.get("file_name")
        if isinstance(shown, str) and shown:
            cleaned["file_name"] = shown[:150]
    return cleaned or None


def keep_stored_file(*, qtype: str, response, stored: dict | None):
    """An essay response from a form, with the file the server stored for it: a post carries only
    the text, so saving the text keeps the file, and no client can name a stored file."""
    if qtype != QuestionType.ESSAY or not isinstance(response, dict):
        return response
    kept = {key: value for key, value in response.items() if key not in ("file", "file_name")}
    for key in ("file", "file_name"):
        if stored and stored.get(key):
            kept[key] = stored[key]
    return kept
