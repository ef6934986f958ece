"""Search finds Chinese words of one to four characters in mid-sentence, English words,
and nothing for a word that is not there; the same on SQLite and PostgreSQL. Ranking, prefixes
and either language: test_search_ranking.py; the page: test_search_view.py."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.models import SearchEntry, SearchQueryLog
from courses.search import parse_query, text_tokens
from courses.selectors import search_pages
from tests.factories import courses as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    catalogue = f.catalogue()
    data_topic = f.topic(parent=catalogue, title="数据治理")
    security_topic = f.topic(parent=catalogue, title="网络安全")
    data_course = f.course(parent=data_topic, title="政务服务改革", lessons=0, tags=["公开资源"])
    f.lesson(
        parent=data_course,
        title="第一课",
        body=[
            f.paragraph(
                "<p>各部门应当推进政务数据共享，实现一网通办，并且依法保护个人信息。"
                "Open data helps e-government services.</p>"
            )
        ],
    )
    security_course = f.course(parent=security_topic, title="等级保护", lessons=0)
    f.lesson(
        parent=security_course,
        title="日志留存",
        body=[f.paragraph("<p>网络日志留存不少于六个月，这是等级保护的要求。</p>")],
    )
    f.index_tree(catalogue)
    return {"data_topic": data_topic, "data_course": data_course, "security": security_course}


def _titles(query, **kwargs):
    results, total = search_pages(query=query, language="zh-hans", **kwargs)
    assert total == len(results)
    return [r.entry.title for r in results]


@pytest.mark.parametrize("word", ["数据", "一网通", "个人信息", "政务数据共享"])
def test_chinese_words_in_mid_sentence_are_found(indexed, word):
    assert _titles(word) == ["第一课"]


def test_english_words_are_found_case_and_plural_insensitively(indexed):
    assert _titles("Open DATA") == ["第一课"]
    assert _titles("service") == ["第一课"]
    assert _titles("e-government") == ["第一课"]


@pytest.mark.parametrize(
    ("word", "titles"),
    [("享", ["第一课"]), ("志", ["日志留存"]), ("改", ["政务服务改革"]), ("链", [])],
)
def test_a_one_character_query_finds_the_pages_that_use_it(indexed, word, titles):
    assert _titles(word) == titles


@pytest.mark.parametrize("word", ["区块链", "blockchain", "链上"])
def test_a_word_that_is_not_there_finds_nothing(indexed, word):
    assert _titles(word) == []


def test_a_page_matching_one_word_of_two_is_found_after_pages_matching_both(indexed):
    assert _titles("日志 六个月") == ["日志留存"]
    assert sorted(_titles("数据 日志")) == ["日志留存", "第一课"]
    # 数据区块: 区块 is nowhere, 数据 is in the first lesson.
    assert _titles("数据区块") == ["第一课"]


def test_title_hits_rank_first(indexed):
    assert _titles("等级保护") == ["等级保护", "日志留存"]


def test_filters_by_topic_and_tag(indexed):
    assert _titles("等级保护", topic_id=indexed["data_topic"].pk) == []
    assert _titles("数据", tag="公开资源") == ["第一课"]
    assert _titles("等级保护", tag="公开资源") == []


def test_results_highlight_what_matched(indexed):
    results, _ = search_pages(query="一网通", language="zh-hans")
    assert "<mark>一网通</mark>" in str(results[0].snippet_html)


def test_highlighting_escapes_page_text(db):
    course = f.course(title="<script>alert(1)</script> 数据", lessons=0, index=True)
    results, _ = search_pages(query="数据", language="zh-hans")
    assert "<script>" not in str(results[0].title_html)
    assert course.pk == results[0].entry.page_id


def test_chinese_pages_are_found_from_the_english_site_and_say_their_language(indexed):
    results, total = search_pages(query="日志留存", language="en")
    assert total == 1
    assert (results[0].entry.title, results[0].language_code) == ("日志留存", "zh-hans")


def test_unpublishing_removes_a_page_from_search(indexed):
    indexed["security"].get_children().first().specific.unpublish()
    assert _titles("日志") == []


def test_lessons_of_an_unpublished_course_are_not_found(indexed):
    indexed["security"].unpublish()
    assert _titles("日志") == []


def test_publishing_indexes_the_page(db):
    course = f.course(lessons=0)
    lesson = f.lesson(parent=course, title="新课", live=False)
    lesson.body = '[{"type": "paragraph", "value": "<p>电子证照互认</p>", "id": "x"}]'
    lesson.save_revision().publish()
    assert _titles("证照") == ["新课"]


def test_rebuild_command_indexes_every_live_course_and_lesson(indexed):
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert _titles("个人信息") == ["第一课"]
    assert SearchEntry.objects.count() == 4


def test_the_search_page_logs_queries_and_suggests_topics_when_empty(client, indexed):
    response = client.get(reverse("courses:search"), {"q": "区块链"})
    html = response.content.decode()
    assert "Nothing matched" in html or "没有" in html
    assert indexed["data_topic"].title in html
    log = SearchQueryLog.objects.get()
    assert (log.query, log.results_count, log.locale) == ("区块链", 0, "zh-hans")
    response = client.get(reverse("courses:search"), {"q": "数据"})
    assert "<mark>数据</mark>" in response.content.decode()


def test_query_tokens_are_the_index_tokens():
    parsed = parse_query("个人信息 Services")
    assert {"个人", "人信", "信息", "service"} <= parsed.required
    assert parsed.required <= set(text_tokens("保护个人信息的services"))
