"""Moodle XML question files. Reader and writer.

Supported: multichoice (single and multiple answers), truefalse, shortanswer (fill-in, <usecase>),
matching (subquestions; an empty subquestion is a distractor), answer fractions and feedback,
<generalfeedback> (our explanation), <name>, <tags>, and category pseudo-questions. GovLearn's own
fields travel as tags: "competence:6.2", "difficulty:hard", "language:en". Text in HTML is
converted to plain text; we write plain_text. Other question types are reported by type and line.

The file is read with expat directly (not ElementTree) so that every element knows its line; a
DOCTYPE or entity declaration is refused outright, which rules out entity-expansion attacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from ..models.bank import QuestionType
from .base import (
    FormatError,
    ParseResult,
    Problem,
    QuestionData,
    true_false_answer,
    true_false_payload,
)
from .gift import clean_category
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
    }
    payload = question.payload
    out = [
        f"  <question type={quoteattr(kinds[question.qtype])}>",
        f"    <name><text>{escape(question.name)}</text></name>",
        _text_element("questiontext", question.text, "    "),
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
