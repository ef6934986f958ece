"""Moodle XML question files. Reader and writer.

Supported: multichoice (single and multiple answers), truefalse, shortanswer (fill-in, <usecase>),
matching (subquestions; an empty subquestion is a distractor), answer fractions and feedback,
<generalfeedback> (our explanation), <name>, <tags>, and category pseudo-questions. GovLearn's own
fields travel as tags: "competence:6.2", "difficulty:hard", "language:en". Text in HTML is
converted to plain text; we write plain_text. Other question types are reported by type and line.

Numerical, with Moodle's own elements: <answer fraction="100" format="moodle_auto_format"> with
<text> (the number), <tolerance> and <feedback>; <units><unit><multiplier>/<unit_name>;
<unitgradingtype> (0 units not graded, 1 penalty as a share of the response's grade, 2 as a share
of the question's grade), <unitpenalty>, <showunits> (3: no units) and <unitsleft>. Read: units
graded (1 or 2) are "required", ungraded units shown (showunits 0-2) "optional", otherwise
"none". GovLearn's penalty is taken from the question's grade, so we write 2; a 1 is read as
required too (the two agree whenever the number is right). Moodle's "*" answer (any other
answer) is dropped when it scores nothing, as it always does in practice; a unit written before
the number (<unitsleft>1</unitsleft>) and <instructions> have no GovLearn equivalent and are not
kept.

Essay, with Moodle's own elements: <maxwordlimit> is the word limit, <attachments> other than 0
(or <responseformat>noinline</responseformat>) allows a file, <graderinfo> is the marker guide;
<responseformat>, <responserequired>, <responsefieldlines>, <minwordlimit>,
<attachmentsrequired>, <filetypeslist> and <responsetemplate> are written with Moodle's values
for a plain-text answer and not kept when read (GovLearn has no minimum, template or file type
list). GovLearn's rubric and case material live in one extra element Moodle's importer ignores
(qformat_xml reads only the paths it knows), so the file still imports into Moodle::

    <govlearn>
      <material format="plain_text"><text>…</text></material>
      <rubric>
        <criterion id="…"><text>论点</text>
          <level id="…" points="4"><text>清楚有力</text></level>
        </criterion>
      </rubric>
    </govlearn>

The material is also appended to <questiontext>, so a Moodle learner reads the case; the reader
takes it off again when <govlearn> carries the same material.

The file is read with expat directly (not ElementTree) so that every element knows its line; a
DOCTYPE or entity declaration is refused outright, which rules out entity-expansion attacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from ..models.bank import QuestionType
from .base import (
    MAX_WORD_LIMIT,
    FormatError,
    ParseResult,
    Problem,
    QuestionData,
    true_false_answer,
    true_false_payload,
)
from .gift import clean_category
from .payloads import (
    essay_payload,
    format_number,
    numerical_payload,
    read_number,
    text_with_material,
    text_without_material,
)
from .text import format_percent, html_to_text, parse_percent, regex_from_answer

META_PREFIXES = ("competence", "difficulty", "language")


@dataclass
class Node:
    tag: str
    attrib: dict
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [child for child in self.children if child.tag == tag]

    def inner_text(self, tag: str = "text") -> str:
        """Text of <tag> (default <text>) inside this node, HTML converted to plain text."""
        node = self.find(tag)
        if node is None:
            return ""
        raw = node.text
        # Elements without a format attribute (names, tags, matching answers) are plain text.
        if self.attrib.get("format", "plain_text") == "html":
            return html_to_text(raw)
        return raw.strip()


class _Refused(Exception):
    pass


def _parse_tree(data: bytes) -> Node:
    parser = expat.ParserCreate()
    stack: list[Node] = []
    root: list[Node] = []

    def start(tag, attrib):
        node = Node(tag, attrib, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(tag):
        stack.pop()

    def chars(data):
        if stack:
            stack[-1].text += data

    def refuse(*args):
        raise _Refused

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused as error:
        raise FormatError(Problem("doctype", parser.CurrentLineNumber)) from error
    except expat.ExpatError as error:
        raise FormatError(Problem("bad_xml", error.lineno, {"column": error.offset + 1})) from error
    if not root:
        raise FormatError(Problem("empty_file"))
    return root[0]


def parse_moodle_xml(data: bytes, *, max_questions: int = 5000) -> ParseResult:
    """Read a Moodle XML file into questions. Raises FormatError for a file that cannot be read."""
    if not data.strip():
        raise FormatError(Problem("empty_file"))
    root = _parse_tree(data)
    if root.tag != "quiz":
        raise FormatError(Problem("not_moodle_xml", root.line))
    category = ""
    questions: list[QuestionData] = []
    problems: list[Problem] = []
    for node in root.findall("question"):
        qtype = node.attrib.get("type", "")
        if qtype == "category":
            category_node = node.find("category")
            path = category_node.inner_text() if category_node is not None else ""
            category = clean_category(path.strip())
            continue
        question = _read_question(node, qtype, problems)
        if question is None:
            continue
        question.category = category
        questions.append(question)
        if len(questions) > max_questions:
            raise FormatError(Problem("too_many_questions", params={"max": max_questions}))
    return ParseResult(questions, problems)


def _name_of(node: Node) -> str:
    name = node.find("name")
    return name.inner_text().strip() if name is not None else ""


def _text_of(node: Node, tag: str) -> str:
    child = node.find(tag)
    return child.inner_text() if child is not None else ""


def _value_of(node: Node, tag: str) -> str:
    """The text of a simple element such as <single>true</single>."""
    child = node.find(tag)
    return child.text.strip() if child is not None else ""


def _fraction(node: Node, name: str) -> float:
    raw = node.attrib.get("fraction", "0")
    try:
        return parse_percent(raw)
    except ValueError as error:
        raise FormatError(Problem("bad_grade", node.line, {"name": name, "value": raw})) from error


def _answers(node: Node, name: str) -> list[dict]:
    return [
        {
            "text": answer.inner_text(),
            "fraction": _fraction(answer, name),
            "feedback": _text_of(answer, "feedback"),
        }
        for answer in node.findall("answer")
    ]


def _read_question(node: Node, qtype: str, problems: list[Problem]) -> QuestionData | None:
    name = _name_of(node)
    text = _text_of(node, "questiontext")
    if node.find("questiontext") is None:
        raise FormatError(
            Problem("missing_element", node.line, {"name": name or "—", "element": "questiontext"})
        )
    explanation = _text_of(node, "generalfeedback")
    meta: dict[str, str] = {}
    tags: list[str] = []
    tags_node = node.find("tags")
    for tag in tags_node.findall("tag") if tags_node is not None else []:
        value = tag.inner_text().strip()
        key, _sep, rest = value.partition(":")
        if key in META_PREFIXES and rest:
            meta[key] = rest.strip()
        elif value:
            tags.append(value)

    if qtype == "multichoice":
        single = (_value_of(node, "single") or "true").strip().lower() in {"true", "1"}
        payload = {"options": _answers(node, name)}
        kind = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    elif qtype == "truefalse":
        answers = _answers(node, name)
        true_answer = next((a for a in answers if a["text"].lower() == "true"), None)
        false_answer = next((a for a in answers if a["text"].lower() == "false"), None)
        if true_answer is None or false_answer is None:
            raise FormatError(
                Problem("missing_element", node.line, {"name": name, "element": "answer"})
            )
        correct = true_answer["fraction"] > 0
        right, wrong = (true_answer, false_answer) if correct else (false_answer, true_answer)
        payload = true_false_payload(correct, right["feedback"], wrong["feedback"])
        kind = QuestionType.TRUE_FALSE
    elif qtype == "shortanswer":
        case_sensitive = (_value_of(node, "usecase") or "0").strip() in {"1", "true"}
        answers = []
        for answer in _answers(node, name):
            pattern = regex_from_answer(answer["text"])
            answers.append(
                {
                    "text": pattern if pattern is not None else answer["text"],
                    "fraction": answer["fraction"],
                    "feedback": answer["feedback"],
                    "regex": pattern is not None,
                }
            )
        payload = {"answers": answers, "case_sensitive": case_sensitive}
        kind = QuestionType.FILL_IN
    elif qtype == "matching":
        pairs, distractors = [], []
        for sub in node.findall("subquestion"):
            left = sub.inner_text()
            answer = sub.find("answer")
            right = answer.inner_text() if answer is not None else ""
            if left:
                pairs.append({"left": left, "right": right})
            elif right:
                distractors.append(right)
        payload = {"pairs": pairs, "distractors": distractors}
        kind = QuestionType.MATCHING
    elif qtype == "numerical":
        payload = _numerical(node, name or text[:60], problems)
        if payload is None:
            return None
        kind = QuestionType.NUMERICAL
    elif qtype == "essay":
        payload = _essay(node, name or text[:60], problems)
        if payload is None:
            return None
        text = text_without_material(text, payload["material"])
        kind = QuestionType.ESSAY
    else:
        problems.append(
            Problem(
                "unsupported_type", node.line, {"name": name or text[:60], "type": qtype or "?"}
            )
        )
        return None
    return QuestionData(
        qtype=kind,
        text=text,
        payload=payload,
        name=name,
        explanation=explanation,
        competence=meta.get("competence", ""),
        difficulty=meta.get("difficulty", ""),
        language=meta.get("language", ""),
        tags=tags,
        line=node.line,
    )


def _numerical(node: Node, name: str, problems: list[Problem]) -> dict | None:
    answers, broken = [], False
    for answer in node.findall("answer"):
        raw = answer.inner_text()
        fraction = _fraction(answer, name)
        if raw in ("", "*"):
            # Moodle's "any other answer": only its feedback matters when it scores nothing.
            if fraction > 0:
                problems.append(
                    Problem("bad_numerical_answer", answer.line, {"name": name, "value": raw})
                )
                broken = True
            continue
        slack = _value_of(answer, "tolerance") or "0"
        value, tolerance = read_number(raw), read_number(slack)
        if value is None or tolerance is None:
            problems.append(
                Problem(
                    "bad_numerical_answer",
                    answer.line,
                    {"name": name, "value": raw if value is None else slack},
                )
            )
            broken = True
            continue
        answers.append(
            {
                "value": value,
                "tolerance": tolerance,
                "fraction": fraction,
                "feedback": _text_of(answer, "feedback"),
            }
        )
    if broken:
        return None
    units = []
    units_node = node.find("units")
    for unit in units_node.findall("unit") if units_node is not None else []:
        multiplier = _value_of(unit, "multiplier") or "1"
        number = read_number(multiplier)
        # An unreadable multiplier is kept as written so validation names it (bad_multiplier).
        units.append(
            {
                "unit": _value_of(unit, "unit_name"),
                "multiplier": number if number is not None else multiplier,
            }
        )
    grading = _value_of(node, "unitgradingtype") or "0"
    shown = _value_of(node, "showunits")
    if not units or (grading not in ("1", "2") and shown == "3"):
        handling = "none"
    elif grading in ("1", "2"):
        handling = "required"
    else:
        handling = "optional"
    penalty_text = _value_of(node, "unitpenalty") or "0.1"
    penalty = read_number(penalty_text)
    return numerical_payload(
        answers,
        units=units,
        unit_handling=handling,
        unit_penalty=penalty if penalty is not None else penalty_text,
    )


def _essay(node: Node, name: str, problems: list[Problem]) -> dict | None:
    limit = _value_of(node, "maxwordlimit")
    if limit and not limit.isdigit():
        problems.append(
            Problem(
                "bad_word_limit",
                node.find("maxwordlimit").line,
                {"name": name, "max": MAX_WORD_LIMIT},
            )
        )
        return None
    attachments = _value_of(node, "attachments") or "0"
    allow_file = attachments not in ("0", "") or _value_of(node, "responseformat") == "noinline"
    material, rubric = "", []
    extra = node.find("govlearn")
    if extra is not None:
        material = _text_of(extra, "material")
        rubric_node = extra.find("rubric")
        for criterion in rubric_node.findall("criterion") if rubric_node is not None else []:
            levels = []
            for level in criterion.findall("level"):
                points = level.attrib.get("points", "")
                number = read_number(points)
                levels.append(
                    {
                        **({"id": level.attrib["id"]} if level.attrib.get("id") else {}),
                        "label": level.inner_text(),
                        # Kept as written when unreadable so validation names the criterion.
                        "points": number if number is not None else points,
                    }
                )
            rubric.append(
                {
                    **({"id": criterion.attrib["id"]} if criterion.attrib.get("id") else {}),
                    "criterion": criterion.inner_text(),
                    "levels": levels,
                }
            )
    return essay_payload(
        material=material,
        word_limit=int(limit) if limit else 0,
        allow_file=allow_file,
        rubric=rubric,
        marker_guide=_text_of(node, "graderinfo"),
    )


# --- writer ---------------------------------------------------------------------------------------


def _text_element(tag: str, value: str, indent: str, plain: bool = True) -> str:
    fmt = ' format="plain_text"' if plain else ""
    return f"{indent}<{tag}{fmt}><text>{escape(value)}</text></{tag}>"


def write_moodle_xml(questions: list[QuestionData]) -> str:
    """Write questions as Moodle XML, with a category pseudo-question before each category."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    current_category = None
    for question in questions:
        if question.category != current_category:
            current_category = question.category
            path = "$course$/top" + (f"/{current_category}" if current_category else "")
            out += [
                '  <question type="category">',
                f"    <category><text>{escape(path)}</text></category>",
                "  </question>",
            ]
        out += _question_xml(question)
    out.append("</quiz>")
    return "\n".join(out) + "\n"


def _answer_xml(text: str, fraction: float, feedback: str, plain: bool = True) -> list[str]:
    fmt = ' format="plain_text"' if plain else ""
    return [
        f"    <answer fraction={quoteattr(format_percent(fraction))}{fmt}>",
        f"      <text>{escape(text)}</text>",
        _text_element("feedback", feedback, "      "),
        "    </answer>",
    ]


def _question_xml(question: QuestionData) -> list[str]:
    kinds = {
        QuestionType.SINGLE: "multichoice",
        QuestionType.MULTIPLE: "multichoice",
        QuestionType.TRUE_FALSE: "truefalse",
        QuestionType.FILL_IN: "shortanswer",
        QuestionType.MATCHING: "matching",
        QuestionType.NUMERICAL: "numerical",
        QuestionType.ESSAY: "essay",
    }
    payload = question.payload
    text = question.text
    if question.qtype == QuestionType.ESSAY:
        text = text_with_material(text, payload.get("material", ""))
    out = [
        f"  <question type={quoteattr(kinds[question.qtype])}>",
        f"    <name><text>{escape(question.name)}</text></name>",
        _text_element("questiontext", text, "    "),
        _text_element("generalfeedback", question.explanation, "    "),
        "    <defaultgrade>1</defaultgrade>",
    ]
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        single = "true" if question.qtype == QuestionType.SINGLE else "false"
        out += [f"    <single>{single}</single>", "    <shuffleanswers>true</shuffleanswers>"]
        for option in payload["options"]:
            out += _answer_xml(option["text"], float(option["fraction"]), option["feedback"])
    elif question.qtype == QuestionType.TRUE_FALSE:
        correct = true_false_answer(payload)
        by_id = {o["id"]: o for o in payload["options"]}
        for value in ("true", "false"):
            fraction = 1.0 if (value == "true") == correct else 0.0
            out += _answer_xml(value, fraction, by_id[value]["feedback"], plain=False)
    elif question.qtype == QuestionType.FILL_IN:
        out.append(f"    <usecase>{1 if payload.get('case_sensitive') else 0}</usecase>")
        for answer in payload["answers"]:
            text = f"/{answer['text']}/" if answer.get("regex") else answer["text"]
            out += _answer_xml(text, float(answer["fraction"]), answer["feedback"])
    elif question.qtype == QuestionType.MATCHING:
        out.append("    <shuffleanswers>true</shuffleanswers>")
        for pair in payload["pairs"]:
            out += [
                '    <subquestion format="plain_text">',
                f"      <text>{escape(pair['left'])}</text>",
                f"      <answer><text>{escape(pair['right'])}</text></answer>",
                "    </subquestion>",
            ]
        for extra in payload.get("distractors", []):
            out += [
                '    <subquestion format="plain_text">',
                "      <text></text>",
                f"      <answer><text>{escape(extra)}</text></answer>",
                "    </subquestion>",
            ]
    elif question.qtype == QuestionType.NUMERICAL:
        out += _numerical_xml(payload)
    elif question.qtype == QuestionType.ESSAY:
        out += _essay_xml(payload)
    tags = [
        f"{key}:{value}"
        for key, value in (
            ("competence", question.competence),
            ("difficulty", question.difficulty),
            ("language", question.language),
        )
        if value
    ] + list(question.tags)
    if tags:
        out.append("    <tags>")
        out += [f"      <tag><text>{escape(tag)}</text></tag>" for tag in tags]
        out.append("    </tags>")
    out.append("  </question>")
    return out


# Our unit handling as Moodle's (unitgradingtype, showunits): see the module docstring.
_UNIT_GRADING = {"none": ("0", "3"), "optional": ("0", "0"), "required": ("2", "0")}


def _numerical_xml(payload: dict) -> list[str]:
    out = []
    for answer in payload["answers"]:
        out += [
            f"    <answer fraction={quoteattr(format_percent(float(answer['fraction'])))}"
            ' format="moodle_auto_format">',
            f"      <text>{format_number(answer['value'])}</text>",
            _text_element("feedback", answer.get("feedback", ""), "      "),
            f"      <tolerance>{format_number(answer.get('tolerance') or 0)}</tolerance>",
            "    </answer>",
        ]
    units = payload.get("units") or []
    if units:
        out.append("    <units>")
        for unit in units:
            out += [
                "      <unit>",
                f"        <multiplier>{format_number(unit['multiplier'])}</multiplier>",
                f"        <unit_name>{escape(unit['unit'])}</unit_name>",
                "      </unit>",
            ]
        out.append("    </units>")
    grading, shown = _UNIT_GRADING[payload.get("unit_handling") or "none"]
    penalty = payload.get("unit_penalty")
    out += [
        f"    <unitgradingtype>{grading}</unitgradingtype>",
        f"    <unitpenalty>{format_number(0.1 if penalty is None else penalty)}</unitpenalty>",
        f"    <showunits>{shown}</showunits>",
        "    <unitsleft>0</unitsleft>",
    ]
    return out


def _essay_xml(payload: dict) -> list[str]:
    limit = int(payload.get("word_limit") or 0)
    out = [
        "    <responseformat>plain</responseformat>",
        "    <responserequired>1</responserequired>",
        "    <responsefieldlines>15</responsefieldlines>",
        "    <minwordlimit></minwordlimit>",
        f"    <maxwordlimit>{limit or ''}</maxwordlimit>",
        f"    <attachments>{1 if payload.get('allow_file') else 0}</attachments>",
        "    <attachmentsrequired>0</attachmentsrequired>",
        "    <maxbytes>0</maxbytes>",
        "    <filetypeslist></filetypeslist>",
        _text_element("graderinfo", payload.get("marker_guide", ""), "    "),
        _text_element("responsetemplate", "", "    "),
    ]
    material, rubric = payload.get("material", ""), payload.get("rubric") or []
    if material or rubric:
        out.append("    <govlearn>")
        if material:
            out.append(_text_element("material", material, "      "))
        if rubric:
            out.append("      <rubric>")
            for criterion in rubric:
                ident = f" id={quoteattr(criterion['id'])}" if criterion.get("id") else ""
                out.append(
                    f"        <criterion{ident}><text>{escape(criterion['criterion'])}</text>"
                )
                for level in criterion["levels"]:
                    ident = f" id={quoteattr(level['id'])}" if level.get("id") else ""
                    points = quoteattr(format_number(level["points"]))
                    out.append(
                        f"          <level{ident} points={points}>"
                        f"<text>{escape(level['label'])}</text></level>"
                    )
                out.append("        </criterion>")
            out.append("      </rubric>")
        out.append("    </govlearn>")
    return out
