"""Indexing: one SearchEntry per live course or lesson and one SearchToken per distinct token
(see `tokens` for how text is cut). Publishing, unpublishing and `rebuild_search_index` keep it in
step with the live pages."""

from __future__ import annotations

import html

from django.db import transaction
from django.utils.html import strip_tags

from .ranking import forget_corpus_stats
from .tokens import text_length, text_tokens

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
    from ..models import CoursePage, LessonPage

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
    from ..models import CoursePage, LessonPage, SearchEntry, SearchToken

    page = page.specific
    if not isinstance(page, CoursePage | LessonPage) or not page.live:
        SearchEntry.objects.filter(page_id=page.pk).delete()
        transaction.on_commit(forget_corpus_stats)
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
            "length": text_length(f"{page.title}\n{text}"),
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
    transaction.on_commit(forget_corpus_stats)
    return True


def unindex_page(page_id: int) -> None:
    """Drop a page from search (unpublished or deleted)."""
    from ..models import SearchEntry

    SearchEntry.objects.filter(page_id=page_id).delete()
    transaction.on_commit(forget_corpus_stats)


def rebuild_index() -> int:
    """Re-index every live course and lesson and drop everything else. Returns entries indexed."""
    from wagtail.models import Page

    from ..models import CoursePage, LessonPage, SearchEntry

    live_ids = set(Page.objects.live().type(CoursePage, LessonPage).values_list("pk", flat=True))
    SearchEntry.objects.exclude(page_id__in=live_ids).delete()
    indexed = 0
    for page in Page.objects.filter(pk__in=live_ids).specific().iterator(chunk_size=200):
        indexed += index_page(page)
    return indexed
