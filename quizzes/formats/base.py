"""What every question format reads into and writes from, and the problems an import can report.

Problems are codes with parameters, never sentences, so a stored report is shown in whichever
language its reader uses (the house pattern from people.import_sheet)."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models.bank import Difficulty, Language, QuestionType

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
    """Give choice options random ids (true/false keeps "true" and "false")."""
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
    """Compare content ignoring option ids (which are random on every import)."""
    stripped = dict(payload)
    if "options" in stripped:
        stripped["options"] = [
            {k: v for k, v in option.items() if k != "id" or qtype == QuestionType.TRUE_FALSE}
            for option in stripped["options"]
        ]
    return (qtype, text, explanation, json.dumps(_canonical(stripped), ensure_ascii=False))


def validate_question(question: QuestionData) -> list[Problem]:
    """Problems with one question's content, whatever format it came from."""
    line, name = question.line, question.name
    problems: list[Problem] = []

    def problem(code: str, **params) -> None:
        problems.append(Problem(code, line, {"name": name, **params}))

    if not question.text.strip():
        problem("no_text")
    if len(question.name) > NAME_LENGTH:
        problem("name_too_long", max=NAME_LENGTH)
    if question.difficulty and question.difficulty not in Difficulty.values:
        problem("bad_difficulty", value=question.difficulty)
    if question.language and question.language not in Language.values:
        problem("bad_language", value=question.language)
    payload = question.payload
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        options = payload.get("options", [])
        if question.qtype != QuestionType.TRUE_FALSE and len(options) < 2:
            problem("too_few_options")
        if not any(float(o["fraction"]) > 0 for o in options):
            problem("no_right_answer")
        if question.qtype == QuestionType.SINGLE and not any(
            float(o["fraction"]) == 1 for o in options
        ):
            problem("no_full_answer")
        if any(not -1 <= float(o["fraction"]) <= 1 for o in options):
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
    else:
        problem("unsupported_type", type=question.qtype)
    return problems


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
        "bad_fraction": _("“%(name)s” has a grade outside −100%% to 100%%."),
        "bad_grade": _("“%(value)s” is not a grade; write a percentage such as 50 or -25."),
        "empty_option": _("“%(name)s” has an empty option or answer."),
        "bad_pattern": _(
            "“%(name)s” has an answer pattern “%(pattern)s” that is not valid: %(error)s."
        ),
        "too_few_pairs": _("“%(name)s” needs at least two pairs to match."),
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
    template = messages.get(problem.get("code", ""), _("Unknown problem."))
    try:
        return template % p
    except (KeyError, TypeError, ValueError):
        return template
