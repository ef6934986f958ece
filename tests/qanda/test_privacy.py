"""A private question exists only for its asker and the course's experts: everyone else gets 404,
for the page and its attachment alike. Public questions join the course's FAQ."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qanda.models import Question
from tests.factories.people import UserFactory
from tests.factories.qanda import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_question(course_and_expert):
    course, _expert = course_and_expert
    return ask(
        course=course,
        attachment=SimpleUploadedFile("notes.txt", "我的私人笔记".encode(), "text/plain"),
    )


def test_another_learner_gets_404_for_a_private_question_and_its_attachment(
    client, private_question
):
    client.force_login(UserFactory())
    assert (
        client.get(reverse("qanda:question_detail", args=[private_question.pk])).status_code == 404
    )
    assert client.get(reverse("qanda:attachment", args=[private_question.pk])).status_code == 404
    reply = client.post(reverse("qanda:answer", args=[private_question.pk]), {"body": "插话"})
    assert reply.status_code == 404
    assert private_question.answers.count() == 0


def test_an_anonymous_visitor_gets_404_for_a_private_question(client, private_question):
    assert (
        client.get(reverse("qanda:question_detail", args=[private_question.pk])).status_code == 404
    )
    assert client.get(reverse("qanda:attachment", args=[private_question.pk])).status_code == 404


def test_the_asker_and_the_expert_see_it_and_download_the_attachment(
    client, private_question, course_and_expert
):
    _course, expert = course_and_expert
    for person in (private_question.asker, expert):
        client.force_login(person)
        page = client.get(reverse("qanda:question_detail", args=[private_question.pk]))
        assert page.status_code == 200 and private_question.title in page.content.decode()
        download = client.get(reverse("qanda:attachment", args=[private_question.pk]))
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content).decode() == "我的私人笔记"


def test_a_private_question_is_not_in_the_course_faq(client, private_question, course_and_expert):
    course, _expert = course_and_expert
    public = ask(course=course, visibility="public", title="公开的问题")
    client.force_login(UserFactory())
    page = client.get(reverse("qanda:course_questions", args=[course.pk])).content.decode()
    assert public.title in page and private_question.title not in page


def test_faq_search_finds_public_questions_by_chinese_words(client, course_and_expert):
    course, _expert = course_and_expert
    ask(course=course, visibility="public", title="数据目录如何编制", body="关于目录")
    ask(course=course, visibility="public", title="安全等级保护", body="等保测评")
    page = client.get(reverse("qanda:course_questions", args=[course.pk]), {"q": "如何编制"})
    text = page.content.decode()
    assert "数据目录如何编制" in text and "安全等级保护" not in text


def test_a_bad_attachment_is_refused_with_a_message_and_nothing_is_saved(client, course_and_expert):
    course, _expert = course_and_expert
    client.force_login(UserFactory())
    reply = client.post(
        reverse("qanda:ask", args=[course.pk]),
        {
            "title": "附件问题",
            "body": "见附件",
            "visibility": "private",
            "attachment": SimpleUploadedFile(
                "page.pdf", b"<html><script>x</script>", "application/pdf"
            ),
        },
    )
    assert reply.status_code == 400
    assert "cannot be uploaded" in reply.content.decode() or "不能" in reply.content.decode()
    assert not Question.objects.exists()
