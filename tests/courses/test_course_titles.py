"""On English pages a course's title is its English translation's title where one exists, read
for a whole list in one query; Chinese pages and untranslated courses keep the Chinese title."""

import pytest
from django.utils import translation

from courses.selectors import course_titles_in_active_language
from courses.services import enrolment_create
from tests.factories import courses as f
from tests.factories.qanda import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_courses():
    catalogue = f.catalogue()
    topic = f.topic(parent=catalogue)
    f.translate(catalogue, title="Course catalogue")
    topic_en = f.translate(topic, title="Data governance", slug="data-governance")
    translated = f.course(parent=topic, title="政务数据共享与开放", lessons=1)
    f.translate(translated, title="Government data sharing and opening", slug="sharing")
    untranslated = f.course(parent=topic, title="数据安全管理", lessons=1)
    return translated, untranslated, topic_en


def test_english_titles_replace_chinese_ones_where_a_translation_exists(two_courses):
    translated, untranslated, _ = two_courses
    with translation.override("en"):
        titles = course_titles_in_active_language(courses=[translated, untranslated])
    assert titles == {
        translated.pk: "Government data sharing and opening",
        untranslated.pk: "数据安全管理",
    }


def test_chinese_pages_keep_the_chinese_titles_without_a_query(
    two_courses, django_assert_num_queries
):
    translated, untranslated, _ = two_courses
    with translation.override("zh-hans"), django_assert_num_queries(0):
        titles = course_titles_in_active_language(courses=[translated, untranslated])
    assert titles[translated.pk] == "政务数据共享与开放"


def test_a_whole_list_costs_one_query(two_courses, django_assert_num_queries):
    translated, untranslated, _ = two_courses
    more = [f.course(parent=translated.get_parent().specific, lessons=0) for _ in range(3)]
    with translation.override("en"), django_assert_num_queries(1):
        course_titles_in_active_language(courses=[translated, untranslated, *more])


def test_my_questions_in_english_shows_the_english_course_title(client, learner, two_courses):
    translated, _, _ = two_courses
    enrolment_create(user=learner, course=translated)
    ask(course=translated, user=learner)
    client.force_login(learner)
    html = client.get("/en/learning/questions/mine/").content.decode()
    assert "Government data sharing and opening" in html
    assert "政务数据共享与开放" not in html


def test_the_managers_team_and_person_pages_in_english_show_the_english_course_title(
    client, two_courses
):
    import datetime as dt

    from people.models import Role
    from tests.factories import OrgUnitFactory, ProfileFactory, UserFactory, grant_role
    from training.services import training_assignment_create

    translated, _, _ = two_courses
    unit = OrgUnitFactory(name="市数据局", code="bureau-titles")
    manager = UserFactory(full_name="王经理")
    grant_role(manager, Role.MANAGER, unit)
    member = ProfileFactory(org_unit=unit)
    training_assignment_create(
        assigned_by=manager,
        due_date=dt.date.today() + dt.timedelta(days=30),
        course=translated,
        users=[member.user],
    )
    client.force_login(manager)
    for url in ("/en/manage/team/", f"/en/manage/team/person/{member.pk}/"):
        html = client.get(url).content.decode()
        assert "Government data sharing and opening" in html, url
        assert "政务数据共享与开放" not in html, url
