"""Writes for the question bank. Editing a question that an attempt has used makes a new version;
old attempts keep pointing at the version they showed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..formats.base import (
    QuestionData,
    content_key,
    describe_problem,
    validate_question,
    with_option_ids,
)
from ..models import Answer, Competence, Question, QuestionVersion


def _validated(data: QuestionData) -> QuestionData:
    problems = validate_question(data)
    if problems:
        raise ValidationError([describe_problem(p.as_dict()) for p in problems])
    return data


@transaction.atomic
def question_create(
    *,
    competence: Competence,
    qtype: str,
    text: str,
    payload: dict,
    name: str = "",
    explanation: str = "",
    category: str = "",
    difficulty: str = "medium",
    language: str = "zh-hans",
    tags: list[str] | tuple[str, ...] = (),
    is_active: bool = True,
    created_by=None,
) -> Question:
    """Create a question with its first version."""
    data = _validated(
        QuestionData(qtype=qtype, text=text, payload=payload, name=name, explanation=explanation)
    )
    question = Question(
        name=data.name,
        category=category,
        competence=competence,
        difficulty=difficulty,
        language=language,
        is_active=is_active,
        created_by=created_by,
    )
    question.full_clean(exclude=["current_version"])
    question.save()
    version = QuestionVersion(
        question=question,
        number=1,
        qtype=qtype,
        text=data.text,
        explanation=explanation,
        payload=with_option_ids(qtype, payload),
    )
    version.full_clean()
    version.save()
    question.current_version = version
    question.save(update_fields=["current_version"])
    if tags:
        question.tags.set(list(tags))
    return question


def question_version_is_used(*, version: QuestionVersion) -> bool:
    return Answer.objects.filter(question_version=version).exists()


@transaction.atomic
def question_update(
    *,
    question: Question,
    qtype: str,
    text: str,
    payload: dict,
    name: str,
    explanation: str = "",
    category: str = "",
    competence: Competence,
    difficulty: str,
    language: str,
    tags: list[str] | tuple[str, ...] | None = None,
    is_active: bool | None = None,
) -> tuple[Question, str]:
    """Change a question. Returns (question, what happened to its content): "unchanged",
    "edited" (the current version had never been shown, so it was corrected in place) or
    "new_version" (it had been shown in an attempt, which keeps it)."""
    _validated(
        QuestionData(qtype=qtype, text=text, payload=payload, name=name, explanation=explanation)
    )
    question = Question.objects.select_for_update().get(pk=question.pk)
    meta = {
        "name": name,
        "category": category,
        "competence_id": competence.pk,
        "difficulty": difficulty,
        "language": language,
    }
    if is_active is not None:
        meta["is_active"] = is_active
    changed = [field for field, value in meta.items() if getattr(question, field) != value]
    for field in changed:
        setattr(question, field, meta[field])
    current = question.current_version
    outcome = "unchanged"
    if current is None or content_key(qtype, text, explanation, payload) != content_key(
        current.qtype, current.text, current.explanation, current.payload
    ):
        payload = with_option_ids(qtype, payload)
        if current is not None and not question_version_is_used(version=current):
            current.qtype, current.text, current.explanation, current.payload = (
                qtype,
                text,
                explanation,
                payload,
            )
            current.full_clean()
            current.save()
            outcome = "edited"
        else:
            number = (current.number if current else 0) + 1
            version = QuestionVersion(
                question=question,
                number=number,
                qtype=qtype,
                text=text,
                explanation=explanation,
                payload=payload,
            )
            version.full_clean()
            version.save()
            question.current_version = version
            changed.append("current_version")
            outcome = "new_version"
    if changed:
        question.full_clean()
        question.save(update_fields=[*changed, "updated_at"])
    if tags is not None and sorted(tags) != sorted(question.tags.names()):
        question.tags.set(list(tags))
    return question, outcome
