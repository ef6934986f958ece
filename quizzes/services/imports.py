"""Importing and exporting question files. An import is all or nothing: the whole file is read and
checked first, and only a file without a single problem is written, in one transaction."""

from __future__ import annotations

from django.db import transaction

from core.imports import import_job_run, import_job_start

from ..formats.base import FormatError, ParseResult, Problem, QuestionData, validate_question
from ..formats.gift import parse_gift, write_gift
from ..formats.moodle_xml import parse_moodle_xml, write_moodle_xml
from ..formats.payloads import complete_payload
from ..formats.xlsx import parse_xlsx, write_xlsx
from ..models import Competence, Question, QuestionImport
from .bank import question_create, question_update

FORMATS = ("gift", "moodle-xml", "xlsx")


def parse_file(*, data: bytes, fmt: str) -> ParseResult:
    """Read a file in one of FORMATS. Raises FormatError when it cannot be read at all."""
    if fmt == "xlsx":
        return parse_xlsx(data)
    if fmt == "moodle-xml":
        return parse_moodle_xml(data)
    if fmt == "gift":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FormatError(Problem("encoding")) from error
        return parse_gift(text)
    raise ValueError(f"Unknown format {fmt!r}")


def _check(
    parsed: ParseResult, default_competence: Competence | None
) -> tuple[list[Problem], dict]:
    """Every problem in the parsed file, and the competences its codes name."""
    problems = list(parsed.problems)
    codes = {q.competence for q in parsed.questions if q.competence}
    competences = {c.code: c for c in Competence.objects.filter(code__in=codes)}
    seen: dict[tuple[str, str], int | None] = {}
    for question in parsed.questions:
        problems += validate_question(question)
        if question.competence and question.competence not in competences:
            problems.append(
                Problem("unknown_competence", question.line, {"value": question.competence})
            )
        elif not question.competence and default_competence is None:
            problems.append(Problem("no_competence", question.line, {"name": question.name}))
        key = (question.category, question.name)
        if key in seen:
            problems.append(
                Problem(
                    "duplicate_name", question.line, {"name": question.name, "other": seen[key]}
                )
            )
        seen.setdefault(key, question.line)
    problems.sort(key=lambda p: (p.line or 0, p.code))
    return problems, competences


def questions_import(
    *,
    data: bytes,
    fmt: str,
    default_competence: Competence | None = None,
    default_language: str = "zh-hans",
    user=None,
    on_progress=None,
) -> dict:
    """Validate a question file and, only if it has no problem at all, write it. A question with the
    same category and title as one in the bank updates it (a new version if it has been used), so
    importing the same file twice changes nothing. Returns the report:
    {"ok", "questions", "problems": [...], "created", "updated", "unchanged"}."""
    try:
        parsed = parse_file(data=data, fmt=fmt)
    except FormatError as error:
        return {"ok": False, "questions": 0, "problems": [error.problem.as_dict()]}
    problems, competences = _check(parsed, default_competence)
    report = {
        "ok": not problems,
        "questions": len(parsed.questions),
        "problems": [p.as_dict() for p in problems],
    }
    if problems:
        return report
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    total = len(parsed.questions)
    if on_progress:
        on_progress(0, total)  # Outside the write transaction, so the progress page sees it.
    with transaction.atomic():
        for done, item in enumerate(parsed.questions, start=1):
            competence = competences.get(item.competence) or default_competence
            _write(item, competence, default_language, user, counts)
            if on_progress and done % 50 == 0:
                on_progress(done, total)
    report.update(counts)
    return report


def _write(item: QuestionData, competence, default_language, user, counts) -> None:
    fields = {
        "qtype": item.qtype,
        "text": item.text,
        "payload": item.payload,
        "name": item.name,
        "explanation": item.explanation,
        "category": item.category,
        "competence": competence,
        "difficulty": item.difficulty or "medium",
        "language": item.language or default_language,
        "tags": item.tags,
    }
    existing = Question.objects.filter(category=item.category, name=item.name).first()
    if existing is None:
        question_create(**fields, created_by=user)
        counts["created"] += 1
        return
    _question, outcome = question_update(question=existing, **fields)
    counts["unchanged" if outcome == "unchanged" else "updated"] += 1


def question_data(question: Question) -> QuestionData:
    """A bank question as the formats see it (its current version)."""
    version = question.current_version
    return QuestionData(
        qtype=version.qtype,
        text=version.text,
        # Every key a reader fills in, so a payload stored with fewer keys is written in full.
        payload=complete_payload(version.qtype, version.payload),
        name=question.name,
        explanation=version.explanation,
        category=question.category,
        competence=question.competence.code,
        difficulty=question.difficulty,
        language=question.language,
        tags=sorted(tag.name for tag in question.tags.all()),
    )


def questions_export(*, questions, fmt: str) -> tuple[bytes, list[str]]:
    """Write questions (a queryset) in one of FORMATS. Returns (file bytes, titles of questions the
    format could not carry in full)."""
    rows = [
        question_data(question)
        for question in questions.filter(current_version__isnull=False)
        .select_related("current_version", "competence")
        .prefetch_related("tags")
        .order_by("category", "name", "pk")
    ]
    if fmt == "gift":
        return write_gift(rows).encode("utf-8"), []
    if fmt == "moodle-xml":
        return write_moodle_xml(rows).encode("utf-8"), []
    if fmt == "xlsx":
        return write_xlsx(rows)
    raise ValueError(f"Unknown format {fmt!r}")


def question_import_start(
    *, uploaded_file, fmt: str, user, default_competence=None, default_language="zh-hans"
) -> QuestionImport:
    """Store an uploaded question file and queue its import as a background task."""
    from ..tasks import run_question_import

    record = QuestionImport(
        file=uploaded_file,
        original_name=uploaded_file.name[:255],
        format=fmt,
        default_competence=default_competence,
        default_language=default_language,
        created_by=user,
    )
    return import_job_start(record=record, task=run_question_import)


def question_import_execute(*, import_id: int) -> None:
    """Run a stored question import (called by the task worker); progress and report land on the
    record (core.imports.import_job_run)."""

    def work(record, data, progress):
        return questions_import(
            data=data,
            fmt=record.format,
            default_competence=record.default_competence,
            default_language=record.default_language,
            user=record.created_by,
            on_progress=progress,
        )

    import_job_run(
        model=QuestionImport,
        import_id=import_id,
        work=work,
        total_key="questions",
        select_related=("default_competence", "created_by"),
    )
