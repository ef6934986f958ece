"""What the search page shows: ranked, highlighted results in either language, and suggestions
when nothing matched. Reads only; `courses.selectors` re-exports these for other apps."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

from django.db.models import F
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.coreutils import get_supported_content_language_variant

from .ranking import ranked_entries
from .tokens import MAX_QUERY_LENGTH, AnalysedQuery, analyse_query, bigrams, is_cjk

SNIPPET_RADIUS = 60
SUGGESTED_COURSES = 5


class QueryProblem(ValueError):
    """A query search cannot run; the message says why in a whole sentence."""


@dataclass
class SearchResult:
    entry: object  # courses.models.SearchEntry: title, text, kind and the page's url_path
    url: str
    title_html: str
    snippet_html: str
    language_code: str
    language_name: str
    course_title: str | None  # for a lesson: the course it belongs to
    score: float
    tier: int

    @property
    def is_lesson(self) -> bool:
        return self.entry.kind == "lesson"


def check_query(query: str) -> AnalysedQuery:
    """The query's terms, or QueryProblem with a message for the person who typed it."""
    from django.utils.translation import gettext as _

    if len(query) > MAX_QUERY_LENGTH:
        raise QueryProblem(
            _("Your search is too long. Use at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    analysed = analyse_query(query)
    if not analysed:
        raise QueryProblem(
            _(
                "Type a word or a Chinese character to search: punctuation and symbols alone find nothing."
            )
        )
    return analysed


def _language_name(code: str) -> str:
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return code


def search_pages(
    *,
    query: str,
    language: str | None = None,
    topic_id: int | None = None,
    tag: str | None = None,
    request=None,
    limit: int = 50,
) -> tuple[list[SearchResult], int]:
    """Live courses and lessons in either language matching the query, best first, with
    highlighted title and snippet. Returns (the first `limit` results, how many matched). Two
    queries whatever the query and the catalogue's size (one when nothing matched; one more when
    the corpus figures are not cached)."""
    from ..models import SearchEntry

    try:
        analysed = check_query(query)
    except QueryProblem:
        return [], 0
    code = get_supported_content_language_variant(language or translation.get_language())
    ranked, total = ranked_entries(
        analysed=analysed, language_code=code, topic_id=topic_id, tag=tag, limit=limit
    )
    # Only what a result shows: building 50 full page and course instances cost more than the
    # ranked statement itself. A page's URL needs only its url_path (and the cached site roots).
    entries = (
        SearchEntry.objects.select_related("page")
        .only("id", "title", "text", "kind", "course_id", "page__id", "page__url_path")
        .annotate(language_code=F("locale__language_code"), course_title=F("course__title"))
        .in_bulk([row.entry_id for row in ranked])
    )
    results = []
    for row in ranked:
        entry = entries.get(row.entry_id)
        if entry is None:  # removed between the two statements
            continue
        entry_code = entry.language_code
        results.append(
            SearchResult(
                entry=entry,
                url=entry.page.get_url(request) or "",
                title_html=highlight(entry.title, analysed.highlight),
                snippet_html=highlight(entry.text, analysed.highlight, radius=SNIPPET_RADIUS),
                language_code=entry_code,
                language_name=_language_name(entry_code),
                course_title=entry.course_title if entry.kind == SearchEntry.Kind.LESSON else None,
                score=row.score,
                tier=row.tier,
            )
        )
    return results, total


def related_tags(*, query: str, tags) -> list:
    """Of `tags` (the language's course tags), the ones sharing a word or a two-character piece
    with the query: where to look when the words themselves found nothing."""
    analysed = analyse_query(query)
    pieces: set[str] = set()
    for term in analysed.terms:
        if term.english:
            pieces.add(term.text)
        else:
            pieces.update(bigrams(term.text))
    related = []
    for tag in tags:
        name = tag.name.lower()
        name_pieces = {
            piece
            for run in re.findall(r"\w+", name)
            for piece in (bigrams(run) if is_cjk(run) else [run])
        }
        if any(piece in name for piece in pieces) or any(
            piece.startswith(word) for piece in name_pieces for word in pieces if len(word) >= 3
        ):
            related.append(tag)
    return related


def popular_courses(*, language: str | None = None, limit: int = SUGGESTED_COURSES) -> list:
    """The listable courses of the language most learners enrolled on (learners enrol on the
    source pages, so a translation counts its source's learners). One query."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from ..models import Enrolment
    from ..selectors import _listable_courses

    code = get_supported_content_language_variant(language or translation.get_language())
    enrolled = (
        Enrolment.objects.filter(course__translation_key=OuterRef("translation_key"))
        .order_by()
        .values("course__translation_key")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return list(
        _listable_courses()
        .filter(locale__language_code=code)
        .annotate(learners=Coalesce(Subquery(enrolled, output_field=IntegerField()), Value(0)))
        .order_by("-learners", "path")[:limit]
    )


@functools.lru_cache(maxsize=256)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern:
    # Compiled once per query, not once per title and snippet of its fifty results.
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def highlight(text: str, terms: list[str], *, radius: int | None = None) -> SafeString:
    """HTML-escaped `text` (or a window of it around the first hit when `radius` is given) with
    every occurrence of `terms` wrapped in <mark>."""
    lowered = text.lower()
    if radius is not None:
        first = min(
            (pos for pos in (lowered.find(term.lower()) for term in terms) if pos >= 0),
            default=0,
        )
        start = max(0, first - radius)
        end = min(len(text), first + radius * 2)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(lowered) else "")
    if not terms:
        return mark_safe(html.escape(text))  # noqa: S308 - escaped just here
    pattern = _terms_pattern(tuple(terms))
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
