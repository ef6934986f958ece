"""Actions: operations whose rule is asked in more than one place, as in `wagtail.actions`.

Closing a question and putting an answer in the course's FAQ are asked by the question page (is
the button shown?), by the views that perform them, by the services other code calls
(services.question_close, services.answer_promote) and by the demo. Each rule is written once,
here: `check(user)` raises with a whole translated sentence, `allowed(user)` asks it for a
template, `execute(user)` checks again and writes in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import selectors, services
from .models import Answer, Question, QuestionStatus, Visibility


class _Action:
    """What every action here offers: `allowed(user)` is `check(user)` without the exception."""

    def check(self, user, *, is_expert: bool | None = None) -> None:
        raise NotImplementedError

    def allowed(self, user, *, is_expert: bool | None = None) -> bool:
        """Whether `user` may perform the action now (what a template asks before offering it).
        `is_expert`, when the caller already knows it, saves asking the database again."""
        try:
            self.check(user, is_expert=is_expert)
        except (PermissionDenied, ValidationError):
            return False
        return True


def _is_expert(user, course, is_expert: bool | None) -> bool:
    return selectors.can_answer(user=user, course=course) if is_expert is None else is_expert


class CloseQuestionAction(_Action):
    """An expert of the course closes a question that needs no (further) answer; a question
    already closed or merged cannot be closed."""

    def __init__(self, question: Question):
        self.question = question

    def check(self, user, *, is_expert: bool | None = None) -> None:
        """Raise PermissionDenied (not an expert of the course) or ValidationError (the
        question's status does not allow closing), each with a translated sentence."""
        if not _is_expert(user, self.question.course, is_expert):
            raise PermissionDenied(_("Only the course's experts can close a question."))
        refusal = services.transition_refusal(
            current=self.question.status, to=QuestionStatus.CLOSED
        )
        if refusal is not None:
            raise refusal

    def execute(self, user, *, now: dt.datetime | None = None) -> Question:
        """Close the question after the check, in one transaction with it; the status change
        goes through services.question_transition like every other."""
        with transaction.atomic():
            self.question = Question.objects.select_for_update().get(pk=self.question.pk)
            self.check(user)
            return services.question_transition(
                question=self.question, to=QuestionStatus.CLOSED, now=now
            )


class PromoteAnswerAction(_Action):
    """An expert of the course puts an expert's answer to a public question in the course's FAQ,
    once."""

    def __init__(self, answer: Answer, *, question: Question | None = None):
        self.answer = answer
        self.question = question or answer.question

    def check(self, user, *, is_expert: bool | None = None) -> None:
        """Raise PermissionDenied (not an expert of the course) or ValidationError (a private
        question, a learner's follow-up, an answer already in the FAQ), with a translated
        sentence."""
        if not _is_expert(user, self.question.course, is_expert):
            raise PermissionDenied(_("Only the course's experts can add answers to the FAQ."))
        if self.question.visibility != Visibility.PUBLIC:
            raise ValidationError(
                _("Only a public question can be added to the FAQ; this one is private.")
            )
        if not self.answer.is_expert:
            raise ValidationError(_("Only an expert's answer can be added to the FAQ."))
        if self.answer.is_promoted:
            raise ValidationError(_("This answer is already in the course's FAQ."))

    def execute(self, user) -> Answer:
        """Mark the answer promoted and its question in the FAQ after the check, in one
        transaction with it (the answer's row is locked, so two clicks write once)."""
        with transaction.atomic():
            self.answer = Answer.objects.select_for_update().get(pk=self.answer.pk)
            self.question = Question.objects.get(pk=self.answer.question_id)
            self.check(user)
            Answer.objects.filter(pk=self.answer.pk).update(is_promoted=True)
            Question.objects.filter(pk=self.question.pk).update(in_faq=True)
            self.answer.is_promoted = True
            return self.answer
