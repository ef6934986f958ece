"""Where a page sits in the catalogue is a fact the model answers: a lesson's course and a
course's topic, each in one query and then kept on the object."""

import pytest

from courses.models import CoursePage, LessonPage, TopicPage
from tests.factories import courses as f

pytestmark = pytest.mark.django_db


def test_a_lesson_knows_its_course_and_a_course_its_topic_in_one_query_each(
    django_assert_num_queries,
):
    topic = f.topic()
    course = f.course(parent=topic, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    fresh_course = CoursePage.objects.get(pk=course.pk)
    with django_assert_num_queries(1):
        assert lesson.course.pk == course.pk and isinstance(lesson.course, CoursePage)
    with django_assert_num_queries(1):
        assert fresh_course.topic.pk == topic.pk and isinstance(fresh_course.topic, TopicPage)


def test_an_english_lesson_belongs_to_the_english_course():
    catalogue = f.catalogue()
    topic = f.topic(parent=catalogue)
    course = f.course(parent=topic, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    for page in (catalogue, topic, course):
        f.translate(page)
    english_lesson = f.translate(lesson)
    english_course = CoursePage.objects.get(
        translation_key=course.translation_key, locale__language_code="en"
    )
    assert english_lesson.course.pk == english_course.pk
    assert english_course.topic.locale.language_code == "en"


def test_a_course_outside_a_topic_has_no_topic():
    course = f.course(parent=f.catalogue(), lessons=0)
    assert CoursePage.objects.get(pk=course.pk).topic is None
