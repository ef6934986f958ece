"""What every question format reads into and writes from, and the problems an import can report.

Problems are codes with parameters, never sentences, so a stored report is shown in whichever
language its reader uses (the house pattern from people.import_sheet)."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.sheet_reader import SHEET_PROBLEM_CODES, describe_sheet_problem

from ..models.bank import (
    MAX_OPTIONS,
    OPTION_TEXT_MAX_LENGTH,
    QUESTION_TEXT_MAX_LENGTH,
    Difficulty,
    Language,
    QuestionType,
)
from .payloads import complete_payload

NAME_LENGTH = 255


@dataclass
class Problem:
    """One thing wrong with a file. `line` is the line (GIFT, XML) or row (XLSX) where it is."""

    code: str
    line: int | None = None
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "line": self.line, "params": self.params}


@dataclass
class QuestionData:
    """A question as a file carries it, before it is matched to the bank."""

    qtype: str
    text: str
    payload: dict
    name: str = ""
    explanation: str = ""
    category: str = ""
    competence: str = ""  # competence code, e.g. "6.2"
    difficulty: str = ""
    language: str = ""
    tags: list[str] = field(default_factory=list)
    line: int | None = None

    def __post_init__(self):
        if not self.name:
            self.name = default_name(self.text)


class FormatError(Exception):
    """The file cannot be read at all (broken syntax); carries the problem with its line."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


@dataclass
class ParseResult:
    questions: list[QuestionData]
    problems: list[Problem]


def default_name(text: str) -> str:
    """Moodle's habit: an untitled question is named by the start of its text."""
    flat = " ".join(text.split())
    return flat[:60] if len(flat) <= 60 else flat[:59] + "…"


def new_option_id() -> str:
    return secrets.token_hex(4)


def with_option_ids(qtype: str, payload: dict) -> dict:
    """Give choice options random ids (true/false keeps "true" and "false"), and essay rubric
    criteria and levels the ids marks point at (kept when they have one)."""
    if qtype == QuestionType.ESSAY and payload.get("rubric"):
        rubric = [
            {
                **criterion,
                "id": criterion.get("id") or new_option_id(),
                "levels": [
                    {**level, "id": level.get("id") or new_option_id()}
                    for level in criterion.get("levels", [])
                ],
            }
            for criterion in payload["rubric"]
        ]
        return {**payload, "rubric": rubric}
    if qtype not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return payload
    options = [
        {**option, "id": option.get("id") or new_option_id()} for option in payload["options"]
    ]
    return {**payload, "options": options}


def true_false_payload(correct: bool, right_feedback: str = "", wrong_feedback: str = "") -> dict:
    """True/false as two options; feedback is what a learner who picks that option reads."""
    return {
        "options": [
            {
                "id": "true",
                "text": "true",
                "fraction": 1.0 if correct else 0.0,
                "feedback": right_feedback if correct else wrong_feedback,
            },
            {
                "id": "false",
                "text": "false",
                "fraction": 0.0 if correct else 1.0,
                "feedback": wrong_feedback if correct else right_feedback,
            },
        ]
    }


def true_false_answer(payload: dict) -> bool:
    return next(o for o in payload["options"] if o["id"] == "true")["fraction"] > 0


def _canonical(value):
    """Numbers as floats, dicts with sorted keys: how PostgreSQL's jsonb hands a payload back
    (key order and 1 versus 1.0) must not make equal content look different."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return float(value)


def content_key(qtype: str, text: str, explanation: str, payload: dict) -> tuple:
    """Compare content ignoring option and rubric ids (which are random on every import)."""
    stripped = complete_payload(qtype, dict(payload))
    if qtype == QuestionType.ESSAY and isinstance(stripped.get("rubric"), list):
        stripped["rubric"] = [
            {
                **{k: v for k, v in criterion.items() if k != "id"},
                "levels": [
                    {k: v for k, v in level.items() if k != "id"}
                    for level in criterion.get("levels", [])
                ],
            }
            for criterion in stripped["rubric"]
        ]
    if "options" in stripped:
        stripped["options"] = [
            {k: v for k, v in option.items() if k != "id" or qtype == QuestionType.TRUE_FALSE}
            for option in stripped["options"]
        ]
    return (qtype, text, explanation, json.dumps(_canonical(stripped), ensure_ascii=False))


def _too_long_texts(question: QuestionData) -> list[tuple[str, str]]:
    """(what, text) for every answer-side text of the question: options, feedback, pairs."""
    payload = question.payload
    texts: list[tuple[str, str]] = []
    for item in payload.get("options", []) + payload.get("answers", []):
        texts += [("option", str(item.get("text", ""))), ("option", str(item.get("feedback", "")))]
    for pair in payload.get("pairs", []):
        texts += [("option", str(pair.get("left", ""))), ("option", str(pair.get("right", "")))]
    texts += [("option", str(extra)) for extra in payload.get("distractors", [])]
    texts += [("option", str(unit.get("unit", ""))) for unit in payload.get("units", [])]
    for criterion in payload.get("rubric", []):
        texts.append(("option", str(criterion.get("criterion", ""))))
        texts += [("option", str(level.get("label", ""))) for level in criterion.get("levels", [])]
    return texts


def _option_count(payload: dict) -> int:
    return (
        len(payload.get("options", []))
        + len(payload.get("answers", []))
        + len(payload.get("pairs", []))
        + len(payload.get("distractors", []))
    )


def validate_question(question: QuestionData) -> list[Problem]:
    """Problems with one question's content, whatever format it came from (every import format,
    the admin form and the bank services all call this, so one rule holds everywhere)."""
    line, name = question.line, question.name
    problems: list[Problem] = []

    def problem(code: str, **params) -> None:
        problems.append(Problem(code, line, {"name": name, **params}))

    if not question.text.strip():
        problem("no_text")
    if len(question.name) > NAME_LENGTH:
        problem("name_too_long", max=NAME_LENGTH)
    if len(question.text) > QUESTION_TEXT_MAX_LENGTH:
        problem("text_too_long", max=QUESTION_TEXT_MAX_LENGTH)
    if len(question.explanation) > QUESTION_TEXT_MAX_LENGTH:
        problem("explanation_too_long", max=QUESTION_TEXT_MAX_LENGTH)
    if _option_count(question.payload) > MAX_OPTIONS:
        problem("too_many_options", max=MAX_OPTIONS)
    if any(len(text) > OPTION_TEXT_MAX_LENGTH for _what, text in _too_long_texts(question)):
        problem("option_too_long", max=OPTION_TEXT_MAX_LENGTH)
    if question.difficulty and question.difficulty not in Difficulty.values:
        problem("bad_difficulty", value=question.difficulty)
    if question.language and question.language not in Language.values:
        problem("bad_language", value=question.language)
    payload = question.payload
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        options = payload.get("options", [])
        fractions = [float(o["fraction"]) for o in options]
        if question.qtype != QuestionType.TRUE_FALSE and len(options) < 2:
            problem("too_few_options")
        if not any(f > 0 for f in fractions):
            problem("no_right_answer")
        # Moodle's rule (qtype_multichoice save_question_options and its edit form): a single
        # answer question needs an answer worth 100%; a multiple answer one needs its positive
        # grades to add up to 100% once rounded to two places of the fraction.
        elif question.qtype == QuestionType.SINGLE and max(fractions) != 1:
            problem("no_full_answer")
        elif question.qtype == QuestionType.MULTIPLE:
            total = round(sum(f for f in fractions if f > 0), 2)
            if total != 1:
                problem("grades_not_100", total=format_total(total))
        if any(not -1 <= f <= 1 for f in fractions):
            problem("bad_fraction")
        if any(not str(o["text"]).strip() for o in options):
            problem("empty_option")
    elif question.qtype == QuestionType.FILL_IN:
        answers = payload.get("answers", [])
        if not any(float(a["fraction"]) > 0 for a in answers):
            problem("no_right_answer")
        for answer in answers:
            if answer.get("regex"):
                try:
                    re.compile(answer["text"])
                except re.error as error:
                    problem("bad_pattern", pattern=answer["text"], error=str(error))
            if not str(answer["text"]).strip():
                problem("empty_option")
    elif question.qtype == QuestionType.MATCHING:
        pairs = payload.get("pairs", [])
        if len(pairs) < 2:
            problem("too_few_pairs")
        if any(not p["left"].strip() or not p["right"].strip() for p in pairs):
            problem("empty_option")
    elif question.qtype == QuestionType.NUMERICAL:
        _numerical_problems(payload, problem)
    elif question.qtype == QuestionType.ESSAY:
        _essay_problems(payload, problem)
    else:
        problem("unsupported_type", type=question.qtype)
    return problems


def _finite(value) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return number == number and number not in (float("inf"), float("-inf"))


UNIT_HANDLINGS = ("none", "optional", "required")
MAX_RUBRIC_CRITERIA = 20
MAX_RUBRIC_LEVELS = 10
MAX_WORD_LIMIT = 20_000


def _numerical_problems(payload: dict, problem) -> None:
    answers = payload.get("answers", [])
    if not answers or not all(
        _finite(a.get("value")) and _finite(a.get("tolerance", 0)) and _finite(a.get("fraction"))
        for a in answers
    ):
        problem("bad_number")
        return
    if not any(float(a["fraction"]) > 0 for a in answers):
        problem("no_right_answer")
    if any(not 0 <= float(a["fraction"]) <= 1 for a in answers):
        problem("bad_fraction")
    if any(float(a.get("tolerance") or 0) < 0 for a in answers):
        problem("bad_tolerance")
    units = payload.get("units", [])
    handling = payload.get("unit_handling") or "none"
    if handling not in UNIT_HANDLINGS:
        problem("bad_unit_handling", value=handling)
    if (
        not _finite(payload.get("unit_penalty", 0))
        or not 0 <= float(payload.get("unit_penalty") or 0) <= 1
    ):
        problem("bad_unit_penalty")
    names = [str(u.get("unit", "")).strip() for u in units]
    if any(not name for name in names):
        problem("empty_option")
    elif len(set(names)) != len(names):
        problem("duplicate_unit")
    if any(not _finite(u.get("multiplier")) or float(u["multiplier"]) <= 0 for u in units):
        problem("bad_multiplier")
    elif units and float(units[0]["multiplier"]) != 1:
        problem("base_unit", unit=names[0])
    if handling == "required" and not units:
        problem("no_units")


def _essay_problems(payload: dict, problem) -> None:
    limit = payload.get("word_limit") or 0
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= MAX_WORD_LIMIT:
        problem("bad_word_limit", max=MAX_WORD_LIMIT)
    if (
        len(str(payload.get("material", ""))) > QUESTION_TEXT_MAX_LENGTH
        or len(str(payload.get("marker_guide", ""))) > QUESTION_TEXT_MAX_LENGTH
    ):
        problem("text_too_long", max=QUESTION_TEXT_MAX_LENGTH)
    rubric = payload.get("rubric", [])
    if len(rubric) > MAX_RUBRIC_CRITERIA:
        problem("too_many_criteria", max=MAX_RUBRIC_CRITERIA)
    for criterion in rubric:
        levels = criterion.get("levels", [])
        if not str(criterion.get("criterion", "")).strip():
            problem("empty_criterion")
        if not 2 <= len(levels) <= MAX_RUBRIC_LEVELS:
            problem(
                "rubric_levels", criterion=criterion.get("criterion", ""), max=MAX_RUBRIC_LEVELS
            )
        if any(not str(level.get("label", "")).strip() for level in levels):
            problem("empty_criterion")
        if any(not _finite(level.get("points")) or float(level["points"]) < 0 for level in levels):
            problem("bad_rubric_points", criterion=criterion.get("criterion", ""))
    if rubric and essay_rubric_maximum(payload) <= 0:
        problem("rubric_no_points")


def essay_rubric_maximum(payload: dict) -> float:
    """The most a rubric can give: every criterion's highest level, added up."""
    total = 0.0
    for criterion in payload.get("rubric", []):
        points = [
            float(level["points"])
            for level in criterion.get("levels", [])
            if _finite(level.get("points"))
        ]
        total += max(points, default=0.0)
    return total


def format_total(fraction: float) -> str:
    """A rounded grade total as a percentage for a message: 0.9 -> "90", 1.5 -> "150"."""
    text = f"{fraction * 100:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def describe_problem(problem: dict) -> str:
    """Render a stored problem as a whole sentence in the active language."""
    p = problem.get("params", {})
    messages = {
        "empty_file": _("The file is empty."),
        "encoding": _(
            "The file is not UTF-8 text. Save it with UTF-8 encoding and upload it again."
        ),
        "unclosed_title": _("The “::” title that starts here is never closed."),
        "unclosed_brace": _("An answer block “{” opens here and is never closed."),
        "unexpected_brace": _("There is a “}” here without a matching “{”."),
        "two_answer_blocks": _(
            "“%(name)s” has more than one answer block “{…}”; only one is allowed."
        ),
        "answer_start": _("In “%(name)s” every answer must start with = or ~."),
        "empty_answer": _("“%(name)s” has an empty answer."),
        "bad_weight": _("“%(name)s” has a weight that is not a number (write it like %%50%%)."),
        "bad_xml": _("The XML is not well formed here (column %(column)s)."),
        "missing_element": _("“%(name)s” lacks the <%(element)s> element it needs."),
        "not_moodle_xml": _(
            "This is not a Moodle XML question file (its root element is not <quiz>)."
        ),
        "doctype": _("XML files with a DOCTYPE or entity declarations are not accepted."),
        "unreadable_xlsx": _("The file could not be read as an Excel (.xlsx) workbook."),
        "missing_columns": _(
            "These required columns are missing from the header row: %(columns)s."
        ),
        "unsupported_type": _(
            "“%(name)s” is a %(type)s question, a type GovLearn does not have; nothing was imported."
        ),
        "no_text": _("“%(name)s” has no question text."),
        "name_too_long": _("The title “%(name)s” is longer than %(max)s characters."),
        "bad_difficulty": _("“%(value)s” is not a difficulty; use easy, medium or hard."),
        "bad_language": _("“%(value)s” is not a supported language; use zh-hans or en."),
        "bad_type": _("“%(value)s” is not a question type GovLearn knows."),
        "too_few_options": _("“%(name)s” needs at least two options."),
        "no_right_answer": _("“%(name)s” has no right answer."),
        "no_full_answer": _("“%(name)s” is single choice but no option is worth 100%%."),
        "grades_not_100": _(
            "“%(name)s” is multiple choice but its positive grades add up to %(total)s%%, "
            "not 100%%; Moodle refuses such a question too."
        ),
        "text_too_long": _("The text of “%(name)s” is longer than %(max)s characters."),
        "explanation_too_long": _(
            "The explanation of “%(name)s” is longer than %(max)s characters."
        ),
        "option_too_long": _(
            "“%(name)s” has an option, answer or feedback longer than %(max)s characters."
        ),
        "too_many_options": _("“%(name)s” has more than %(max)s options, answers or pairs."),
        "bad_fraction": _("“%(name)s” has a grade outside −100%% to 100%%."),
        "bad_grade": _("“%(value)s” is not a grade; write a percentage such as 50 or -25."),
        "empty_option": _("“%(name)s” has an empty option or answer."),
        "bad_pattern": _(
            "“%(name)s” has an answer pattern “%(pattern)s” that is not valid: %(error)s."
        ),
        "too_few_pairs": _("“%(name)s” needs at least two pairs to match."),
        "bad_number": _("“%(name)s” needs each accepted answer to be a number with a tolerance."),
        "bad_tolerance": _("“%(name)s” has a negative tolerance; a tolerance is a distance."),
        "bad_unit_handling": _(
            "“%(value)s” is not a way to treat units; use none, optional or required."
        ),
        "bad_unit_penalty": _("“%(name)s” has a unit penalty outside 0 to 1."),
        "duplicate_unit": _("“%(name)s” names the same unit twice."),
        "bad_multiplier": _("“%(name)s” has a unit whose multiplier is not a positive number."),
        "base_unit": _(
            "In “%(name)s” the first unit, “%(unit)s”, is the base unit and needs multiplier 1."
        ),
        "no_units": _("“%(name)s” requires a unit but lists none."),
        "bad_word_limit": _("“%(name)s” needs a word limit between 0 (none) and %(max)s."),
        "too_many_criteria": _("“%(name)s” has more than %(max)s rubric criteria."),
        "empty_criterion": _("“%(name)s” has a rubric criterion or level without a description."),
        "rubric_levels": _(
            "The criterion “%(criterion)s” of “%(name)s” needs between 2 and %(max)s levels."
        ),
        "bad_rubric_points": _(
            "The criterion “%(criterion)s” of “%(name)s” has a level whose points are not a "
            "number of zero or more."
        ),
        "rubric_no_points": _("The rubric of “%(name)s” gives no points at any level."),
        "bad_numerical_answer": _(
            "“%(name)s” has the answer “%(value)s”, which is not a number, a number:tolerance "
            "or a range such as 1..2."
        ),
        "rubric_syntax": _(
            "“%(part)s” cannot be read as part of a rubric; write each criterion as "
            "“criterion: level=points; level=points”."
        ),
        "unit_syntax": _(
            "“%(part)s” cannot be read as a unit; write “unit = multiplier”, for example “cm = 100”."
        ),
        "bad_extras": _(
            "The GovLearn settings of “%(name)s” (its “govlearn” comment or element) cannot be "
            "read; export the question again or remove them."
        ),
        "bad_answer_letter": _("“%(value)s” does not name one of this row’s options."),
        "no_competence": _(
            "“%(name)s” has no competence; give it one in the file or choose a default competence."
        ),
        "unknown_competence": _("“%(value)s” is not the code of a competence in the framework."),
        "duplicate_name": _("“%(name)s” appears twice in this category (also at line %(other)s)."),
        "too_many_questions": _(
            "The file has more than %(max)s questions; split it into smaller files."
        ),
    }
    code = problem.get("code", "")
    if code not in messages and code in SHEET_PROBLEM_CODES:
        return describe_sheet_problem(problem)
    template = messages.get(code, _("Unknown problem."))
    try:
        return template % p
    except (KeyError, TypeError, ValueError):
        return template
