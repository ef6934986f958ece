"""The search page: words apart and reordered, English on the Chinese site, English prefixes,
lesson hits naming their course, suggestions for an empty result, and hostile queries that get a
sentence instead of an error. English wording is asserted under English requests."""

import pytest
from django.urls import reverse
from django.utils import translation

from courses.models import SearchQueryLog
from courses.search import MAX_QUERY_LENGTH
from courses.services import enrolment_create
from tests.factories import courses as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(learner):
    catalogue = f.catalogue()
    topic = f.topic(parent=catalogue, title="数据治理")
    course = f.course(parent=topic, title="政务数据共享", lessons=0, tags=["数据治理"])
    f.lesson(
        parent=course,
        title="共享的规则",
        body=[f.paragraph("<p>各部门的数据要依法共享，申请时说明用途。</p>")],
    )
    other = f.course(parent=topic, title="网络安全", lessons=1)
    enrolment_create(user=learner, course=other)
    catalogue_en = f.translate(catalogue, title="Catalogue")
    topic_en = f.translate(topic, title="Data governance")
    course_en = f.translate(course, title="Government data sharing")
    english = f.lesson(
        parent=course_en,
        title="Interoperability rules",
        body=[f.paragraph("<p>Departments share data through common interfaces.</p>")],
    )
    english.locale = course_en.locale
    english.save()
    f.index_tree(catalogue)
    f.index_tree(catalogue_en)
    return {"course": course, "other": other, "topic_en": topic_en}


def _get(client, query, language="zh-hans"):
    with translation.override(language):
        url = reverse("courses:search")
    response = client.get(url, {"q": query}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_words_apart_in_the_text_are_found(client, site):
    html = _get(client, "数据 用途")
    assert "共享的规则" in html


def test_words_typed_together_in_another_order_are_found(client, site):
    assert "共享的规则" in _get(client, "用途数据")


def test_an_english_word_on_the_chinese_site_finds_the_english_page_and_says_so(client, site):
    html = _get(client, "interfaces")
    assert "Interoperability rules" in html
    assert 'lang="en"' in html
    assert "English" in html


def test_the_start_of_an_english_word_finds_it(client, site):
    html = _get(client, "interop", language="en")
    assert "<mark>Interop</mark>erability rules" in html


def test_a_lesson_hit_says_its_course(client, site):
    html = _get(client, "interop", language="en")
    assert "in the course Government data sharing" in html


def test_an_empty_result_suggests_related_tags_and_popular_courses(client, site):
    # Three terms: a page needs two of them; only the tag 数据治理 shares one (治理).
    html = _get(client, "治理 方案 规划")
    assert "search-result__title" not in html
    assert "search-suggestions--tags" in html
    assert "?q=%E6%95%B0%E6%8D%AE%E6%B2%BB%E7%90%86" in html  # the tag 数据治理 as a search
    assert "search-suggestions--courses" in html
    courses_block = html.split("search-suggestions--courses", 1)[1]
    # The course a learner enrolled on is first.
    assert courses_block.index("网络安全") < courses_block.index("政务数据共享")


def test_an_empty_result_in_english_says_so(client, site):
    html = _get(client, "blockchain", language="en")
    assert "Nothing matched" in html
    assert "Popular courses" in html


def test_a_query_of_punctuation_gets_a_sentence(client, site):
    html = _get(client, "？！…###", language="en")
    assert "punctuation and symbols alone find nothing" in html
    assert SearchQueryLog.objects.count() == 0


def test_an_overlong_query_gets_a_sentence(client, site):
    html = _get(client, "数据" * MAX_QUERY_LENGTH, language="en")
    assert f"Use at most {MAX_QUERY_LENGTH} characters" in html
    assert SearchQueryLog.objects.count() == 0


def test_a_nul_byte_is_refused_with_a_message_not_a_server_error(client, site):
    with translation.override("en"):
        url = reverse("courses:search")
    response = client.get(url, {"q": "数据\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.content


@pytest.mark.parametrize(
    "query", ["' OR 1=1 --", "%_%", "数据%", "<script>alert(1)</script>", "a" * 64 + "b" * 64]
)
def test_sql_and_html_in_a_query_are_only_text(client, site, query):
    html = _get(client, query, language="en")
    assert "<script>alert(1)</script>" not in html


def test_a_search_is_logged_with_its_count(client, site):
    _get(client, "数据")
    log = SearchQueryLog.objects.get()
    assert (log.query, log.locale) == ("数据", "zh-hans")
    assert log.results_count >= 2
