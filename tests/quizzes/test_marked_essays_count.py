"""An essay's experts' final mark is what item analysis, calibration and the item-analysis page
read (quizzes.selectors.marking.counted_score): the answer row keeps no score of its own while it
waits, and stays as submitted afterwards (finished answers are immutable)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.irt.calibrate import scored_answers
from quizzes.models import Answer, MarkedAnswer
from quizzes.services import attempt_submit
from quizzes.services.analysis import item_analysis_execute, item_analysis_request
from tests.factories import UserFactory
from tests.factories.marking import essay_assessment

from .test_marking_flow import _mark, _take, _task

pytestmark = pytest.mark.django_db

MARKS = [
    ({"c1": "c1c", "c2": "c2b"}, {"c1": "c1c", "c2": "c2b"}),
    ({"c1": "c1b", "c2": "c2b"}, {"c1": "c1a", "c2": "c2b"}),
]


def _double_marked():
    assessment = essay_assessment(double_marking=True, marking_margin=Decimal(100))
    attempts = []
    for first, second in MARKS:
        learner = UserFactory()
        attempt = _take(learner, assessment)
        attempt_submit(attempt_id=attempt.pk, user=learner)
        essay = Answer.objects.get(attempt=attempt, question_version__qtype="essay")
        assert essay.score is None  # waiting: no placeholder 0 that would read as wrong
        _mark(_task(attempt, 1), first)
        _mark(_task(attempt, 2), second)
        attempts.append(attempt)
    return assessment, attempts


def test_item_analysis_and_calibration_read_the_final_marks(db):
    assessment, attempts = _double_marked()
    finals = list(
        MarkedAnswer.objects.filter(attempt__in=attempts, status=MarkedAnswer.Status.FINAL)
        .order_by("attempt_id")
        .values_list("score", flat=True)
    )
    assert len(finals) == 2 and all(score is not None for score in finals)
    run = item_analysis_request(assessment=assessment)
    item_analysis_execute(run_id=run.pk)
    run.refresh_from_db()
    essay_item = run.items.get(question_version__qtype="essay")
    assert (essay_item.responses, essay_item.unmarked, run.unmarked_answers) == (2, 0, 0)
    expected = sum(float(score) / 10 for score in finals) / 2
    assert essay_item.facility == pytest.approx(expected)
    counted = dict(
        scored_answers(question_version__qtype="essay").values_list("attempt_id", "counted")
    )
    assert [counted[attempt.pk] for attempt in attempts] == finals


def test_the_item_analysis_page_shows_the_markers_agreement(admin_client):
    assessment, _attempts = _double_marked()
    run = item_analysis_request(assessment=assessment)
    item_analysis_execute(run_id=run.pk)
    response = admin_client.get(reverse("quizzes_item_analysis", args=[assessment.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-role="marker-agreement-table"' in page
    assert response.context["marker_agreement"]["answers"] == 2
    assert response.context["marker_agreement"]["exact_rate"] == pytest.approx(0.5)
