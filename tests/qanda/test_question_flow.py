"""Asking, answering, following up, resolving, merging and promoting: every status change through
one service, notices to the right people."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from qanda.models import QuestionNotice, QuestionStatus
from qanda.services import (
    answer_post,
    answer_promote,
    question_close,
    question_merge,
    question_resolve,
    question_transition,
)
from tests.factories.people import UserFactory
from tests.factories.qanda import ask, shanghai

pytestmark = pytest.mark.django_db


def test_asking_notifies_the_experts_in_site_and_by_email(course_and_expert, run_tasks):
    course, expert = course_and_expert
    with run_tasks():
        question = ask(course=course)
    assert QuestionNotice.objects.filter(user=expert, question=question).count() == 1
    assert [message.to for message in mail.outbox] == [[expert.email]]


def test_a_course_without_named_experts_is_answered_by_its_owner():
    from qanda.selectors import course_experts
    from tests.factories import courses as course_factories

    owner = UserFactory()
    course = course_factories.course(lessons=1)
    course.owner = owner
    course.save(update_fields=["owner"])
    assert course_experts(course=course) == [owner]


def test_an_expert_answer_notifies_the_learner_and_a_follow_up_reopens(course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course, at=shanghai(2025, 3, 3, 9))
    answer_post(
        question=question, author=expert, body="请参阅第二课。", now=shanghai(2025, 3, 4, 9)
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.first_response_at == shanghai(2025, 3, 4, 9)
    assert QuestionNotice.objects.filter(user=question.asker).count() == 1

    answer_post(
        question=question,
        author=question.asker,
        body="还有一点不明白。",
        now=shanghai(2025, 3, 5, 9),
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert question.due_at.date() == shanghai(2025, 3, 12).date()  # the clock restarted
    assert question.first_due_at.date() == shanghai(2025, 3, 10).date()  # the promise did not


def test_only_the_asker_resolves_and_a_closed_question_stays_closed(course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course)
    answer_post(question=question, author=expert, body="答复")
    with pytest.raises(PermissionDenied):
        question_resolve(question=question, user=expert)
    question = question_resolve(question=question, user=question.asker)
    assert question.status == QuestionStatus.RESOLVED
    question = question_close(question=question, user=expert)
    with pytest.raises(ValidationError):
        question_transition(question=question, to=QuestionStatus.OPEN)
    with pytest.raises(ValidationError):
        answer_post(question=question, author=question.asker, body="再问")


def test_another_learner_cannot_write_in_a_question(course_and_expert):
    course, _expert = course_and_expert
    question = ask(course=course)
    with pytest.raises(PermissionDenied):
        answer_post(question=question, author=UserFactory(), body="插话")


def test_experts_merge_duplicates_of_the_same_course_only(course_and_expert):
    course, expert = course_and_expert
    original, duplicate = ask(course=course), ask(course=course)
    merged = question_merge(question=duplicate, into=original, user=expert)
    assert merged.status == QuestionStatus.MERGED and merged.merged_into == original
    with pytest.raises(PermissionDenied):
        question_merge(question=original, into=duplicate, user=UserFactory())
    with pytest.raises(ValidationError):
        question_merge(question=original, into=original, user=expert)


def test_only_an_expert_answer_to_a_public_question_joins_the_faq(course_and_expert):
    course, expert = course_and_expert
    private = ask(course=course)
    public = ask(course=course, visibility="public")
    private_answer = answer_post(question=private, author=expert, body="私下答复")
    with pytest.raises(ValidationError):
        answer_promote(answer=private_answer, user=expert)
    good = answer_post(question=public, author=expert, body="公开答复")
    answer_promote(answer=good, user=expert)
    public.refresh_from_db()
    good.refresh_from_db()
    assert public.in_faq and good.is_promoted
