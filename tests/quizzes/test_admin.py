"""The Wagtail admin for assessments: snippets render, editing a question through its form goes
through the versioning service, and question files can be uploaded, reported on and downloaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.models import Assessment, Question, QuestionImport
from quizzes.services import attempt_start
from tests.factories.people import UserFactory
from tests.factories.quizzes import competence, make_question


@pytest.mark.parametrize(
    "model", ["assessment", "question", "competence", "area", "framework", "posttarget"]
)
def test_every_assessment_snippet_lists_and_offers_a_create_form(admin_client, model):
    make_question("single")
    assert admin_client.get(reverse(f"wagtailsnippets_quizzes_{model}:list")).status_code == 200
    assert admin_client.get(reverse(f"wagtailsnippets_quizzes_{model}:add")).status_code == 200


def test_the_question_form_shows_gift_and_saving_a_used_question_makes_a_new_version(admin_client):
    question = make_question("single", name="一网通办")
    attempt_start(user=UserFactory(), assessment=_test_with(question))
    url = reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])
    page = admin_client.get(url).content.decode()
    assert "=一网通办#对：统一入口。" in page
    reply = admin_client.post(
        url,
        {
            "name": "一网通办",
            "category": "数字政府",
            "competence": competence("6.1").pk,
            "difficulty": "easy",
            "language": "zh-hans",
            "tags": "一网通办",
            "is_active": "on",
            "content": "“一网通办”指什么？ {=一个入口办成事 ~各自建网站}",
        },
    )
    assert reply.status_code == 302, reply.content.decode()[:2000]
    question.refresh_from_db()
    assert question.versions.count() == 2 and question.current_version.number == 2
    assert question.category == "数字政府" and list(question.tags.names()) == ["一网通办"]


def test_a_broken_question_form_says_what_is_wrong_and_saves_nothing(admin_client):
    reply = admin_client.post(
        reverse("wagtailsnippets_quizzes_question:add"),
        {
            "name": "x",
            "competence": competence("6.1").pk,
            "difficulty": "easy",
            "language": "zh-hans",
            "content": "只有说明，没有答案",
        },
    )
    assert reply.status_code == 200
    html = reply.content.decode()
    assert "description" in html
    assert not Question.objects.exists()


def _test_with(question):
    from tests.factories.quizzes import AssessmentFactory, add_fixed

    return add_fixed(AssessmentFactory(), [question])


def test_question_files_upload_report_template_and_export(admin_client, run_tasks):
    upload = SimpleUploadedFile("bank.gift", "::a::只有说明\n".encode())
    with run_tasks():
        reply = admin_client.post(
            reverse("quizzes_import_create"),
            {
                "file": upload,
                "format": "gift",
                "default_competence": competence("6.1").pk,
                "default_language": "zh-hans",
            },
        )
    record = QuestionImport.objects.get()
    assert reply.url == reverse("quizzes_import_detail", args=[record.pk])
    page = admin_client.get(reply.url).content.decode()
    assert "description" in page and "<td>1</td>" in page  # the problem and its line
    template = admin_client.get(reverse("quizzes_import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    make_question("matching", name="热线配对")
    export = admin_client.get(reverse("quizzes_export"), {"format": "gift"})
    assert "::热线配对::" in export.content.decode()


def test_learners_cannot_reach_the_question_admin(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("quizzes_import_list")).status_code in (302, 403)
    assert Assessment.objects.count() == 0
