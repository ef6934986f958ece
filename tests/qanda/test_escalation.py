"""The daily escalation: due-tomorrow reminders to the experts, overdue questions to the course
owner and the platform admins, each exactly once however often it runs."""

import pytest
from django.core.management import call_command
from django.utils import translation

from people.models import Role
from people.services import role_grant
from qanda.models import EscalationKind, EscalationSent, QuestionNotice
from qanda.services import answer_post, escalate_questions
from tests.factories.people import UserFactory
from tests.factories.qanda import ask, shanghai

pytestmark = pytest.mark.django_db


def test_each_reminder_is_sent_once_however_often_the_run_is_repeated(course_and_expert):
    course, expert = course_and_expert
    admin = UserFactory()
    role_grant(user=admin, role=Role.PLATFORM_ADMIN)
    due_tomorrow = ask(course=course, at=shanghai(2025, 3, 3, 9))  # due Mon 10 Mar
    overdue = ask(course=course, at=shanghai(2025, 2, 24, 9))  # due Mon 3 Mar
    answered = ask(course=course, at=shanghai(2025, 2, 24, 9))
    answer_post(question=answered, author=expert, body="已答复", now=shanghai(2025, 2, 25, 9))
    run_at = shanghai(2025, 3, 9, 8)  # Sunday morning

    first = escalate_questions(now=run_at)
    second = escalate_questions(now=run_at)

    assert first == {"due_tomorrow": 1, "overdue": 1}
    assert second == {"due_tomorrow": 0, "overdue": 0}
    assert EscalationSent.objects.filter(question=answered).count() == 0
    assert set(
        QuestionNotice.objects.filter(question=due_tomorrow).values_list("user", flat=True)
    ) == {expert.pk}
    overdue_notified = set(
        QuestionNotice.objects.filter(question=overdue).values_list("user", flat=True)
    ) - {expert.pk}  # the expert was notified of the new question itself
    assert overdue_notified == {course.owner_id, admin.pk}
    assert EscalationSent.objects.filter(question=overdue, kind=EscalationKind.OVERDUE).count() == 1

    # Today's real run (the command): the reminded question is long overdue by now, so it is
    # escalated once; the one escalated already is not sent again.
    call_command("escalate_questions")
    assert (
        EscalationSent.objects.filter(question=due_tomorrow, kind=EscalationKind.OVERDUE).count()
        == 1
    )
    assert EscalationSent.objects.filter(question=overdue).count() == 1
    call_command("escalate_questions")
    assert EscalationSent.objects.count() == 3


def test_a_learner_sees_the_due_date_and_status_of_their_question(client, course_and_expert):
    course, _expert = course_and_expert
    question = ask(course=course, at=shanghai(2025, 3, 3, 9))
    client.force_login(question.asker)
    page = client.get("/learning/questions/mine/").content.decode()
    with translation.override("zh-hans"):
        status = question.get_status_display()
    assert question.title in page and "2025" in page and str(status) in page
