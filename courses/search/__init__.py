"""Search for courses and lessons in Chinese and English, the same way on SQLite and PostgreSQL.

- `tokens`: how page text and queries are cut into tokens and terms (jieba words, CJK bigrams and
  characters, folded English words and their prefixes);
- `indexing`: the index of live courses and lessons, kept in step by courses.receivers;
- `ranking`: the one SQL statement that matches, scores (BM25) and orders;
- `results`: highlighted results, hostile-query messages, suggestions for an empty result.

Callers keep importing `courses.search` (and other apps `courses.selectors`).
"""

from .indexing import index_page, page_text, rebuild_index, unindex_page
from .ranking import corpus_stats, ranked_entries
from .results import (
    SNIPPET_RADIUS,
    QueryProblem,
    SearchResult,
    check_query,
    highlight,
    popular_courses,
    related_tags,
    search_pages,
)
from .tokens import (
    MAX_QUERY_LENGTH,
    AnalysedQuery,
    ParsedQuery,
    Term,
    analyse_query,
    parse_query,
    text_length,
    text_tokens,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "SNIPPET_RADIUS",
    "AnalysedQuery",
    "ParsedQuery",
    "QueryProblem",
    "SearchResult",
    "Term",
    "analyse_query",
    "check_query",
    "corpus_stats",
    "highlight",
    "index_page",
    "page_text",
    "parse_query",
    "popular_courses",
    "ranked_entries",
    "rebuild_index",
    "related_tags",
    "search_pages",
    "text_length",
    "text_tokens",
    "unindex_page",
]
