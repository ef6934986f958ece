"""Check questions: judged on the server, the correct answer never in the page before answering,
and a lesson needs every question right as well as its minimum time."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.models import CheckAnswer
from courses.services import (
    ProgressError,
    check_answer_submit,
    enrolment_create,
    lesson_heartbeat,
    lesson_visit,
)
from tests.factories import courses as f

# These tests read the English wording; the Chinese wording is the catalogue's business.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


T0 = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def quiz_lesson(learner):
    course = f.course(lessons=0)
    lesson = f.lesson(
        parent=course,
        min_seconds=60,
        body=[
            f.paragraph(),
            f.question(
                text="哪一项是正确的做法？",
                choices=("把数据交给第三方", "只取履职所需的数据项"),
                correct=2,
                block_id="q1",
            ),
        ],
    )
    enrolment_create(user=learner, course=course)
    return lesson


def test_the_lesson_page_does_not_reveal_the_correct_choice(client, learner, quiz_lesson):
    client.force_login(learner)
    html = client.get(quiz_lesson.url).content.decode()
    assert "只取履职所需的数据项" in html
    assert "correct_choice" not in html
    assert "以共享为原则是数据共享的基本要求" not in html  # the explanation comes after answering
    assert 'value="1"' in html and 'value="2"' in html
    assert "checked" not in html


def test_a_wrong_answer_is_recorded_as_wrong_and_can_be_retried(learner, quiz_lesson):
    answer = check_answer_submit(user=learner, lesson=quiz_lesson, block_id="q1", choice=1)
    assert not answer.is_correct
    answer = check_answer_submit(user=learner, lesson=quiz_lesson, block_id="q1", choice=2)
    assert answer.is_correct
    assert CheckAnswer.objects.count() == 1


def test_a_right_answer_stays_right(learner, quiz_lesson):
    check_answer_submit(user=learner, lesson=quiz_lesson, block_id="q1", choice=2)
    answer = check_answer_submit(user=learner, lesson=quiz_lesson, block_id="q1", choice=1)
    assert answer.is_correct


def test_an_unknown_question_or_choice_is_refused(learner, quiz_lesson):
    with pytest.raises(ProgressError):
        check_answer_submit(user=learner, lesson=quiz_lesson, block_id="nope", choice=1)
    with pytest.raises(ProgressError):
        check_answer_submit(user=learner, lesson=quiz_lesson, block_id="q1", choice=3)
    assert not CheckAnswer.objects.exists()


def test_time_alone_does_not_complete_a_lesson_with_questions(learner, quiz_lesson):
    lesson_visit(user=learner, lesson=quiz_lesson, now=T0)
    progress = lesson_heartbeat(user=learner, lesson=quiz_lesson, now=T0 + dt.timedelta(seconds=60))
    assert progress.seconds_spent == 60
    assert progress.completed_at is None


def test_right_answers_alone_do_not_complete_a_lesson(learner, quiz_lesson):
    lesson_visit(user=learner, lesson=quiz_lesson, now=T0)
    check_answer_submit(user=learner, lesson=quiz_lesson, block_id="q1", choice=2, now=T0)
    progress = quiz_lesson.progress.get(user=learner)
    assert progress.completed_at is None


def test_time_and_right_answers_complete_the_lesson(learner, quiz_lesson):
    lesson_visit(user=learner, lesson=quiz_lesson, now=T0)
    lesson_heartbeat(user=learner, lesson=quiz_lesson, now=T0 + dt.timedelta(seconds=60))
    later = T0 + dt.timedelta(seconds=70)
    check_answer_submit(user=learner, lesson=quiz_lesson, block_id="q1", choice=2, now=later)
    assert quiz_lesson.progress.get(user=learner).completed_at == later


def test_answering_through_the_page_shows_the_result_and_explanation(client, learner, quiz_lesson):
    client.force_login(learner)
    response = client.post(
        reverse("courses:answer", args=[quiz_lesson.pk, "q1"]), {"choice": "1"}, follow=True
    )
    html = response.content.decode()
    from django.utils import translation

    # The lesson has no English translation: the answer leads back to the Chinese lesson.
    with translation.override("zh-hans"):
        not_correct = translation.gettext("Your last answer was not correct. Try again.")
    assert not_correct != "Your last answer was not correct. Try again."
    assert not_correct in html
    assert "以共享为原则是数据共享的基本要求" in html
    assert CheckAnswer.objects.get(user=learner).is_correct is False


def test_answering_on_the_english_lesson_leads_back_to_the_english_lesson(client, learner):
    course = f.course(lessons=0)
    lesson = f.lesson(parent=course, body=[f.paragraph(), f.question(block_id="q1")])
    f.translate(course.get_parent().get_parent().specific)
    f.translate(course.get_parent().specific)
    f.translate(course, title="Data sharing")
    lesson_en = f.translate(lesson, title="Sharing data")
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    english = client.post(reverse("courses:answer", args=[lesson.pk, "q1"]), {"choice": "1"})
    assert english["Location"] == f"{lesson_en.url}#question-q1"
    assert english["Location"].startswith("/en/")
    from django.utils import translation

    with translation.override("zh-hans"):
        chinese = client.post(reverse("courses:answer", args=[lesson.pk, "q1"]), {"choice": "1"})
    assert chinese["Location"] == f"{lesson.url}#question-q1"
