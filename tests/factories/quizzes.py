"""Factories for the quizzes app. Questions go through the service so versions are right."""

import itertools
from decimal import Decimal

import factory

from quizzes.models import Assessment, AssessmentQuestion, Competence, DrawRule
from quizzes.services import question_create

CHOICES = {
    "single": {
        "options": [
            {"text": "一网通办", "fraction": 1.0, "feedback": "对：统一入口。"},
            {"text": "多头办理", "fraction": 0.0, "feedback": "不对。"},
            {"text": "线下跑腿", "fraction": 0.0, "feedback": ""},
        ]
    },
    "multiple": {
        "options": [
            {"text": "合法", "fraction": 0.5, "feedback": ""},
            {"text": "必要", "fraction": 0.5, "feedback": ""},
            {"text": "越多越好", "fraction": -1.0, "feedback": "过度收集违法。"},
        ]
    },
    "true_false": {
        "options": [
            {"id": "true", "text": "true", "fraction": 0.0, "feedback": "不对。"},
            {"id": "false", "text": "false", "fraction": 1.0, "feedback": "对。"},
        ]
    },
    "fill_in": {
        "answers": [
            {"text": "数据共享", "fraction": 1.0, "feedback": "", "regex": False},
            {"text": r"数据\s*交换", "fraction": 0.5, "feedback": "接近。", "regex": True},
        ],
        "case_sensitive": False,
    },
    "matching": {
        "pairs": [
            {"left": "12345", "right": "政务服务便民热线"},
            {"left": "12315", "right": "消费者投诉举报"},
        ],
        "distractors": ["天气预报"],
    },
}


_names = itertools.count(1)


def competence(code: str = "6.1") -> Competence:
    """A competence of the default framework (loaded by migration)."""
    return Competence.objects.get(code=code)


def make_question(qtype: str = "single", *, code: str = "6.1", name: str | None = None, **fields):
    """A question of the given type with realistic content."""
    fields.setdefault("payload", CHOICES[qtype])
    fields.setdefault("text", f"关于{qtype}的测试题")
    fields.setdefault("explanation", "解析：这是解析。")
    return question_create(
        competence=competence(code),
        qtype=qtype,
        name=name or f"{qtype}-{next(_names)}",
        **fields,
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    title = factory.Sequence(lambda n: f"测试{n}")
    title_en = factory.Sequence(lambda n: f"Test {n}")
    slug = factory.Sequence(lambda n: f"test-{n}")
    is_published = True
    attempts_allowed = None
    pass_mark = 60
    review_policy = "immediate"
    shuffle_questions = True
    shuffle_options = True


def add_fixed(assessment, questions, points=Decimal(1)):
    for order, question in enumerate(questions):
        AssessmentQuestion.objects.create(
            assessment=assessment, question=question, points=points, sort_order=order
        )
    return assessment


def add_draw(assessment, *, code=None, difficulty="", count=1, points=Decimal(1)):
    return DrawRule.objects.create(
        assessment=assessment,
        competence=competence(code) if code else None,
        difficulty=difficulty,
        count=count,
        points=points,
    )


def assessment_with_all_types(**fields):
    """A published test with one fixed question of each type."""
    assessment = AssessmentFactory(**fields)
    return add_fixed(assessment, [make_question(t) for t in CHOICES])


def calibrated_questions(difficulties, *, discrimination=1.0, model="2pl", code="6.1"):
    """Single-choice questions with item parameters (a, b) of `model`, one per difficulty, as
    the calibration would leave them. Returns the questions in order."""
    from django.utils import timezone

    from quizzes.models import ItemParameter

    questions = []
    discriminations = (
        list(discrimination)
        if isinstance(discrimination, list | tuple)
        else [discrimination] * len(difficulties)
    )
    for a, b in zip(discriminations, difficulties, strict=True):
        question = make_question("single", code=code)
        ItemParameter.objects.create(
            question_version=question.current_version,
            model=model,
            discrimination=a if model == "2pl" else 1.0,
            difficulty=b,
            responses=500,
            calibrated_at=timezone.now(),
        )
        questions.append(question)
    return questions


def adaptive_assessment(*, code="6.1", **fields):
    """A published adaptive test drawing from competence `code` (its pool: that competence's
    calibrated questions)."""
    fields.setdefault("adaptive", True)
    fields.setdefault("shuffle_options", False)
    assessment = AssessmentFactory(**fields)
    add_draw(assessment, code=code, count=1)
    return assessment
