"""Saving a lesson in the admin whose check question lacks a usable correct choice keeps the
expert's work and names the field at fault, instead of failing with a server error."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import LessonPage
from tests.factories import courses as f

# These tests read the admin's English wording (the admin speaks the user's language).
pytestmark = pytest.mark.usefixtures("admin_speaks_english")


def _post_lesson(client, lesson, *, correct: str, publish: bool = False):
    question = {
        "question": "哪一项是正确的做法？",
        "choices": streamfield([("item", "把数据交给第三方"), ("item", "只取履职所需的数据项")]),
        "correct_choice": correct,
        "explanation": "最小必要原则。",
    }
    form = {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": "",
        "estimated_minutes": "10",
        "min_seconds": "120",
        "body": streamfield([("check_question", question)]),
        "comments": inline_formset([]),
    }
    if publish:
        form["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), nested_form_data(form))


def _body_errors(response) -> str:
    error = response.context["form"].errors["body"].as_data()[0]
    with translation.override("en"):
        return str(error.as_json_data())


@pytest.fixture
def lesson(db):
    return f.lesson(parent=f.course(lessons=0))


@pytest.mark.parametrize("publish", [False, True])
def test_a_check_question_without_its_correct_choice_is_refused_on_the_field(
    admin_client, lesson, publish
):
    response = _post_lesson(admin_client, lesson, correct="", publish=publish)
    assert response.status_code == 200  # the edit form again, not a server error
    assert "correct_choice" in _body_errors(response)
    typed = "只取履职所需的数据项"
    html = response.content.decode()
    # What the expert typed is still in the form (the block editor's data escapes non-ASCII).
    assert typed in html or json.dumps(typed)[1:-1] in html
    lesson.refresh_from_db()
    assert lesson.get_latest_revision() is None  # nothing half-valid was stored


def test_a_draft_saved_without_the_correct_choice_says_what_to_give(admin_client, lesson):
    response = _post_lesson(admin_client, lesson, correct="")
    assert "Give the number of the correct choice" in _body_errors(response)


def test_a_correct_choice_beyond_the_choices_is_refused_on_the_field(admin_client, lesson):
    response = _post_lesson(admin_client, lesson, correct="3")
    assert response.status_code == 200
    assert "one of the 2 choices" in _body_errors(response)


def test_a_check_question_with_its_correct_choice_saves(admin_client, lesson):
    response = _post_lesson(admin_client, lesson, correct="2")
    assert response.status_code == 302
    saved = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert [b.value["correct_choice"] for b in saved.body] == [2]
