"""Ranking (courses.search.ranking): words apart and reordered, rarer and more words first, exact
phrase and title first, English prefixes, either language, and a fixed number of queries. The
same SQL runs on SQLite and PostgreSQL (run this file with DATABASE_URL for the latter)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.search import search_pages
from tests.factories import courses as f

pytestmark = pytest.mark.django_db


def _lesson(course, title, text):
    return f.lesson(parent=course, title=title, body=[f.paragraph(f"<p>{text}</p>")])


@pytest.fixture
def library():
    """Chinese lessons on data and security, and an English translation of the catalogue."""
    catalogue = f.catalogue()
    topic = f.topic(parent=catalogue, title="综合")
    course = f.course(parent=topic, title="综合课程", lessons=0)
    pages = {
        "apart": _lesson(course, "部门协同", "各部门的数据要及时共享，提高办事效率。"),
        "together": _lesson(course, "共享原则", "政务数据共享以共享为原则，不共享为例外。"),
        "security": _lesson(course, "日志管理", "网络日志留存不少于六个月，数据要备份。"),
        "rare": _lesson(course, "接口标准", "统一接口让系统之间可以互通，数据格式一致。"),
        "title": _lesson(course, "数据共享", "本课介绍基本概念。"),
    }
    for number in range(6):  # 数据 is common, 接口 is rare
        _lesson(course, f"填充{number}", "数据是基础资源，数据要管好。")
    catalogue_en = f.translate(catalogue, title="Catalogue")
    topic_en = f.translate(topic, title="General")
    course_en = f.translate(course, title="General course")
    english = f.lesson(
        parent=course_en,
        title="Interoperability between systems",
        body=[f.paragraph("<p>Common interfaces let government systems share data.</p>")],
    )
    english.locale = course_en.locale
    english.save()
    f.index_tree(catalogue)
    f.index_tree(catalogue_en)
    pages["english"] = english
    pages["topic_en"] = topic_en
    return pages


def _titles(query, language="zh-hans", **kwargs):
    results, _ = search_pages(query=query, language=language, **kwargs)
    return [result.entry.title for result in results]


def test_run_together_words_find_pages_holding_them_apart(library):
    titles = _titles("共享数据")
    assert {"部门协同", "共享原则", "数据共享"} <= set(titles)


def test_the_exact_phrase_in_the_title_comes_first_then_the_phrase_in_the_text(library):
    titles = _titles("数据共享")
    assert titles[0] == "数据共享"
    assert titles.index("共享原则") < titles.index("部门协同")  # phrase before words apart


def test_pages_matching_more_terms_rank_before_pages_matching_fewer(library):
    titles = _titles("数据 日志 备份")
    assert titles[0] == "日志管理"


def test_a_rare_term_outweighs_a_common_one(library):
    titles = _titles("数据 接口")
    assert titles[0] == "接口标准"
    # A page with only the common word is still listed, after.
    assert "填充0" in titles


def test_a_common_word_alone_does_not_qualify_a_page_for_a_long_query(library):
    assert "填充0" not in _titles("数据 接口 互通 格式")


def test_an_english_prefix_finds_the_whole_word(library):
    assert _titles("interop", language="en") == ["Interoperability between systems"]
    assert _titles("INTEROPERABILITY", language="en") == ["Interoperability between systems"]


def test_an_english_term_on_the_chinese_site_finds_english_pages_with_their_language(library):
    results, total = search_pages(query="interfaces", language="zh-hans")
    assert total == 1
    assert results[0].language_code == "en"
    assert results[0].language_name == "English"


def test_a_lesson_hit_names_its_course(library):
    results, _ = search_pages(query="日志", language="zh-hans")
    assert results[0].course_title == "综合课程"
    assert results[0].is_lesson


def test_topic_filter_keeps_to_the_topic(library):
    assert _titles("interop", language="en", topic_id=library["topic_en"].pk) == [
        "Interoperability between systems"
    ]
    assert _titles("日志", topic_id=library["topic_en"].pk) == []


def test_total_counts_every_match_while_results_stop_at_the_limit(library):
    results, total = search_pages(query="数据", language="zh-hans", limit=3)
    assert len(results) == 3
    assert total >= 10


def _queries(query):
    search_pages(query=query, language="zh-hans")  # the corpus figures are cached now
    with CaptureQueriesContext(connection) as captured:
        search_pages(query=query, language="zh-hans")
    return len(captured)


def test_queries_per_search_do_not_grow_with_terms_or_matches(library):
    counts = {_queries(q) for q in ["数据", "数据 日志 备份 接口 互通", "interop"]}
    course = f.course(title="更多课程", lessons=5, index=True)
    assert course.pk
    counts.add(_queries("数据共享 日志"))
    assert counts == {2}  # the ranked statement and the fetch of the best entries
    assert _queries("不存在的词") == 1  # nothing to fetch
