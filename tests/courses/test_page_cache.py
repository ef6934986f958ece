"""Course and lesson pages cache what is the same for every learner, never a stale page and never
one learner's state: a publish shows at once, languages are cached apart, progress is per learner."""

import json

import pytest
from django.utils import timezone

from courses.models import LessonProgress
from courses.services import check_answer_submit, enrolment_create
from tests.factories import UserFactory
from tests.factories import courses as f

pytestmark = pytest.mark.django_db


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _lessons(course):
    return [page.specific for page in course.get_children().order_by("path")]


def test_a_published_revision_shows_its_new_body_and_outline_at_once(client, course):
    lesson = _lessons(course)[0]
    assert "第1课" in _html(client, course.url)  # now cached
    course.body = "<p>修订后的课程介绍</p>"
    course.save_revision().publish()
    lesson.title = "修订后的课时标题"
    lesson.body = json.dumps([f.paragraph("<p>修订后的课时内容</p>")], ensure_ascii=False)
    lesson.save_revision().publish()
    html = _html(client, course.url)
    assert "修订后的课程介绍" in html
    assert "修订后的课时标题" in html
    assert "修订后的课时内容" in _html(client, lesson.url)
    # A lesson added and published later joins the outline and the neighbours' pager.
    added = f.lesson(parent=course, title="新增的课时", live=False)
    added.save_revision().publish()
    assert "新增的课时" in _html(client, course.url)
    assert "新增的课时" in _html(client, _lessons(course)[2].url)


def test_an_unpublished_lesson_disappears_from_the_outline(client, course):
    first, second, third = _lessons(course)
    second.title = "即将下线的课时"
    second.save_revision().publish()
    assert "即将下线的课时" in _html(client, course.url)
    assert "即将下线的课时" in _html(client, first.url)  # the "next" link
    second.unpublish()
    assert "即将下线的课时" not in _html(client, course.url)
    html = _html(client, first.url)
    assert "即将下线的课时" not in html
    assert third.title in html


def test_one_learners_progress_and_answers_never_show_for_another(client, course):
    learner_a, learner_b = UserFactory(), UserFactory()
    lesson = f.lesson(parent=course, title="带问题的课时", body=[f.question(correct=1)])
    block_id = next(iter(lesson.check_questions()))
    for learner in (learner_a, learner_b):
        enrolment_create(user=learner, course=course)
    first = _lessons(course)[0]
    now = timezone.now()
    LessonProgress.objects.create(
        user=learner_a,
        lesson=first,
        seconds_spent=200,
        first_seen=now,
        last_heartbeat_at=now,
        completed_at=now,
    )
    check_answer_submit(user=learner_a, lesson=lesson, block_id=block_id, choice=1)

    client.force_login(learner_a)
    assert "lesson-list__item--done" in _html(client, course.url)
    assert "check-question--right" in _html(client, lesson.url)
    client.force_login(learner_b)
    assert "lesson-list__item--done" not in _html(client, course.url)
    html = _html(client, lesson.url)
    assert "check-question--right" not in html
    assert 'name="choice"' in html  # learner B may still answer
    client.logout()
    html = _html(client, lesson.url)
    assert "check-question--right" not in html
    assert 'name="choice"' not in html


def test_english_and_chinese_pages_are_cached_apart(client):
    catalogue = f.catalogue()
    topic = f.topic(parent=catalogue)
    course = f.course(parent=topic, lessons=2)
    f.translate(catalogue, title="Course catalogue")
    f.translate(topic, title="Data governance", slug="data-governance")
    course_en = f.translate(
        course, title="Data sharing", slug="sharing", body="<p>English intro</p>"
    )
    lessons_en = [
        f.translate(lesson, title=f"English lesson {number}", slug=f"lesson-{number}")
        for number, lesson in enumerate(_lessons(course), start=1)
    ]
    zh = _html(client, course.url)
    en = _html(client, course_en.url)
    assert "第1课" in zh and "English lesson 1" not in zh
    assert "English lesson 1" in en and "第1课" not in en
    assert "English intro" in en and "English intro" not in zh
    # The English lesson links to its English neighbour, the Chinese one to the Chinese.
    assert "English lesson 2" in _html(client, lessons_en[0].url)
    assert "English lesson 2" not in _html(client, _lessons(course)[0].url)
    # Served again (from the cache), each language still shows its own.
    assert "English lesson 1" not in _html(client, course.url)
    assert "第1课" not in _html(client, course_en.url)
