"""Closing a question and putting an answer in the FAQ: the actions allow, refuse with a whole
translated sentence and write once; the question page offers only what they allow."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from qanda.actions import CloseQuestionAction, PromoteAnswerAction
from qanda.models import Answer, Question, QuestionStatus
from qanda.services import answer_post
from tests.factories.people import UserFactory
from tests.factories.qanda import ask

pytestmark = pytest.mark.django_db


# --- closing ---------------------------------------------------------------------------------------


def test_an_expert_may_close_an_open_question_and_it_is_closed(course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course)
    action = CloseQuestionAction(question)
    assert action.allowed(expert)
    closed = action.execute(expert)
    assert closed.status == QuestionStatus.CLOSED
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.CLOSED


def test_a_learner_may_not_close_and_is_told_why_in_chinese(course_and_expert):
    course, _expert = course_and_expert
    question = ask(course=course)
    action = CloseQuestionAction(question)
    assert not action.allowed(question.asker)
    with translation.override("zh-hans"), pytest.raises(PermissionDenied) as refusal:
        action.check(question.asker)
    assert str(refusal.value) == "只有本课程专家可以关闭问题。"
    with pytest.raises(PermissionDenied):
        action.execute(question.asker)
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.OPEN


def test_closing_twice_writes_once_and_the_second_is_refused(course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course)
    CloseQuestionAction(question).execute(expert)
    changed_at = Question.objects.get(pk=question.pk).status_changed_at
    again = CloseQuestionAction(Question.objects.get(pk=question.pk))
    assert not again.allowed(expert)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        again.execute(expert)
    assert refusal.value.messages == ["A question that is “Closed” cannot become “Closed”."]
    assert Question.objects.get(pk=question.pk).status_changed_at == changed_at


def test_a_stale_copy_of_a_closed_question_cannot_close_it_again(course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course)
    stale = Question.objects.get(pk=question.pk)
    CloseQuestionAction(question).execute(expert)
    with pytest.raises(ValidationError):
        CloseQuestionAction(stale).execute(expert)


# --- promoting -------------------------------------------------------------------------------------


def test_an_expert_may_promote_an_expert_answer_to_a_public_question(course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course, visibility="public")
    answer = answer_post(question=question, author=expert, body="公开答复")
    action = PromoteAnswerAction(answer)
    assert action.allowed(expert)
    action.execute(expert)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.is_promoted and question.in_faq


def test_promotion_is_refused_with_a_translated_reason(course_and_expert):
    course, expert = course_and_expert
    private = ask(course=course)
    private_answer = answer_post(question=private, author=expert, body="私下答复")
    public = ask(course=course, visibility="public")
    follow_up = answer_post(question=public, author=public.asker, body="补充")
    with translation.override("zh-hans"):
        with pytest.raises(PermissionDenied) as not_expert:
            PromoteAnswerAction(private_answer).check(UserFactory())
        with pytest.raises(ValidationError) as learners_answer:
            PromoteAnswerAction(follow_up).check(expert)
    assert str(not_expert.value) == "只有本课程专家可以将答复加入常见问题。"
    assert learners_answer.value.messages == ["只有专家的答复才能加入常见问题。"]
    with translation.override("en"), pytest.raises(ValidationError) as private_question:
        PromoteAnswerAction(private_answer).execute(expert)
    assert private_question.value.messages == [
        "Only a public question can be added to the FAQ; this one is private."
    ]
    assert not Answer.objects.filter(is_promoted=True).exists()
    assert not Question.objects.filter(in_faq=True).exists()


def test_promoting_twice_writes_once(course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course, visibility="public")
    answer = answer_post(question=question, author=expert, body="公开答复")
    stale = Answer.objects.get(pk=answer.pk)
    PromoteAnswerAction(answer).execute(expert)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        PromoteAnswerAction(stale).execute(expert)  # a second click, from the page shown before
    assert refusal.value.messages == ["This answer is already in the course's FAQ."]
    assert not PromoteAnswerAction(Answer.objects.get(pk=answer.pk)).allowed(expert)


# --- the question page asks the actions ------------------------------------------------------------


def _detail(client, user, question):
    client.force_login(user)
    with translation.override("en"):
        return client.get(
            reverse("qanda:question_detail", args=[question.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )


def test_the_question_page_offers_close_and_promote_only_where_the_actions_allow(
    client, course_and_expert
):
    course, expert = course_and_expert
    question = ask(course=course, visibility="public")
    answer = answer_post(question=question, author=expert, body="公开答复")
    close_url = reverse("qanda:close", args=[question.pk])
    promote_url = reverse("qanda:promote", args=[question.pk, answer.pk])

    page = _detail(client, expert, question)
    assert page.context["may_close"] is True
    assert page.context["promotable_answer_ids"] == {answer.pk}
    assert close_url in page.content.decode() and promote_url in page.content.decode()

    page = _detail(client, question.asker, question)
    assert page.context["may_close"] is False
    assert page.context["promotable_answer_ids"] == set()
    assert close_url not in page.content.decode() and promote_url not in page.content.decode()

    PromoteAnswerAction(answer).execute(expert)
    page = _detail(client, expert, question)
    assert page.context["promotable_answer_ids"] == set()
    assert promote_url not in page.content.decode()


def test_the_close_view_performs_the_action_and_a_refusal_writes_nothing(client, course_and_expert):
    course, expert = course_and_expert
    question = ask(course=course)
    client.force_login(question.asker)
    client.post(reverse("qanda:close", args=[question.pk]))
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.OPEN
    client.force_login(expert)
    client.post(reverse("qanda:close", args=[question.pk]))
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.CLOSED
