"""Factories for the quizzes app. Questions go through the service so versions are right."""

import copy
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


# The factories below take a `competence` argument, which hides the function of that name.
_competence_by_code = competence

NUMERICAL = {
    "answers": [
        {"value": 12.5, "tolerance": 0.5, "fraction": 1.0, "feedback": "对：12.5 公里。"},
        {"value": 12.0, "tolerance": 2.0, "fraction": 0.5, "feedback": "接近。"},
    ],
    "units": [{"unit": "km", "multiplier": 1.0}, {"unit": "m", "multiplier": 1000.0}],
    "unit_handling": "optional",
    "unit_penalty": 0.1,
}

RUBRIC = [
    {
        "criterion": "问题分析",
        "levels": [
            {"label": "不足", "points": 0},
            {"label": "基本到位", "points": 3},
            {"label": "深入", "points": 5},
        ],
    },
    {
        "criterion": "对策可行",
        "levels": [{"label": "不可行", "points": 0}, {"label": "可行", "points": 5}],
    },
]


def numerical_question(*, competence=None, payload=None, **kw):
    """A numerical question: 12.5 km ± 0.5 for full marks, 12 ± 2 for half; km or m, optional."""
    kw.setdefault("text", "某市政务服务中心到新区的距离是多少公里？")
    return question_create(
        competence=competence or _competence_by_code("6.1"),
        qtype="numerical",
        name=kw.pop("name", None) or f"numerical-{next(_names)}",
        payload=payload or copy.deepcopy(NUMERICAL),
        explanation=kw.pop("explanation", "解析：按地图量算。"),
        **kw,
    )


def essay_question(*, rubric=True, allow_file=False, word_limit=0, competence=None, **kw):
    """A case-analysis (essay) question with material, a two-criterion rubric (10 points at most)
    unless rubric=False, a marker's guide, and the given word limit and file permission."""
    payload = {
        "material": "材料：某区推行“一网通办”后，群众反映部分事项仍需多次跑腿。",
        "word_limit": word_limit,
        "allow_file": allow_file,
        "rubric": copy.deepcopy(RUBRIC) if rubric else [],
        "marker_guide": "评分要点：指出数据共享不足，提出可行对策。",
    }
    payload.update(kw.pop("payload", {}))
    kw.setdefault("text", "请分析材料中的问题并提出对策。")
    return question_create(
        competence=competence or _competence_by_code("6.1"),
        qtype="essay",
        name=kw.pop("name", None) or f"essay-{next(_names)}",
        payload=payload,
        explanation=kw.pop("explanation", "解析：关键在于打通数据壁垒。"),
        **kw,
    )


def assessment_with_new_types(*, allow_file=True, word_limit=0, **fields):
    """A published test (full review at once, no shuffling of questions) with one single-choice,
    one numerical and one essay question, in that order."""
    fields.setdefault("shuffle_questions", False)
    assessment = AssessmentFactory(**fields)
    return add_fixed(
        assessment,
        [
            make_question("single"),
            numerical_question(),
            essay_question(allow_file=allow_file, word_limit=word_limit),
        ],
    )
