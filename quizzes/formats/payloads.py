"""Numerical and essay payloads as every format builds them, and the two small text syntaxes the
spreadsheet and the admin form share for what GIFT cannot carry.

Rubric, one criterion per line (or "|" between criteria in a spreadsheet cell)::

    论点: 缺失=0; 基本清楚=2; 清楚有力=4 | 论据: 没有=0; 充分=3

Units, one per line (or ";" between units in a spreadsheet cell), the first being the base unit::

    m = 1
    cm = 100

Readers always produce the full payload (every key present) so that a file read back from a
writer compares equal under base.content_key.
"""

from __future__ import annotations

import json
import math
import re

from ..models.bank import QuestionType

# Moodle's default unit penalty (qformat_xml import_numerical): a tenth of the mark.
DEFAULT_UNIT_PENALTY = 0.1

# A number as a question file writes it (Moodle's is_numeric, without hex or spaces inside).
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


class SyntaxProblem(ValueError):
    """A problem code and its parameters from one of the small syntaxes below."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def read_number(text: str) -> float | None:
    """A finite number written as a file writes it, else None ("1e3" yes, "1,5" and "nan" no)."""
    text = str(text).strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    """The shortest text that reads back as the same float: 5.0 -> "5", 0.1 -> "0.1"."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def numerical_payload(
    answers: list[dict],
    *,
    units: list[dict] | None = None,
    unit_handling: str | None = None,
    unit_penalty: float = DEFAULT_UNIT_PENALTY,
) -> dict:
    """The full numerical payload."""
    units = list(units or [])
    return {
        "answers": [
            {
                "value": answer["value"],
                "tolerance": answer.get("tolerance", 0.0),
                "fraction": answer.get("fraction", 1.0),
                "feedback": answer.get("feedback", ""),
            }
            for answer in answers
        ],
        "units": units,
        "unit_handling": unit_handling or "none",
        "unit_penalty": unit_penalty,
    }


def essay_payload(
    *,
    material: str = "",
    word_limit: int = 0,
    allow_file: bool = False,
    rubric: list[dict] | None = None,
    marker_guide: str = "",
) -> dict:
    """The full essay payload."""
    return {
        "material": material,
        "word_limit": word_limit,
        "allow_file": allow_file,
        "rubric": list(rubric or []),
        "marker_guide": marker_guide,
    }


def complete_payload(qtype: str, payload: dict) -> dict:
    """A numerical or essay payload with every key a reader would fill in, so a payload written
    with fewer keys compares equal to the same content read back from a file."""
    if qtype == QuestionType.NUMERICAL:
        answers = payload.get("answers")
        # A missing unit handling means "none" (quizzes.scoring reads it so).
        full = {**numerical_payload([]), **payload}
        full["unit_handling"] = payload.get("unit_handling") or "none"
        if isinstance(answers, list) and all(isinstance(a, dict) for a in answers):
            full["answers"] = [
                {"tolerance": 0.0, "fraction": 1.0, "feedback": "", **answer} for answer in answers
            ]
        return full
    if qtype == QuestionType.ESSAY:
        return {**essay_payload(), **payload}
    return payload


# --- rubric text -----------------------------------------------------------------------------------

_CRITERION_SEPARATOR = re.compile(r"[|\n]")
_LEVEL_SEPARATOR = re.compile(r"[;；]")


def parse_rubric(text: str) -> list[dict]:
    """Read the rubric syntax into criteria without ids (the bank gives them). Raises
    SyntaxProblem("rubric_syntax", part=...) for a part it cannot read."""
    rubric = []
    for part in _CRITERION_SEPARATOR.split(text):
        part = part.strip()
        if not part:
            continue
        name, colon, rest = part.replace("：", ":").partition(":")
        if not colon or not name.strip() or not rest.strip():
            raise SyntaxProblem("rubric_syntax", part=part)
        levels = []
        for level in _LEVEL_SEPARATOR.split(rest):
            level = level.strip()
            if not level:
                continue
            label, equals, points = level.replace("＝", "=").rpartition("=")
            value = read_number(points)
            if not equals or not label.strip() or value is None:
                raise SyntaxProblem("rubric_syntax", part=level)
            levels.append({"label": label.strip(), "points": value})
        rubric.append({"criterion": name.strip(), "levels": levels})
    return rubric


def _rubric_text_is_safe(rubric: list[dict]) -> bool:
    """Whether every criterion and label survives the syntax (no separator inside)."""
    for criterion in rubric:
        if (
            re.search(r"[:：|\n]", criterion["criterion"])
            or criterion["criterion"].strip() != (criterion["criterion"])
        ):
            return False
        for level in criterion["levels"]:
            if (
                re.search(r"[;；=＝|\n]", level["label"])
                or level["label"].strip() != level["label"]
            ):
                return False
    return True


def format_rubric(rubric: list[dict], separator: str = "\n") -> tuple[str, bool]:
    """The rubric in its syntax, and whether it reads back unchanged (ids aside)."""
    lines = [
        f"{criterion['criterion']}: "
        + "; ".join(
            f"{level['label']}={format_number(level['points'])}" for level in criterion["levels"]
        )
        for criterion in rubric
    ]
    text = separator.join(lines)
    return text, _rubric_text_is_safe(rubric)


# --- units text -----------------------------------------------------------------------------------

_UNIT_SEPARATOR = re.compile(r"[;；\n]")


def parse_units(text: str) -> list[dict]:
    """Read "unit = multiplier" parts; a unit without a multiplier has 1 if it comes first.
    Raises SyntaxProblem("unit_syntax", part=...) for a part it cannot read."""
    units = []
    for part in _UNIT_SEPARATOR.split(text):
        part = part.strip()
        if not part:
            continue
        name, equals, multiplier = part.replace("＝", "=").rpartition("=")
        if not equals:
            name, multiplier = part, "1" if not units else ""
        value = read_number(multiplier)
        if not name.strip() or value is None:
            raise SyntaxProblem("unit_syntax", part=part)
        units.append({"unit": name.strip(), "multiplier": value})
    return units


def format_units(units: list[dict], separator: str = "\n") -> str:
    return separator.join(f"{u['unit']} = {format_number(u['multiplier'])}" for u in units)


# --- GovLearn extras carried as JSON (GIFT comments, Moodle XML extra element) --------------------

EXTRA_KEYS = {
    QuestionType.NUMERICAL: ("units", "unit_handling", "unit_penalty"),
    QuestionType.ESSAY: ("material", "word_limit", "allow_file", "rubric", "marker_guide"),
}


def extras_of(qtype: str, payload: dict) -> dict:
    """What of a payload a format without room for it carries in a GovLearn comment: the keys
    whose value is not what a reader assumes when the comment is absent."""
    defaults = numerical_payload([]) if qtype == QuestionType.NUMERICAL else essay_payload()
    return {
        key: payload[key]
        for key in EXTRA_KEYS.get(qtype, ())
        if key in payload and payload[key] != defaults.get(key)
    }


def _clean_rubric(value) -> list[dict]:
    if not isinstance(value, list):
        raise SyntaxProblem("bad_extras")
    rubric = []
    for criterion in value:
        if not isinstance(criterion, dict) or not isinstance(criterion.get("levels"), list):
            raise SyntaxProblem("bad_extras")
        levels = []
        for level in criterion["levels"]:
            if not isinstance(level, dict) or isinstance(level.get("points"), bool):
                raise SyntaxProblem("bad_extras")
            if not isinstance(level.get("points"), int | float):
                raise SyntaxProblem("bad_extras")
            levels.append(
                {
                    **({"id": str(level["id"])} if level.get("id") else {}),
                    "label": str(level.get("label", "")),
                    "points": level["points"],
                }
            )
        rubric.append(
            {
                **({"id": str(criterion["id"])} if criterion.get("id") else {}),
                "criterion": str(criterion.get("criterion", "")),
                "levels": levels,
            }
        )
    return rubric


def _clean_units(value) -> list[dict]:
    if not isinstance(value, list) or not all(
        isinstance(u, dict)
        and isinstance(u.get("multiplier"), int | float)
        and not isinstance(u.get("multiplier"), bool)
        for u in value
    ):
        raise SyntaxProblem("bad_extras")
    return [{"unit": str(u.get("unit", "")), "multiplier": u["multiplier"]} for u in value]


def read_extras(qtype: str, text: str) -> dict:
    """The extras a GovLearn comment or element carries, shape-checked so validation can trust
    them. Raises SyntaxProblem("bad_extras") when the JSON is broken or has the wrong shape."""
    try:
        value = json.loads(text)
    except ValueError as error:
        raise SyntaxProblem("bad_extras") from error
    if not isinstance(value, dict):
        raise SyntaxProblem("bad_extras")
    cleaned: dict = {}
    for key in EXTRA_KEYS.get(qtype, ()):
        if key not in value:
            continue
        item = value[key]
        if key == "rubric":
            cleaned[key] = _clean_rubric(item)
        elif key == "units":
            cleaned[key] = _clean_units(item)
        elif key in ("material", "marker_guide", "unit_handling"):
            if not isinstance(item, str):
                raise SyntaxProblem("bad_extras")
            cleaned[key] = item
        elif key == "allow_file":
            if not isinstance(item, bool):
                raise SyntaxProblem("bad_extras")
            cleaned[key] = item
        else:  # word_limit (int) and unit_penalty (number); validate_question checks the range
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise SyntaxProblem("bad_extras")
            cleaned[key] = item
    return cleaned


def write_extras(qtype: str, payload: dict) -> str:
    """The extras as one line of JSON (Chinese kept readable); "" when there are none."""
    extras = extras_of(qtype, payload)
    return json.dumps(extras, ensure_ascii=False, separators=(", ", ": ")) if extras else ""


def text_with_material(text: str, material: str) -> str:
    """What a Moodle learner should read: the prompt, then the case material."""
    return f"{text}\n\n{material}" if material else text


def text_without_material(text: str, material: str) -> str:
    """Undo text_with_material when the file carries the material separately too."""
    suffix = f"\n\n{material.strip()}"
    if material.strip() and text.rstrip().endswith(suffix):
        return text.rstrip()[: -len(suffix)]
    return text
