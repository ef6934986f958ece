"""What the course and lesson pages show that is the same for every learner (outline, guide, tags,
materials, rendered body), built once and kept in Django's cache (Redis in production).

A key names the page, its latest revision and publication time, the language, the site and a
generation token. A publish changes the revision, so it invalidates by construction; the token is
replaced whenever anything else a page shows changes (a lesson, the topic, a source translation,
a document: courses.receivers), so no page is ever served stale. The learner's own state is never
in here: courses.selectors reads it per request.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import richtext

PAGE_CACHE_SECONDS = 24 * 3600
GENERATION_KEY = "courses:page-cache:generation"
ROW_TEMPLATE = "courses/includes/lesson_row.html"
ROW_STATES = ("not_started", "started", "done")
GUIDE_FIELDS = (
    "credit_hours",
    "estimated_minutes",
    "enrolment_opens",
    "enrolment_closes",
    "completion_deadline",
    "pass_mark",
    "certificate_issued",
)


def page_cache_generation() -> str:
    """The current generation token (created on first use; one cache round trip)."""
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def page_cache_forget() -> None:
    """Retire every cached course and lesson page: the next request of each rebuilds it."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _cache_key(kind: str, page, request) -> str:
    site = Site.find_for_request(request) if request is not None else None
    published = page.last_published_at.timestamp() if page.last_published_at else 0
    return ":".join(
        str(part)
        for part in (
            "courses:page",
            kind,
            page.pk,
            page.latest_revision_id or 0,
            published,
            translation.get_language() or "",
            site.pk if site else 0,
            page_cache_generation(),
        )
    )


def _cached(kind: str, page, request, build):
    # A preview shows an unsaved or draft version under the live page's id and revision.
    if request is not None and getattr(request, "is_preview", False):
        return build()
    key = _cache_key(kind, page, request)
    facts = cache.get(key)
    if facts is None:
        facts = build()
        cache.set(key, facts, PAGE_CACHE_SECONDS)
    return facts


def _link(page, request) -> dict | None:
    return {"title": page.title, "url": page.get_url(request) or ""} if page else None


def course_page_facts(*, course, request=None) -> dict:
    """The course page's learner-independent facts: lessons (title, url, minutes, source lesson
    id), guide facts from the source course, rendered description, tags, materials, topic."""
    return _cached("course", course, request, lambda: _build_course_facts(course, request))


def _build_course_facts(course, request) -> dict:
    from .selectors import _live_lessons_of, _source_ids_for, source_page

    source = source_page(page=course)
    lessons = list(_live_lessons_of(course).defer_streamfields().order_by("path"))
    source_ids = _source_ids_for(lessons, source, course)
    rows = [
        {
            "title": lesson.title,
            "url": lesson.get_url(request) or "",
            "minutes": lesson.estimated_minutes,
            "minutes_label": _("%(minutes)s min") % {"minutes": lesson.estimated_minutes},
            "source_id": source_ids.get(lesson.pk),
        }
        for lesson in lessons
    ]
    for row in rows:
        # Rendered here once per state, so serving a long course is a join, not a template loop.
        row["html"] = {
            state: render_to_string(ROW_TEMPLATE, {"row": row, "state": state})
            for state in ROW_STATES
        }
    return {
        "source_id": source.pk,
        "guide": {name: getattr(source, name) for name in GUIDE_FIELDS},
        "lessons": rows,
        "body_html": str(richtext(course.body)) if course.body else "",
        "tags": [{"name": tag.name, "slug": tag.slug} for tag in course.tags.all()],
        "materials": [
            {
                "title": material.title,
                "url": material.document.url,
                "extension": material.document.file_extension,
            }
            for material in course.materials.select_related("document").all()
            if material.document
        ],
        "topic": _link(course.topic, request),
    }


def lesson_page_facts(*, lesson, request=None) -> dict:
    """The lesson page's learner-independent facts: course link, position and neighbours, the
    source lesson and course ids, the question id map and the body with every block but the
    check questions rendered (those show the learner's answer: rendered per request)."""
    return _cached("lesson", lesson, request, lambda: _build_lesson_facts(lesson, request))


def _build_lesson_facts(lesson, request) -> dict:
    from .selectors import _live_lessons_of, question_id_map, source_page

    course = lesson.course
    siblings = (
        list(_live_lessons_of(course).defer_streamfields().order_by("path")) if course else []
    )
    index = next((i for i, s in enumerate(siblings) if s.pk == lesson.pk), 0)
    source_lesson = source_page(page=lesson)
    source_course = source_lesson.course if course is not None else None
    body = []
    for position, block in enumerate(lesson.body):
        if block.block_type == "check_question":
            body.append({"question": position, "block_id": block.id})
        else:
            body.append({"html": str(block.render(context={"page": lesson}))})
    return {
        "course": _link(course, request),
        "lesson_number": index + 1,
        "lesson_total": len(siblings),
        "previous_lesson": _link(siblings[index - 1], request) if index > 0 else None,
        "next_lesson": _link(siblings[index + 1], request) if index + 1 < len(siblings) else None,
        "source_lesson_id": source_lesson.pk,
        "source_course_id": source_course.pk if source_course else None,
        "min_seconds": source_lesson.min_seconds,
        "question_ids": question_id_map(lesson=lesson, source_lesson=source_lesson),
        "body": body,
    }


def safe_html(html: str):
    """Cached HTML was rendered by our own templates: safe to output as it is."""
    return mark_safe(html)  # noqa: S308 — rendered by our templates, escaped there
