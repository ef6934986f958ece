"""Ranked lookup: one SQL statement that finds, scores and orders the pages, the same SQL on
SQLite and PostgreSQL.

The statement reads only the posting lists of the query's tokens (an index range per token on
`search_token_cover`, which carries the occurrences and the title flag), so its cost follows how
many pages hold the query's words, not the size of the catalogue. It computes, per page:

- which terms match (a Chinese term needs all its bigrams, an English term any word it starts);
- each term's document frequency over the index (a window sum over the matching pages) and so
  its BM25 weight: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), with tf saturation (k1) and length
  normalisation (b) against the average page length;
- a tier that puts an exact phrase in the title first, then every term in the title, then the
  exact phrase in the text; inside a tier, BM25 times the share of terms matched.

N and the average length are the only corpus-wide figures; they are read once and cached
(`corpus_stats`), since a slightly stale average does not change an order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count

from .tokens import AnalysedQuery, Term

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 2.0  # a term in the title counts as much as this many more occurrences
TOGETHER_WEIGHT = 0.5  # per joining bigram present: the words stand together
OWN_LANGUAGE_BOOST = 1.2  # a page in the reader's language wins a tie
PREFIX_ONLY_FACTOR = 0.8  # "interop" matching only "interoperability" counts a little less
CORPUS_STATS_KEY = "courses:search:corpus-stats:v1"
CORPUS_STATS_SECONDS = 600


@dataclass(frozen=True)
class RankedEntry:
    entry_id: int
    score: float
    tier: int
    matched: int


def corpus_stats() -> tuple[int, float]:
    """(number of indexed pages, their average length), cached; dropped whenever a page is
    indexed or removed."""
    stats = cache.get(CORPUS_STATS_KEY)
    if stats is None:
        from ..models import SearchEntry

        row = SearchEntry.objects.aggregate(n=Count("pk"), avg=Avg("length"))
        stats = (row["n"] or 0, float(row["avg"] or 1.0) or 1.0)
        cache.set(CORPUS_STATS_KEY, stats, CORPUS_STATS_SECONDS)
    return stats


def forget_corpus_stats() -> None:
    cache.delete(CORPUS_STATS_KEY)


def _in(column: str, values, params: list) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _term_condition(term: Term, params: list) -> str:
    if not term.prefix:
        return _in("t.token", term.tokens, params)
    # A range on the index, not LIKE: LIKE 'x%' cannot use a B-tree index on PostgreSQL with a
    # non-C collation. Tokens are [a-z0-9], where both orders agree. A token the range holds
    # already is not looked up twice.
    outside = [token for token in term.tokens if not token.startswith(term.prefix)]
    condition = "(t.token >= %s AND t.token < %s)"
    params += [term.prefix, term.prefix[:-1] + chr(ord(term.prefix[-1]) + 1)]
    if outside:
        condition = f"({condition} OR {_in('t.token', outside, params)})"
    return condition


def ranked_entries(
    *,
    analysed: AnalysedQuery,
    language_code: str | None,
    topic_id: int | None = None,
    tag: str | None = None,
    limit: int = 50,
) -> tuple[list[RankedEntry], int]:
    """The best `limit` live pages for the query and how many matched in all (one statement)."""
    from ..models import CoursePageTag, SearchEntry, SearchToken

    terms = analysed.terms
    if not terms:
        return [], 0
    n_docs, avg_length = corpus_stats()
    entries = SearchEntry._meta.db_table
    tokens = SearchToken._meta.db_table
    pages = "wagtailcore_page"

    # 1. Per page, what each term matched (posting lists of the query's tokens only). SQL
    # placeholders are filled in text order, so each clause keeps its own parameter list.
    params: list = []  # the select list of the grouped query
    where_params: list = []
    columns = []
    where = []
    for j, term in enumerate(terms):
        where.append(_term_condition(term, where_params))
        condition = _term_condition(term, params)
        if term.english:
            occurrences = _term_condition(term, params)
            exact = _in("t.token", term.tokens, params)
            columns.append(
                f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS c{j}, "
                f"SUM(CASE WHEN {occurrences} THEN t.occurrences ELSE 0 END) AS f{j}, "
                f"MAX(CASE WHEN {exact} THEN 1 ELSE 0 END) AS x{j}, "
                f"MAX(CASE WHEN {_term_condition(term, params)} AND t.in_title THEN 1 ELSE 0 END)"
                f" AS h{j}"
            )
        else:
            columns.append(
                f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS c{j}, "
                f"MIN(CASE WHEN {_term_condition(term, params)} THEN t.occurrences END) AS f{j}, "
                f"1 AS x{j}, "
                f"MIN(CASE WHEN {_term_condition(term, params)} THEN "
                f"(CASE WHEN t.in_title THEN 1 ELSE 0 END) END) AS h{j}"
            )
    if analysed.together:
        columns.append(
            f"SUM(CASE WHEN {_in('t.token', analysed.together, params)} THEN 1 ELSE 0 END)"
            " AS together"
        )
    else:
        columns.append("0 AS together")
    grouped = (
        f"SELECT t.entry_id AS entry_id, {', '.join(columns)} "  # noqa: S608 — table names, numbers; values are parameters
        f"FROM {tokens} t WHERE {' OR '.join(where)} GROUP BY t.entry_id"
    )
    # 2. Which terms each page matched in full.
    matched_cols = []
    for j, term in enumerate(terms):
        needed = 1 if term.english else len(term.tokens)
        matched_cols.append(f"CASE WHEN g.c{j} >= {needed} THEN 1 ELSE 0 END AS m{j}")
    flagged = f"SELECT g.*, {', '.join(matched_cols)} FROM ({grouped}) g"  # noqa: S608 — table names, numbers; values are parameters
    # 3. Document frequencies: a window over every page matching any term.
    df_cols = ", ".join(f"SUM(m.m{j}) OVER () AS d{j}" for j in range(len(terms)))
    with_df = f"SELECT m.*, {df_cols} FROM ({flagged}) m"  # noqa: S608 — table names, numbers; values are parameters

    # 4. Score, tier, filters, order.
    score_parts = []
    for j, term in enumerate(terms):
        idf = f"LN(1.0 + ({n_docs} - d.d{j} + 0.5) / (d.d{j} + 0.5))"
        tf = f"(d.f{j} + {TITLE_WEIGHT} * d.h{j})"
        norm = f"{K1} * (1.0 - {B} + {B} * e.length / {avg_length})"
        factor = (
            f"(CASE WHEN d.x{j} = 1 THEN 1.0 ELSE {PREFIX_ONLY_FACTOR} END)"
            if term.english
            else "1.0"
        )
        score_parts.append(
            f"(CASE WHEN d.m{j} = 1 THEN {idf} * ({tf} * {K1 + 1}) / ({tf} + {norm}) * {factor}"
            " ELSE 0 END)"
        )
    matched = " + ".join(f"d.m{j}" for j in range(len(terms)))
    all_in_title = " + ".join(
        f"(CASE WHEN d.m{j} = 1 AND d.h{j} = 1 THEN 1 ELSE 0 END)" for j in range(len(terms))
    )
    n_terms = len(terms)
    outer_params: list = []
    phrase = analysed.phrase_pattern
    # The text is only read for pages matching every term of a query of several terms (for one
    # term, "the phrase in the text" is what matching already says).
    text_phrase = "0"
    if n_terms > 1:
        text_phrase = "CASE WHEN LOWER(e.text) LIKE %s THEN 1 ELSE 0 END"
    tier = (
        f"CASE WHEN ({matched}) < {n_terms} THEN 0 "
        "WHEN LOWER(e.title) LIKE %s THEN 3 "
        f"WHEN ({all_in_title}) = {n_terms} THEN 2 "
        f"ELSE {text_phrase} END"
    )
    outer_params.append(phrase)
    if n_terms > 1:
        outer_params.append(phrase)
    own_language = "1.0"
    if language_code is not None:
        own_language = (
            "(CASE WHEN e.locale_id = (SELECT l.id FROM wagtailcore_locale l"  # noqa: S608 — a constant; the language is a parameter
            f" WHERE l.language_code = %s) THEN {OWN_LANGUAGE_BOOST} ELSE 1.0 END)"
        )
        outer_params.append(language_code)
    score = (
        f"(({' + '.join(score_parts)}) * ({matched}) / {n_terms}.0"
        f" + {TOGETHER_WEIGHT} * d.together) * {own_language}"
    )
    filters = [f"({matched}) >= {analysed.min_match}", "p.live = %s", "cp.live = %s"]
    filter_params: list = [True, True]
    if topic_id is not None:
        filters.append("e.topic_id = %s")
        filter_params.append(topic_id)
    if tag:
        tagged = CoursePageTag._meta.db_table
        filters.append(
            f"e.course_id IN (SELECT ct.content_object_id FROM {tagged} ct "  # noqa: S608 — table names, numbers; values are parameters
            "JOIN taggit_tag tg ON tg.id = ct.tag_id WHERE tg.slug = %s)"
        )
        filter_params.append(tag)
    sql = (
        f"SELECT d.entry_id, {score} AS score, {tier} AS tier, ({matched}) AS matched, "  # noqa: S608 — table names, numbers; values are parameters
        "COUNT(*) OVER () AS total "
        f"FROM ({with_df}) d "
        f"JOIN {entries} e ON e.id = d.entry_id "
        f"JOIN {pages} p ON p.id = e.page_id "
        f"JOIN {pages} cp ON cp.id = e.course_id "
        f"WHERE {' AND '.join(filters)} "
        "ORDER BY tier DESC, score DESC, d.entry_id LIMIT %s"
    )
    # Placeholders in text order: score (own language), tier (phrases), the grouped query's
    # select list and WHERE, the filters, the limit.
    score_params = outer_params[-1:] if language_code is not None else []
    tier_params = outer_params[: 2 if n_terms > 1 else 1]
    all_params = [*score_params, *tier_params, *params, *where_params, *filter_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        rows = cursor.fetchall()
    ranked = [
        RankedEntry(entry_id=row[0], score=float(row[1]), tier=int(row[2]), matched=int(row[3]))
        for row in rows
    ]
    total = int(rows[0][4]) if rows else 0
    return ranked, total
