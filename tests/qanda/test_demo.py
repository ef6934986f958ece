"""The demo has questions in every state, some overdue, answered by expert1; seeding again
changes nothing."""

import pytest
from django.core.management import call_command

from qanda.models import Answer, CourseExpert, EscalationSent, Question, QuestionNotice
from qanda.selectors import is_overdue

pytestmark = pytest.mark.django_db


def qanda_rows():
    return {
        model.__name__: sorted(map(repr, model.objects.order_by("pk").values_list()))
        for model in (Question, Answer, CourseExpert, QuestionNotice, EscalationSent)
    }


def test_demo_questions_cover_every_state_and_seeding_twice_changes_nothing(demo):
    statuses = set(Question.objects.values_list("status", flat=True))
    assert statuses == {"open", "answered", "resolved", "closed", "merged"}
    assert any(is_overdue(question=q) for q in Question.objects.all())
    assert Question.objects.filter(in_faq=True).exists()
    assert Question.objects.values("asker").distinct().count() >= 5
    assert set(Answer.objects.values_list("author__username", flat=True)) == {"expert1"}
    before = qanda_rows()
    call_command("seed_demo", verbosity=0)
    assert qanda_rows() == before
