"""No empty section is ever shown: topics without a live course are not listed, not reachable,
and the nav only links to a catalogue that has something in it."""

import pytest

from tests.factories import courses as f

pytestmark = pytest.mark.django_db


def test_a_topic_without_a_live_course_is_not_listed(client):
    catalogue = f.catalogue()
    full = f.topic(parent=catalogue, title="数据治理")
    f.course(parent=full, title="政务数据共享与开放")
    empty = f.topic(parent=catalogue, title="区块链政务应用")
    draft_only = f.topic(parent=catalogue, title="政务云")
    f.course(parent=draft_only, title="草稿课程", live=False)
    html = client.get(catalogue.url).content.decode()
    assert "数据治理" in html
    assert empty.title not in html
    assert draft_only.title not in html


def test_a_course_without_a_live_lesson_does_not_keep_its_topic_alive(client):
    catalogue = f.catalogue()
    topic = f.topic(parent=catalogue, title="人工智能")
    course = f.course(parent=topic, lessons=0)
    f.lesson(parent=course, live=False)
    assert topic.title not in client.get(catalogue.url).content.decode()
    assert client.get(topic.url).status_code == 404


def test_an_empty_topic_page_is_not_found(client):
    topic = f.topic()
    assert client.get(topic.url).status_code == 404


def test_the_nav_links_to_the_catalogue_only_when_it_lists_something(client):
    catalogue = f.catalogue()
    topic = f.topic(parent=catalogue)
    home_html = client.get("/").content.decode()
    assert f'href="{catalogue.url}"' not in home_html
    f.course(parent=topic)
    home_html = client.get("/").content.decode()
    assert f'href="{catalogue.url}"' in home_html


def test_the_english_nav_links_to_the_english_catalogue(client):
    catalogue = f.catalogue()
    topic = f.topic(parent=catalogue)
    course = f.course(parent=topic, lessons=1)
    catalogue_en = f.translate(catalogue, title="Course catalogue")
    topic_en = f.translate(topic, title="Data governance")
    course_en = f.translate(course, title="Data sharing")
    html = client.get("/en/").content.decode()
    assert f'href="{catalogue_en.url}"' not in html  # no English lesson yet: nothing to show
    f.translate(course.get_children().first().specific, title="Lesson one")
    html = client.get("/en/").content.decode()
    assert f'href="{catalogue_en.url}"' in html
    assert client.get(topic_en.url).status_code == 200
    assert "Data sharing" in client.get(topic_en.url).content.decode()
    assert course_en.live
