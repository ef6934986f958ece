"""GIFT: Moodle's plain-text question format. Reader and writer.

Supported: single and multiple choice (=, ~, ~%50%), true/false ({T}, {FALSE#wrong#right}),
short answer as fill-in ({=a =%50%b}), matching ({=a -> b}; an empty left side is a distractor),
per-answer feedback (#), general feedback (####) kept as the explanation, ::titles::, $CATEGORY,
[html]/[plain]/[markdown] text formats, and the escapes \\~ \\= \\# \\{ \\} \\: \\n \\\\.

GovLearn additions, written as comments that Moodle ignores, on the lines just above a question:
`// competence: 6.2`, `// difficulty: hard`, `// language: en`, `// tags: a, b`,
`// case-sensitive: yes`. A fill-in answer written /like this/ is a pattern (regular expression).

Numerical in Moodle's own syntax: {#3.14:0.01} (value:tolerance), {#1..2} (a range, kept as its
midpoint with half its width as the tolerance), {#42} (exact), several answers with weights and
feedback {#=%100%3.14:0.01#exact =%50%3.1:0.1#close}. Moodle's "~#feedback for any other answer"
is read and dropped: GovLearn has no catch-all answer, and it scores nothing anyway. Essay: {}.

GIFT has no units and no rubric, so GovLearn writes what it cannot say as one more comment,
`// govlearn: {"units": [...], "unit_handling": "optional", "unit_penalty": 0.1}` for numerical
and `// govlearn: {"material": "...", "word_limit": 300, "allow_file": false, "rubric": [...],
"marker_guide": "..."}` for essays, and reads it back, so GovLearn → GIFT → GovLearn loses nothing
and Moodle (which skips comments) still imports the file. An essay's material is also appended to
its text, so a Moodle learner reads the case; the reader takes it off again when the comment
carries the same material.

Description questions (no answer block) are reported by type and line; a broken answer block
stops the read and is reported with its line.
"""

from __future__ import annotations

import re

from ..models.bank import QuestionType
from .base import (
    FormatError,
    ParseResult,
    Problem,
    QuestionData,
    true_false_answer,
    true_false_payload,
)
from .payloads import (
    EXTRA_KEYS,
    SyntaxProblem,
    essay_payload,
    format_number,
    numerical_payload,
    read_extras,
    read_number,
    text_with_material,
    text_without_material,
    write_extras,
)
from .text import format_percent, html_to_text, parse_percent, regex_from_answer

ESCAPABLE = "~=#{}:"
META_KEYS = {"competence", "difficulty", "language", "tags", "case-sensitive", "govlearn"}
_META = re.compile(r"^//\s*([a-z-]+)\s*:\s*(.*)$")
_CONTEXT_PREFIX = re.compile(r"^\$(course|system|module|cat\d+)\$/")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in ESCAPABLE or nxt == "\\":
                out.append(nxt)
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in ESCAPABLE:
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _find_unescaped(text: str, targets: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in targets:
            return i
        i += 1
    return -1


def _split_unescaped(text: str, separator: str) -> list[str]:
    parts, current, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if text.startswith(separator, i):
            parts.append("".join(current))
            current = []
            i += len(separator)
            continue
        current.append(text[i])
        i += 1
    parts.append("".join(current))
    return parts


def _chunks(source: str):
    """Yield (first line number, lines) for each blank-line separated block."""
    block: list[str] = []
    start = 1
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def parse_gift(source: str, *, max_questions: int = 5000) -> ParseResult:
    """Read GIFT text into questions. Raises FormatError for a file that cannot be read."""
    if source.startswith("\ufeff"):
        source = source[1:]
    if not source.strip():
        raise FormatError(Problem("empty_file"))
    category = ""
    questions: list[QuestionData] = []
    problems: list[Problem] = []
    for start, lines in _chunks(source):
        meta: dict[str, str] = {}
        meta_lines: dict[str, int] = {}
        body: list[str] = []
        body_start = None
        for offset, line in enumerate(lines):
            stripped = line.strip()
            if stripped.startswith("//"):
                match = _META.match(stripped)
                if match and match.group(1) in META_KEYS and body_start is None:
                    meta[match.group(1)] = match.group(2).strip()
                    meta_lines[match.group(1)] = start + offset
                continue
            if body_start is None:
                body_start = start + offset
            body.append(line)
        if body_start is None:
            continue  # only comments
        text = "\n".join(body).strip()
        if text.startswith("$CATEGORY:"):
            category = clean_category(text[len("$CATEGORY:") :].strip())
            continue
        question = _parse_question(text, body_start, problems)
        if question is None:
            continue
        question.category = category
        question.competence = meta.get("competence", "")
        question.difficulty = meta.get("difficulty", "")
        question.language = meta.get("language", "")
        question.tags = [t.strip() for t in meta.get("tags", "").split(",") if t.strip()]
        if meta.get("case-sensitive", "").lower() in {"yes", "true", "1"}:
            question.payload["case_sensitive"] = True
        if meta.get("govlearn") and question.qtype in EXTRA_KEYS:
            try:
                _apply_extras(question, meta["govlearn"])
            except SyntaxProblem:
                problems.append(
                    Problem("bad_extras", meta_lines["govlearn"], {"name": question.name})
                )
                continue
        questions.append(question)
        if len(questions) > max_questions:
            raise FormatError(Problem("too_many_questions", params={"max": max_questions}))
    return ParseResult(questions, problems)


def _apply_extras(question: QuestionData, text: str) -> None:
    question.payload.update(read_extras(question.qtype, text))
    if question.qtype == QuestionType.ESSAY:
        question.text = text_without_material(question.text, question.payload["material"])


def clean_category(path: str) -> str:
    path = _CONTEXT_PREFIX.sub("", path)
    if path == "top" or path.startswith("top/"):
        path = path[4:]
    return path.strip("/")


def _line_at(text: str, index: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, index)


def _parse_question(text: str, line: int, problems: list[Problem]) -> QuestionData | None:
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        while end != -1 and text[end - 1] == "\\":
            end = text.find("::", end + 1)
        if end == -1:
            raise FormatError(Problem("unclosed_title", line))
        name = _unescape(text[2:end]).strip()
        text = text[end + 2 :].lstrip()
    text_format = "moodle"
    format_match = re.match(r"^\[(html|moodle|plain|markdown)\]", text)
    if format_match:
        text_format = format_match.group(1)
        text = text[format_match.end() :]

    open_at = _find_unescaped(text, "{")
    close_stray = _find_unescaped(text, "}")
    if close_stray != -1 and (open_at == -1 or close_stray < open_at):
        raise FormatError(Problem("unexpected_brace", _line_at(text, close_stray, line)))
    if open_at == -1:
        problems.append(
            Problem(
                "unsupported_type",
                line,
                {"name": name or _unescape(text)[:60], "type": "description"},
            )
        )
        return None
    close_at = _find_unescaped(text, "}", open_at + 1)
    nested = _find_unescaped(text, "{", open_at + 1)
    if close_at == -1 or (nested != -1 and nested < close_at):
        raise FormatError(Problem("unclosed_brace", _line_at(text, open_at, line)))
    if _find_unescaped(text, "{}", close_at + 1) != -1:
        extra = _find_unescaped(text, "{}", close_at + 1)
        raise FormatError(
            Problem("two_answer_blocks", _line_at(text, extra, line), {"name": name or "—"})
        )

    before, block, after = text[:open_at], text[open_at + 1 : close_at], text[close_at + 1 :]
    question_text = _unescape(before.strip())
    if after.strip():
        question_text = f"{question_text} _____ {_unescape(after.strip())}".strip()
    if text_format == "html":
        question_text = html_to_text(question_text)
    display_name = name or question_text[:60]
    block_line = _line_at(text, open_at, line)

    explanation = ""
    general = _split_unescaped(block, "####")
    if len(general) > 1:
        block = general[0]
        explanation = _unescape("####".join(general[1:]).strip())
    stripped = block.strip()

    if not stripped:
        return QuestionData(
            qtype=QuestionType.ESSAY,
            text=question_text,
            payload=essay_payload(),
            name=name,
            explanation=explanation,
            line=line,
        )
    if stripped.startswith("#"):
        try:
            answers = _numerical_answers(stripped[1:])
        except ValueError as error:
            code, value = error.args
            if code == "bad_weight":
                raise FormatError(Problem(code, block_line, {"name": display_name})) from error
            problems.append(Problem(code, block_line, {"name": display_name, "value": value}))
            return None
        return QuestionData(
            qtype=QuestionType.NUMERICAL,
            text=question_text,
            payload=numerical_payload(answers),
            name=name,
            explanation=explanation,
            line=line,
        )
    tf = re.match(r"^(T|F|TRUE|FALSE)\s*(#|$)", stripped)
    if tf:
        parts = [_unescape(p).strip() for p in _split_unescaped(stripped, "#")]
        correct = parts[0] in ("T", "TRUE")
        wrong_feedback = parts[1] if len(parts) > 1 else ""
        right_feedback = parts[2] if len(parts) > 2 else ""
        return QuestionData(
            qtype=QuestionType.TRUE_FALSE,
            text=question_text,
            payload=true_false_payload(correct, right_feedback, wrong_feedback),
            name=name,
            explanation=explanation,
            line=line,
        )

    items = _answer_items(stripped, block_line, display_name)
    if not items:
        raise FormatError(Problem("answer_start", block_line, {"name": display_name}))
    marks = {mark for mark, _ in items}
    is_matching = all(mark == "=" and _find_unescaped_arrow(body) != -1 for mark, body in items)
    if is_matching:
        pairs, distractors = [], []
        for _mark, body in items:
            arrow = _find_unescaped_arrow(body)
            left, right = _unescape(body[:arrow]).strip(), _unescape(body[arrow + 2 :]).strip()
            if left:
                pairs.append({"left": left, "right": right})
            else:
                distractors.append(right)
        return QuestionData(
            qtype=QuestionType.MATCHING,
            text=question_text,
            payload={"pairs": pairs, "distractors": distractors},
            name=name,
            explanation=explanation,
            line=line,
        )

    answers = []
    for mark, body in items:
        try:
            answers.append(_answer(mark, body))
        except ValueError as error:
            raise FormatError(Problem(str(error), block_line, {"name": display_name})) from error
    if marks == {"="}:
        fill = []
        for answer in answers:
            pattern = regex_from_answer(answer["text"])
            fill.append(
                {
                    "text": pattern if pattern is not None else answer["text"],
                    "fraction": answer["fraction"],
                    "feedback": answer["feedback"],
                    "regex": pattern is not None,
                }
            )
        return QuestionData(
            qtype=QuestionType.FILL_IN,
            text=question_text,
            payload={"answers": fill, "case_sensitive": False},
            name=name,
            explanation=explanation,
            line=line,
        )
    qtype = QuestionType.SINGLE if "=" in marks else QuestionType.MULTIPLE
    return QuestionData(
        qtype=qtype,
        text=question_text,
        payload={"options": answers},
        name=name,
        explanation=explanation,
        line=line,
    )


def _numerical_answers(block: str) -> list[dict]:
    """The answers of a numerical block (after its "#"), read as Moodle's GIFT importer reads them.
    Raises ValueError(code, value) for an answer that is not a number."""
    wrong = _find_unescaped(block, "~")
    if wrong != -1:
        block = block[:wrong]  # "~#feedback" for any other answer: no GovLearn equivalent
    parts = _split_unescaped(block, "=")
    if len(parts) > 1 and not parts[0].strip():
        parts = parts[1:]
    answers = []
    for part in parts:
        part = part.strip()
        fraction = 1.0
        weight = re.match(r"^%([^%]*)%", part)
        if weight:
            try:
                fraction = parse_percent(weight.group(1))
            except ValueError as error:
                raise ValueError("bad_weight", weight.group(0)) from error
            part = part[weight.end() :]
        pieces = _split_unescaped(part, "#")
        number = _unescape(pieces[0]).strip()
        feedback = _unescape("#".join(pieces[1:])).strip() if len(pieces) > 1 else ""
        if number.find("..") > 0:
            low, _sep, high = number.partition("..")
            low_value, high_value = read_number(low), read_number(high)
            if low_value is None or high_value is None:
                raise ValueError("bad_numerical_answer", number)
            value = (low_value + high_value) / 2
            tolerance = high_value - value
        else:
            text, colon, slack = number.partition(":")
            value = read_number(text)
            tolerance = read_number(slack) if colon else 0.0
            if value is None or tolerance is None:
                raise ValueError("bad_numerical_answer", number)
        answers.append(
            {"value": value, "tolerance": tolerance, "fraction": fraction, "feedback": feedback}
        )
    return answers


def _find_unescaped_arrow(text: str) -> int:
    i = 0
    while i < len(text) - 1:
        if text[i] == "\\":
            i += 2
            continue
        if text[i : i + 2] == "->":
            return i
        i += 1
    return -1


def _answer_items(block: str, line: int, name: str) -> list[tuple[str, str]]:
    """Split an answer block on unescaped = and ~ into (mark, body) pairs."""
    items: list[tuple[str, str]] = []
    i = _find_unescaped(block, "=~")
    if i == -1 or block[:i].strip():
        raise FormatError(Problem("answer_start", line, {"name": name}))
    while i != -1:
        nxt = _find_unescaped(block, "=~", i + 1)
        body = block[i + 1 : nxt if nxt != -1 else len(block)]
        items.append((block[i], body))
        i = nxt
    return items


def _answer(mark: str, body: str) -> dict:
    fraction = 1.0 if mark == "=" else 0.0
    body = body.strip()
    weight = re.match(r"^%([^%]*)%", body)
    if weight:
        try:
            fraction = parse_percent(weight.group(1))
        except ValueError as error:
            raise ValueError("bad_weight") from error
        body = body[weight.end() :]
    parts = _split_unescaped(body, "#")
    text = _unescape(parts[0]).strip()
    feedback = _unescape("#".join(parts[1:])).strip() if len(parts) > 1 else ""
    if not text:
        raise ValueError("empty_answer")
    return {"text": text, "fraction": fraction, "feedback": feedback}


# --- writer ---------------------------------------------------------------------------------------


def _feedback(text: str) -> str:
    return f"#{_escape(text)}" if text else ""


def write_gift(questions: list[QuestionData]) -> str:
    """Write questions as GIFT, grouped under $CATEGORY lines, with GovLearn metadata comments."""
    out: list[str] = ["// GovLearn question bank export (GIFT)", ""]
    current_category = None
    for question in questions:
        if question.category != current_category:
            current_category = question.category
            out += [f"$CATEGORY: {current_category or 'top'}", ""]
        for key, value in (
            ("competence", question.competence),
            ("difficulty", question.difficulty),
            ("language", question.language),
            ("tags", ", ".join(question.tags)),
            ("case-sensitive", "yes" if question.payload.get("case_sensitive") else ""),
            ("govlearn", _extras_comment(question)),
        ):
            if value:
                out.append(f"// {key}: {value}")
        out.append(
            f"::{_escape(question.name)}::{_escape(_gift_text(question))} {{{_block(question)}}}"
        )
        out.append("")
    return "\n".join(out)


def _extras_comment(question: QuestionData) -> str:
    if question.qtype not in EXTRA_KEYS:
        return ""
    # A comment is one line: JSON escapes newlines inside strings, so it always stays on one.
    return write_extras(question.qtype, question.payload)


def _gift_text(question: QuestionData) -> str:
    if question.qtype == QuestionType.ESSAY:
        return text_with_material(question.text, question.payload.get("material", ""))
    return question.text


def _numerical_block(payload: dict) -> str:
    answers = payload["answers"]

    def number(answer: dict) -> str:
        tolerance = float(answer.get("tolerance") or 0)
        value = format_number(answer["value"])
        return f"{value}:{format_number(tolerance)}" if tolerance else value

    if len(answers) == 1 and float(answers[0]["fraction"]) == 1 and not answers[0].get("feedback"):
        return f"#{number(answers[0])}"
    parts = []
    for answer in answers:
        fraction = float(answer["fraction"])
        weight = "" if fraction == 1 else f"%{format_percent(fraction)}%"
        parts.append(f"={weight}{number(answer)}{_feedback(answer.get('feedback', ''))}")
    return "#\n  " + "\n  ".join(parts)


def _block(question: QuestionData) -> str:
    payload = question.payload
    general = f"####{_escape(question.explanation)}" if question.explanation else ""
    if question.qtype == QuestionType.ESSAY:
        return general
    if question.qtype == QuestionType.NUMERICAL:
        numbers = _numerical_block(payload)
        return (
            f"{numbers}\n  {general}\n"
            if general
            else (numbers + ("\n" if "\n" in numbers else ""))
        )
    if question.qtype == QuestionType.TRUE_FALSE:
        correct = true_false_answer(payload)
        by_id = {o["id"]: o for o in payload["options"]}
        right = by_id["true" if correct else "false"]["feedback"]
        wrong = by_id["false" if correct else "true"]["feedback"]
        feedback = f"#{_escape(wrong)}#{_escape(right)}" if (wrong or right) else ""
        return f"{'TRUE' if correct else 'FALSE'}{feedback}{general}"
    parts: list[str] = []
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        for option in payload["options"]:
            fraction = float(option["fraction"])
            if question.qtype == QuestionType.SINGLE and fraction == 1:
                prefix = "="
            elif fraction == 0:
                prefix = "~"
            else:
                prefix = f"~%{format_percent(fraction)}%"
            parts.append(f"{prefix}{_escape(option['text'])}{_feedback(option['feedback'])}")
    elif question.qtype == QuestionType.FILL_IN:
        for answer in payload["answers"]:
            fraction = float(answer["fraction"])
            weight = "" if fraction == 1 else f"%{format_percent(fraction)}%"
            text = f"/{answer['text']}/" if answer.get("regex") else answer["text"]
            parts.append(f"={weight}{_escape(text)}{_feedback(answer['feedback'])}")
    elif question.qtype == QuestionType.MATCHING:
        for pair in payload["pairs"]:
            parts.append(f"={_escape(pair['left'])} -> {_escape(pair['right'])}")
        for extra in payload.get("distractors", []):
            parts.append(f"= -> {_escape(extra)}")
    return "\n  " + "\n  ".join(parts) + (f"\n  {general}" if general else "") + "\n"


def write_question_body(question: QuestionData) -> str:
    """One question's text and answer block, as the admin edits it (no title or metadata)."""
    return f"{_escape(question.text)} {{{_block(question)}}}"
