"""Factories for expert marking: an essay question with a rubric, a test holding it (with a
multiple-choice question beside it) and its marker pool."""

from decimal import Decimal

from quizzes.services import question_create
from tests.factories.people import UserFactory
from tests.factories.quizzes import AssessmentFactory, add_fixed, competence, make_question

RUBRIC = [
    {
        "id": "c1",
        "criterion": "论点",
        "levels": [
            {"id": "c1a", "label": "不足", "points": 0},
            {"id": "c1b", "label": "合格", "points": 2},
            {"id": "c1c", "label": "优秀", "points": 4},
        ],
    },
    {
        "id": "c2",
        "criterion": "论证",
        "levels": [
            {"id": "c2a", "label": "不足", "points": 0},
            {"id": "c2b", "label": "优秀", "points": 6},
        ],
    },
]


def essay_payload(*, rubric=True, allow_file=False) -> dict:
    return {
        "material": "某市推行“一网通办”的案例材料。",
        "word_limit": 0,
        "allow_file": allow_file,
        "rubric": RUBRIC if rubric else [],
        "marker_guide": "看论点与论证。",
    }


def essay_question(*, rubric=True, allow_file=False, code="6.1"):
    return question_create(
        competence=competence(code),
        qtype="essay",
        name="案例分析",
        text="请分析该市“一网通办”的做法。",
        payload=essay_payload(rubric=rubric, allow_file=allow_file),
    )


def essay_assessment(
    *, markers=2, leads=0, essay_points=Decimal(10), rubric=True, allow_file=False, **fields
):
    """A test: one single-choice question (1 point) and one essay (`essay_points`), unshuffled,
    with `markers` markers and `leads` lead markers (returned as attributes)."""
    fields.setdefault("shuffle_questions", False)
    assessment = AssessmentFactory(**fields)
    add_fixed(assessment, [make_question("single")], points=Decimal(1))
    from quizzes.models import AssessmentQuestion

    AssessmentQuestion.objects.create(
        assessment=assessment,
        question=essay_question(rubric=rubric, allow_file=allow_file),
        points=essay_points,
        sort_order=5,
    )
    assessment.marker_users = [UserFactory() for _ in range(markers)]
    assessment.markers.set(assessment.marker_users)
    assessment.lead_users = [UserFactory() for _ in range(leads)]
    assessment.lead_markers.set(assessment.lead_users)
    return assessment
