"""Reading My questions changes nothing; marking the notices read is an explicit POST."""

import pytest
from django.urls import reverse

from qanda.models import QuestionNotice
from qanda.services import answer_post
from tests.factories.qanda import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def asker_with_a_notice(course_and_expert, run_tasks):
    course, expert = course_and_expert
    with run_tasks():
        question = ask(course=course)
        answer_post(question=question, author=expert, body="请参阅第二课。")
    notice = QuestionNotice.objects.get(user=question.asker)
    assert notice.read_at is None
    return question.asker, notice


def test_opening_my_questions_leaves_the_notice_unread(client, asker_with_a_notice):
    asker, notice = asker_with_a_notice
    client.force_login(asker)
    for _ in range(2):
        body = client.get(reverse("qanda:my_questions")).content.decode()
        assert "qanda-notices__new" in body
        assert reverse("qanda:notices_read") in body
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_as_read_is_a_post_that_marks_only_the_persons_notices(
    client, asker_with_a_notice, course_and_expert
):
    asker, notice = asker_with_a_notice
    _, expert = course_and_expert
    client.force_login(asker)
    assert client.get(reverse("qanda:notices_read")).status_code == 405
    response = client.post(reverse("qanda:notices_read"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("qanda:my_questions")
    notice.refresh_from_db()
    assert notice.read_at is not None
    body = response.content.decode()
    assert "qanda-notices__new" not in body and reverse("qanda:notices_read") not in body
    # The expert's own notice (the new question) is untouched.
    assert QuestionNotice.objects.filter(user=expert, read_at__isnull=True).exists()


def test_mark_all_as_read_needs_a_login(client):
    response = client.post(reverse("qanda:notices_read"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
