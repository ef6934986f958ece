"""How text and queries are cut (courses.search.tokens), without a database: properties that
hold for any text, and the cuts people's queries rely on."""

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.search import analyse_query, highlight, text_length, text_tokens
from courses.search.tokens import MAX_QUERY_LENGTH, MAX_TERMS, MAX_TOKEN_LENGTH, bigrams

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
chinese = st.text(CJK, min_size=1, max_size=12)
english_word = st.from_regex(r"[a-z]{1,12}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(chinese)
def test_every_character_and_bigram_of_chinese_text_is_a_token(text):
    tokens = text_tokens(text)
    assert set(text) <= set(tokens)
    assert set(bigrams(text)) <= set(tokens)


@settings(max_examples=60, deadline=None)
@given(st.lists(chinese, min_size=1, max_size=4))
def test_a_page_holding_the_query_matches_every_term_of_it(words):
    """Whatever jieba makes of a run-together query, a text that holds it holds every term."""
    query = "".join(words)
    tokens = set(text_tokens(f"前文{query}后文"))
    analysed = analyse_query(query)
    assert analysed.terms
    for term in analysed.terms:
        assert set(term.tokens) <= tokens, term


@settings(max_examples=60, deadline=None)
@given(st.lists(chinese, min_size=2, max_size=4))
def test_a_page_holding_the_words_apart_and_reordered_matches_every_term(words):
    """Space-separated words are terms of their own: any order, any distance in the text."""
    analysed = analyse_query(" ".join(words))
    tokens = set(text_tokens("，其他内容，".join(reversed(words))))
    for term in analysed.terms:
        assert set(term.tokens) <= tokens, term


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_any_query_is_cut_within_bounds(query):
    analysed = analyse_query(query)
    assert len(analysed.terms) <= MAX_TERMS
    for term in analysed.terms:
        assert term.tokens
        assert all(0 < len(token) <= MAX_TOKEN_LENGTH for token in term.tokens)
        assert "\x00" not in "".join(term.tokens)
    # A LIKE pattern built only from letters, digits and the wildcards it adds.
    assert re.fullmatch(r"%[\w%]*%|%%", analysed.phrase_pattern.replace("_", "a"))


@settings(max_examples=40, deadline=None)
@given(english_word)
def test_an_english_word_matches_itself_and_its_longer_forms(word):
    term = analyse_query(word).terms[0]
    assert term.english
    assert set(text_tokens(word)) <= set(term.tokens)  # the word as the index folds it
    if len(word) >= 3:
        assert term.prefix == word  # "interop" -> interoperability


def test_a_short_english_word_is_not_a_prefix():
    assert analyse_query("ai").terms[0].prefix is None


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("共享数据", ["共享", "数据"]),
        ("个人信息保护", ["个人", "信息", "保护"]),
        ("数据共享安全", ["数据", "共享", "安全"]),
        ("一网通办", ["一网通办"]),
        ("数据 的 目录", ["数据", "目录"]),
        ("Open DATA", ["open", "data"]),
        ("the", ["the"]),  # a query of only a stop word keeps it
    ],
)
def test_queries_are_cut_into_the_words_people_mean(query, terms):
    assert [term.text for term in analyse_query(query).terms] == terms


def test_the_joining_bigrams_of_a_run_together_query_rank_words_that_touch():
    analysed = analyse_query("数据共享")
    assert analysed.together == ("据共",)
    assert analysed.phrase_pattern == "%数据共享%"


def test_english_words_of_a_phrase_may_stand_a_hyphen_or_space_apart():
    assert analyse_query("e-government services").phrase_pattern == "%e_government_services%"


@pytest.mark.parametrize("query", ["", "!!!", "，。、", "\x00", "<>&\"'", " " * 50])
def test_punctuation_alone_has_no_terms(query):
    assert not analyse_query(query)


def test_an_overlong_query_is_cut_at_the_limit():
    analysed = analyse_query("数据" * MAX_QUERY_LENGTH)
    assert len(analysed.terms) == 1


def test_length_counts_english_words_and_chinese_characters_halved():
    assert text_length("open data 政务数据") == 4
    assert text_length("") == 0


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=5), max_size=3))
def test_highlighting_escapes_everything_and_only_adds_marks(text, terms):
    out = str(highlight(text, terms))
    assert out.replace("<mark>", "").replace("</mark>", "") == html.escape(text)
