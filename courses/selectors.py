"""Reads about courses, lessons and learning, for views, page contexts and other apps.

Query counts of the page-state selectors do not depend on how many lessons a course has: every
list is one query, never one per lesson.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from core.clock import CIVIL_TIME_ZONE, local_today, person_today  # noqa: F401 — re-exported

from . import search
from .models import (
    CatalogueIndexPage,
    CheckAnswer,
    CourseMaterial,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    TopicPage,
)
from .page_cache import course_page_facts, lesson_page_facts, safe_html

STEPLEN = Page.steplen


# --- translations ----------------------------------------------------------------------------------


def source_language_code() -> str:
    """Language of the source tree (Chinese): the site's default content language."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def source_page(*, page: Page) -> Page:
    """The source-locale (Chinese) version of `page`; learner data always points at it."""
    cached = getattr(page, "_courses_source_page", None)
    if cached is not None:
        return cached
    model = page.specific_class or type(page)
    source = (
        model.objects.filter(
            translation_key=page.translation_key, locale__language_code=source_language_code()
        )
        .select_related("locale")
        .first()
    ) or page
    # Serving a lesson asks several times (clock, progress, questions): one query is enough.
    page._courses_source_page = source
    return source


def _live_lessons_of(course: Page):
    return LessonPage.objects.live().filter(path__startswith=course.path, depth=course.depth + 1)


def _has_live_lesson():
    """Exists() for annotating a CoursePage queryset: the course has a live lesson."""
    return Exists(
        LessonPage.objects.live().filter(
            path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
        )
    )


# --- catalogue and navigation ----------------------------------------------------------------------


def _listable_courses():
    """Live, public courses that have at least one live lesson: the ones the catalogue shows."""
    return CoursePage.objects.live().public().filter(_has_live_lesson())


def catalogue_topics(*, catalogue: CatalogueIndexPage):
    """Live topics of the catalogue that have at least one listable course, with their count."""
    courses = _listable_courses().filter(
        path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
    )
    course_count = (
        courses.order_by()
        .annotate(topic_path=Substr("path", 1, len(catalogue.path) + STEPLEN))
        .values("topic_path")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        TopicPage.objects.live()
        .public()
        .child_of(catalogue)
        .annotate(course_count=Subquery(course_count))
        .filter(course_count__gt=0)
        .prefetch_related("tags")
        .order_by("path")
    )


def topic_has_live_course(*, topic: TopicPage) -> bool:
    """Whether the topic may be shown at all."""
    return _listable_courses().filter(path__startswith=topic.path, depth=topic.depth + 1).exists()


def topic_courses(*, topic: TopicPage):
    """The listable courses of a topic, in tree order, with tags."""
    return (
        _listable_courses()
        .filter(path__startswith=topic.path, depth=topic.depth + 1)
        .prefetch_related("tags")
        .order_by("path")
    )


NAV_CACHE_SECONDS = 300


def nav_cache_key(code: str) -> str:
    """Cache key of the nav catalogue of one content language."""
    return f"courses:nav-catalogue:{code}"


def nav_catalogue(*, language: str | None = None) -> CatalogueIndexPage | None:
    """The live catalogue of the active language, only if it lists at least one topic. Every page
    of the site asks, so the page itself (or "none") is cached and dropped whenever a catalogue
    page is saved, published, unpublished, moved or deleted (courses.receivers): the header needs
    no query of its own."""
    code = get_supported_content_language_variant(language or translation.get_language())
    key = nav_cache_key(code)
    cached = cache.get(key)
    if not isinstance(cached, dict):  # a miss (or a value from before pages were cached)
        listable = _listable_courses().filter(
            path__startswith=OuterRef("path"), depth=OuterRef("depth") + 2
        )
        page = (
            CatalogueIndexPage.objects.live()
            .public()
            .filter(locale__language_code=code)
            .filter(Exists(listable))
            .order_by("path")
            .first()
        )
        cached = {"page": page}
        cache.set(key, cached, NAV_CACHE_SECONDS)
    return cached["page"]


# --- course guide ----------------------------------------------------------------------------------

# Guide fields a course must fill before publication, with the label used in messages.
GUIDE_REQUIRED_FIELDS = (
    "audience",
    "credit_hours",
    "estimated_minutes",
    "enrolment_opens",
    "enrolment_closes",
    "prerequisites",
    "assessment_method",
    "pass_mark",
    "contact_person",
    "contact_channel",
)


def course_missing_guide_fields(*, course: CoursePage) -> list[str]:
    """Verbose names of the guide fields `course` leaves empty (materials included)."""
    missing = []
    for name in GUIDE_REQUIRED_FIELDS:
        value = getattr(course, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(CoursePage._meta.get_field(name).verbose_name))
    materials = [m for m in course.materials.all() if m.document_id]
    if not materials:
        missing.append(_("downloadable materials"))
    return missing


def course_publish_problems(*, course: CoursePage) -> list[str]:
    """Why `course` may not be published (empty when it may): missing guide fields by name, and a
    course without a published lesson."""
    problems = []
    missing = course_missing_guide_fields(course=course)
    if missing:
        problems.append(
            _("The course guide is incomplete. Fill in: %(fields)s.")
            % {"fields": _(", ").join(missing)}
        )
    if course.pk is None or not _live_lessons_of(course).exists():
        problems.append(_("A course needs at least one published lesson before it is published."))
    return problems


# --- course and lesson pages -----------------------------------------------------------------------


def _enrolment_window_state(guide: dict, today: dt.date) -> str:
    opens, closes = guide["enrolment_opens"], guide["enrolment_closes"]
    if opens and today < opens:
        return "not_open"
    if closes and today > closes:
        return "closed"
    return "open"


def _source_ids_for(pages: list[Page], source_course: Page, course: Page) -> dict[int, int]:
    """Map page id -> source page id for `pages` (children of `course`), in one query."""
    if course.pk == source_course.pk:
        return {page.pk: page.pk for page in pages}
    by_key = dict(
        LessonPage.objects.filter(
            path__startswith=source_course.path,
            depth=source_course.depth + 1,
            translation_key__in=[page.translation_key for page in pages],
        ).values_list("translation_key", "pk")
    )
    return {
        page.pk: by_key[page.translation_key] for page in pages if page.translation_key in by_key
    }


def course_page_state(*, course: CoursePage, user, request=None) -> dict:
    """Everything the course page shows: the cached facts (outline, guide, tags, materials) and
    this learner's enrolment and lesson progress, read in two queries whatever the lesson count."""
    facts = course_page_facts(course=course, request=request)
    enrolment = None
    progress: dict[int, LessonProgress] = {}
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=user, course_id=facts["source_id"]).first()
        source_ids = [row["source_id"] for row in facts["lessons"] if row["source_id"]]
        progress = {
            p.lesson_id: p
            for p in LessonProgress.objects.filter(user=user, lesson_id__in=source_ids)
        }
    rows = []
    html = []
    done = 0
    for row in facts["lessons"]:
        row_progress = progress.get(row["source_id"]) if progress else None
        state = "not_started"
        if row_progress is not None:
            state = "done" if row_progress.completed_at else "started"
            done += state == "done"
        rows.append({**row, "progress": row_progress, "html": safe_html(row["html"][state])})
        html.append(row["html"][state])
    return {
        "guide": facts["guide"],
        "lessons": rows,
        # The list as one string: a 50-lesson course is one join, not a 50-turn template loop.
        "lessons_html": safe_html("".join(html)),
        "lessons_done": done,
        "enrolment": enrolment,
        "enrolment_window": _enrolment_window_state(facts["guide"], local_today()),
        "materials": facts["materials"],
        "course_tags": facts["tags"],
        "course_body_html": safe_html(facts["body_html"]),
        "topic": facts["topic"],
    }


@dataclass
class QuestionState:
    """What the page may show about a check question: never the correct choice before an answer."""

    block_id: str
    answered: bool = False
    is_correct: bool = False
    choice: int | None = None


def lesson_page_state(*, lesson: LessonPage, user, request=None) -> dict:
    """Everything the lesson page shows: the cached facts (course, neighbours, rendered body) and
    this learner's enrolment, progress and check answers, read in three queries."""
    facts = lesson_page_facts(lesson=lesson, request=request)
    state = {
        key: facts[key]
        for key in ("course", "lesson_number", "lesson_total", "previous_lesson", "next_lesson")
    }
    state.update(enrolment=None, progress=None, min_seconds=facts["min_seconds"])
    answers: dict[str, CheckAnswer] = {}
    if user.is_authenticated and facts["course"] is not None:
        source_lesson_id = facts["source_lesson_id"]
        state["enrolment"] = Enrolment.objects.filter(
            user=user, course_id=facts["source_course_id"]
        ).first()
        state["progress"] = LessonProgress.objects.filter(
            user=user, lesson_id=source_lesson_id
        ).first()
        by_source = {
            a.block_id: a for a in CheckAnswer.objects.filter(user=user, lesson_id=source_lesson_id)
        }
        answers = {
            shown: by_source[src]
            for shown, src in facts["question_ids"].items()
            if src in by_source
        }
    body = []
    for item in facts["body"]:
        if "html" in item:
            body.append({"html": safe_html(item["html"])})
            continue
        # Only the check questions are read from the stream: no other block is converted.
        question = QuestionState(block_id=item["block_id"])
        answer = answers.get(item["block_id"])
        if answer is not None:
            question.answered = True
            question.is_correct = answer.is_correct
            question.choice = answer.choice
        body.append({"block": lesson.body[item["question"]], "question": question})
    state["body_items"] = body
    return state


def question_id_map(*, lesson: LessonPage, source_lesson: LessonPage) -> dict[str, str]:
    """Check-question block ids of `lesson` -> the matching ids on the source lesson, by position
    (a translation has the same questions in the same order)."""
    shown = list(lesson.check_questions())
    if lesson.pk == source_lesson.pk:
        return {block_id: block_id for block_id in shown}
    source_ids = list(source_lesson.check_questions())
    return dict(zip(shown, source_ids, strict=False))


def lesson_live(*, lesson_id: int) -> LessonPage | None:
    """The live lesson with this id, or None."""
    return LessonPage.objects.live().filter(pk=lesson_id).first()


def course_live(*, course_id: int) -> CoursePage | None:
    """The live course with this id, or None."""
    return CoursePage.objects.live().filter(pk=course_id).first()


# --- my learning -----------------------------------------------------------------------------------


def my_learning(*, user) -> dict:
    """A learner's enrolments split into in progress and completed, each with lesson progress and
    the course in the active language (training.selectors adds hours and assignments)."""
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    courses = [e.course for e in enrolments]
    totals: dict[str, int] = {}
    done: dict[str, int] = {}
    if courses:
        paths = Q()
        for course in courses:
            paths |= Q(path__startswith=course.path, depth=course.depth + 1)
        lessons = LessonPage.objects.live().filter(paths)
        parent = Substr("path", 1, courses[0].depth * STEPLEN)
        totals = dict(
            lessons.order_by()
            .annotate(parent=parent)
            .values("parent")
            .annotate(n=Count("pk"))
            .values_list("parent", "n")
        )
        done = dict(
            LessonProgress.objects.filter(user=user, completed_at__isnull=False, lesson__in=lessons)
            .annotate(parent=Substr("lesson__path", 1, courses[0].depth * STEPLEN))
            .values("parent")
            .annotate(n=Count("pk"))
            .values_list("parent", "n")
        )
    translated = _translations_in_active_language(courses)
    rows = []
    for enrolment in enrolments:
        course = enrolment.course
        total = totals.get(course.path, 0)
        finished = done.get(course.path, 0)
        rows.append(
            {
                "enrolment": enrolment,
                "course": translated.get(course.translation_key, course),
                "lessons_total": total,
                "lessons_done": finished,
                "percent": round(100 * finished / total) if total else 0,
            }
        )
    year = local_today().year
    return {
        "in_progress": [r for r in rows if r["enrolment"].status == Enrolment.Status.ACTIVE],
        "completed": [r for r in rows if r["enrolment"].status == Enrolment.Status.COMPLETED],
        "year": year,
    }


def _translations_in_active_language(courses: list[CoursePage]) -> dict:
    code = get_supported_content_language_variant(translation.get_language())
    if not courses or code == source_language_code():
        return {}
    return {
        c.translation_key: c
        for c in CoursePage.objects.live().filter(
            locale__language_code=code,
            translation_key__in=[course.translation_key for course in courses],
        )
    }


def course_titles_in_active_language(*, courses) -> dict[int, str]:
    """Titles to show for `courses` (pages of any locale) in the active language, by course pk:
    the live translation's title where one exists, else the course's own title. One query for
    the whole list, so a listing stays one query however many rows it has."""
    courses = [course for course in courses if course is not None]
    titles = {course.pk: course.title for course in courses}
    code = get_supported_content_language_variant(translation.get_language())
    keys = {course.translation_key for course in courses}
    # Learner data points at the source (Chinese) pages: in the source language they are shown.
    if not keys or code == source_language_code():
        return titles
    translated = dict(
        Page.objects.live()
        .filter(locale__language_code=code, translation_key__in=keys)
        .values_list("translation_key", "title")
    )
    for course in courses:
        titles[course.pk] = translated.get(course.translation_key, course.title)
    return titles


def enrolment_of_user(*, user, enrolment_id: int) -> Enrolment | None:
    """The learner's own enrolment with this id; None for anyone else's."""
    return Enrolment.objects.filter(pk=enrolment_id, user=user).select_related("course").first()


# --- search ----------------------------------------------------------------------------------------


# The search itself lives in courses.search (a package); these names are what other apps use.
SearchResult = search.SearchResult
search_pages = search.search_pages
search_popular_courses = search.popular_courses


def search_filters(*, language: str | None = None) -> dict:
    """Topics (with a listable course) and course tags of the active language, for the filters."""
    from taggit.models import Tag

    code = get_supported_content_language_variant(language or translation.get_language())
    catalogue = (
        CatalogueIndexPage.objects.live()
        .filter(locale__language_code=code)
        .order_by("path")
        .first()
    )
    topics = list(catalogue_topics(catalogue=catalogue)) if catalogue else []
    tags = (
        Tag.objects.filter(
            courses_coursepagetag_items__content_object__in=_listable_courses().filter(
                locale__language_code=code
            )
        )
        .distinct()
        .order_by("name")
    )
    return {"topics": topics, "tags": list(tags)}


# --- content health --------------------------------------------------------------------------------


def content_health() -> dict:
    """Gaps editors must fix: empty topics, courses with guide gaps or no lesson, documents whose
    file is missing, lessons with no content. Covers every locale, drafts included."""
    from wagtail.documents import get_document_model

    empty_topics = [
        topic
        for topic in TopicPage.objects.select_related("locale").order_by("path")
        if not topic_has_live_course(topic=topic)
    ]
    courses = []
    for course in (
        CoursePage.objects.select_related("locale").prefetch_related("materials").order_by("path")
    ):
        problems = course_publish_problems(course=course)
        if problems:
            courses.append({"course": course, "problems": problems})
    broken_documents = []
    for document in get_document_model().objects.order_by("title"):
        try:
            present = bool(document.file.name) and document.file.storage.exists(document.file.name)
        except (OSError, ValueError):
            present = False
        if not present:
            broken_documents.append(document)
    # Asked of the materials, not through the course: a join from a course with no materials at
    # all also has a NULL document, which reported it as pointing at a deleted document.
    materials_without_document = list(
        CoursePage.objects.filter(
            pk__in=CourseMaterial.objects.filter(document__isnull=True).values("page_id")
        ).order_by("path")
    )
    empty_lessons = [
        lesson
        for lesson in LessonPage.objects.select_related("locale").order_by("path")
        if len(lesson.body) == 0
    ]
    return {
        "empty_topics": empty_topics,
        "courses": courses,
        "broken_documents": broken_documents,
        "materials_without_document": materials_without_document,
        "empty_lessons": empty_lessons,
    }


# --- the personal home page (a module of its own, re-exported here) --------------------------------

from .learner_home import (  # noqa: E402, F401
    catalogue_highlights,
    continue_learning,
    links_in_active_language,
    page_link,
)
