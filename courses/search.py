"""Search for courses and lessons in Chinese and English, the same way on SQLite and PostgreSQL.

Chinese is written without spaces, so a word in mid-sentence is not a "word" to a database. Each
page's text is cut into tokens and stored in courses.SearchToken:

- every CJK character, so a one-character query (云, 税) finds the pages that use it;
- every CJK character bigram of every run of Chinese characters, so any two-character word is found
  wherever it sits, whatever jieba decides the word boundaries are;
- jieba's `cut_for_search` words (two characters or more), which rank whole-word hits higher;
- lower-cased English words with a light plural folding ("services" -> "service").

A query is cut the same way. It must match every *required* token (the CJK bigrams of each Chinese
run, and each English word): for a Chinese run that is a substring test done with equality lookups
on an indexed column. jieba's words of the query only add to the rank. Title hits come first.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

import jieba
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Sum, When
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN_RE = re.compile(rf"[{CJK_CHARS}]+|[A-Za-z0-9]+")
_CJK_RUN_RE = re.compile(rf"^[{CJK_CHARS}]+$")
MAX_TOKEN_LENGTH = 64
MAX_QUERY_LENGTH = 200
SNIPPET_RADIUS = 60


def _fold_english(word: str) -> str:
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def text_tokens(text: str) -> Counter:
    """Every token of `text` with its number of occurrences (what the index stores)."""
    counts: Counter = Counter()
    for run in _RUN_RE.findall(text):
        if _CJK_RUN_RE.match(run):
            counts.update(run)  # every character, for one-character queries
            if len(run) > 1:
                counts.update(_bigrams(run))
            counts.update(
                word
                for word in jieba.cut_for_search(run)
                if 2 < len(word) <= MAX_TOKEN_LENGTH  # two-character words are bigrams already
            )
        else:
            token = _fold_english(run)
            if len(token) <= MAX_TOKEN_LENGTH:
                counts[token] += 1
    return counts


@dataclass
class ParsedQuery:
    """A query cut the way the index is: tokens that must all match, tokens that only rank, and
    the visible terms to highlight in results."""

    required: set[str] = field(default_factory=set)
    ranking: set[str] = field(default_factory=set)
    highlight: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.required)


def parse_query(query: str) -> ParsedQuery:
    """Cut a search box query into index tokens."""
    parsed = ParsedQuery()
    for run in _RUN_RE.findall(query[:MAX_QUERY_LENGTH]):
        if _CJK_RUN_RE.match(run):
            parsed.required.update(_bigrams(run))
            parsed.ranking.update(
                word for word in jieba.cut_for_search(run) if 2 < len(word) <= MAX_TOKEN_LENGTH
            )
        else:
            parsed.required.add(_fold_english(run)[:MAX_TOKEN_LENGTH])
        parsed.highlight.append(run)
    # Longest first so that a whole phrase is marked rather than its pieces.
    parsed.highlight.sort(key=len, reverse=True)
    return parsed


# --- indexing --------------------------------------------------------------------------------------


def _stream_text(body) -> list[str]:
    """Searchable text of a lesson body. A check question's explanation is left out: a snippet
    must not give the answer away."""
    parts: list[str] = []
    for block in body:
        value = block.value
        kind = block.block_type
        if kind == "paragraph":
            parts.append(strip_tags(str(value.source)))
        elif kind == "video":
            parts += [value.get("title", ""), value.get("transcript", "")]
        elif kind == "document":
            parts += [value.get("title", ""), value.get("description", "")]
        elif kind == "image":
            parts += [value.get("caption", ""), value.get("alt_text", "")]
        elif kind == "callout":
            parts += [value.get("title", ""), strip_tags(str(value["text"].source))]
        elif kind == "key_points":
            parts += [value.get("heading", ""), *value.get("points", [])]
        elif kind == "check_question":
            parts += [value.get("question", ""), *value.get("choices", [])]
    return [html.unescape(part) for part in parts if part]


def page_text(page) -> str:
    """The plain text search indexes for a course or lesson page (title excluded)."""
    from .models import CoursePage, LessonPage

    if isinstance(page, LessonPage):
        parts = [page.summary, *_stream_text(page.body)]
    elif isinstance(page, CoursePage):
        parts = [
            page.summary,
            html.unescape(strip_tags(page.body)),
            page.audience,
            page.prerequisites,
            page.assessment_method,
            " ".join(tag.name for tag in page.tags.all()),
        ]
    else:
        parts = []
    return "\n".join(part.strip() for part in parts if part and part.strip())


@transaction.atomic
def index_page(page) -> bool:
    """Bring the index entry of one page up to date. Returns whether the page is now indexed:
    only live course and lesson pages are."""
    from .models import CoursePage, LessonPage, SearchEntry, SearchToken

    page = page.specific
    if not isinstance(page, CoursePage | LessonPage) or not page.live:
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return False
    if isinstance(page, LessonPage):
        course = page.course
        kind = SearchEntry.Kind.LESSON
    else:
        course = page
        kind = SearchEntry.Kind.COURSE
    topic = course.topic if course is not None else None
    text = page_text(page)
    entry, _ = SearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "locale_id": page.locale_id,
            "kind": kind,
            "title": page.title,
            "text": text,
            "course": course,
            "topic": topic,
        },
    )
    title_tokens = text_tokens(page.title)
    counts = text_tokens(text)
    counts.update(title_tokens)
    SearchToken.objects.filter(entry=entry).delete()
    SearchToken.objects.bulk_create(
        SearchToken(
            entry=entry, token=token, in_title=token in title_tokens, occurrences=occurrences
        )
        for token, occurrences in counts.items()
    )
    return True


def unindex_page(page_id: int) -> None:
    """Drop a page from search (unpublished or deleted)."""
    from .models import SearchEntry

    SearchEntry.objects.filter(page_id=page_id).delete()


def rebuild_index() -> int:
    """Re-index every live course and lesson and drop everything else. Returns entries indexed."""
    from wagtail.models import Page

    from .models import CoursePage, LessonPage, SearchEntry

    live_ids = set(Page.objects.live().type(CoursePage, LessonPage).values_list("pk", flat=True))
    SearchEntry.objects.exclude(page_id__in=live_ids).delete()
    indexed = 0
    for page in Page.objects.filter(pk__in=live_ids).specific().iterator(chunk_size=200):
        indexed += index_page(page)
    return indexed


# --- querying --------------------------------------------------------------------------------------


def matching_entry_ids(
    *, parsed: ParsedQuery, locale_id: int, topic_id: int | None = None, tag: str | None = None
) -> list[int]:
    """Ids of live entries holding every required token, best first: title hits, then whole-word
    (jieba) hits, then how often the tokens occur."""
    from .models import CoursePageTag, SearchToken

    if not parsed:
        return []
    tokens = parsed.required | parsed.ranking
    # A lesson of an unpublished course is as unreachable as the course itself.
    rows = SearchToken.objects.filter(
        token__in=tokens,
        entry__locale_id=locale_id,
        entry__page__live=True,
        entry__course__page_ptr__live=True,
    )
    if topic_id is not None:
        rows = rows.filter(entry__topic_id=topic_id)
    if tag:
        rows = rows.filter(
            entry__course_id__in=CoursePageTag.objects.filter(tag__slug=tag).values(
                "content_object_id"
            )
        )
    required = list(parsed.required)
    rows = (
        rows.values("entry_id")
        .annotate(
            matched=Sum(
                Case(When(token__in=required, then=1), default=0, output_field=IntegerField())
            ),
            title_hits=Sum(
                Case(
                    When(token__in=required, in_title=True, then=1),
                    default=0,
                    output_field=IntegerField(),
                )
            ),
            whole_words=Count(Case(When(token__in=list(parsed.ranking) or [""], then=1))),
            weight=Sum("occurrences"),
        )
        .filter(matched=len(required))
        .order_by("-title_hits", "-whole_words", "-weight", "entry_id")
    )
    return [row["entry_id"] for row in rows]


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
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
