"""Reads for the personal home page, re-exported from courses.selectors: where a learner left off
(their courses in progress, the last lesson opened, lessons done of lessons live) and the
catalogue highlights shown to everyone. A fixed number of queries whatever the data size."""

from __future__ import annotations

from django.db.models import F, IntegerField, Max, OuterRef, Subquery
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from .models import CoursePage, Enrolment, LessonPage, LessonProgress

CONTINUE_LIMIT = 3
HIGHLIGHTS_LIMIT = 6


class _Count(Subquery):
    """COUNT(*) of a subquery, for annotating one row with a count of related rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _lessons_of_enrolled_course():
    return LessonPage.objects.live().filter(
        path__startswith=OuterRef("course__path"), depth=OuterRef("course__depth") + 1
    )


def page_link(*, title: str, url_path: str, request=None) -> dict:
    """A page's title and address from two columns, without loading the page (Wagtail builds
    the address from `url_path` and the site roots, which it keeps on the request)."""
    return {"title": title, "url": Page(url_path=url_path).get_url(request)}


def continue_learning(*, user, request=None, limit: int = CONTINUE_LIMIT) -> list[dict]:
    """The learner's courses in progress, most recently studied first: the course and the last
    lesson opened as links (in the active language where translated), lessons done and live, a
    percent. Two queries, three in a language other than the source one; only the columns shown."""
    own_progress = LessonProgress.objects.filter(
        user=user,
        lesson__path__startswith=OuterRef("course__path"),
        lesson__depth=OuterRef("course__depth") + 1,
    )
    enrolments = list(
        Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)
        .annotate(
            lessons_total=_Count(_lessons_of_enrolled_course().values("pk")),
            lessons_done=_Count(
                own_progress.filter(completed_at__isnull=False, lesson__live=True).values("pk")
            ),
            last_seen=Subquery(
                own_progress.order_by()
                .values("user_id")
                .annotate(m=Max("last_heartbeat_at"))
                .values("m")
            ),
            last_lesson_id=Subquery(
                own_progress.order_by("-last_heartbeat_at", "-pk").values("lesson_id")[:1]
            ),
        )
        .order_by(F("last_seen").desc(nulls_last=True), "-enrolled_at", "-pk")
        .values(
            "pk",
            "course__title",
            "course__url_path",
            "course__translation_key",
            "lessons_total",
            "lessons_done",
            "last_seen",
            "last_lesson_id",
        )[:limit]
    )
    if not enrolments:
        return []
    lesson_ids = [e["last_lesson_id"] for e in enrolments if e["last_lesson_id"]]
    lessons = {
        row["pk"]: row
        for row in Page.objects.live()
        .filter(pk__in=lesson_ids)
        .values("pk", "title", "url_path", "translation_key")
    }
    keys = [e["course__translation_key"] for e in enrolments]
    keys += [row["translation_key"] for row in lessons.values()]
    shown = links_in_active_language(translation_keys=keys, request=request)
    rows = []
    for enrolment in enrolments:
        course_key = enrolment["course__translation_key"]
        course = shown.get(course_key) or page_link(
            title=enrolment["course__title"],
            url_path=enrolment["course__url_path"],
            request=request,
        )
        lesson = lessons.get(enrolment["last_lesson_id"])
        if lesson is not None:
            lesson = shown.get(lesson["translation_key"]) or page_link(
                title=lesson["title"], url_path=lesson["url_path"], request=request
            )
        total = enrolment["lessons_total"] or 0
        done = min(enrolment["lessons_done"] or 0, total)
        rows.append(
            {
                "enrolment_id": enrolment["pk"],
                "course": course,
                "lesson": lesson,
                "last_seen": enrolment["last_seen"],
                "lessons_total": total,
                "lessons_done": done,
                "percent": round(100 * done / total) if total else 0,
            }
        )
    return rows


def links_in_active_language(*, translation_keys, request=None) -> dict:
    """Links (title, address) to the live translations in the active language of the pages with
    these translation keys (one query; none in the source language, where learner data's own
    pages are shown)."""
    from .selectors import source_language_code

    code = get_supported_content_language_variant(translation.get_language())
    keys = {key for key in translation_keys if key}
    if not keys or code == source_language_code():
        return {}
    return {
        row["translation_key"]: page_link(
            title=row["title"], url_path=row["url_path"], request=request
        )
        for row in Page.objects.live()
        .filter(locale__language_code=code, translation_key__in=keys)
        .values("translation_key", "title", "url_path")
    }


def catalogue_highlights(*, root, request=None, limit: int = HIGHLIGHTS_LIMIT) -> list[dict]:
    """The newest listable courses under `root` (one language's home page) as plain dicts, safe
    to cache for everyone: title, summary, address and credit hours. One query."""
    from .selectors import _has_live_lesson

    courses = (
        CoursePage.objects.live()
        .public()
        .descendant_of(root)
        .filter(_has_live_lesson())
        .order_by("-first_published_at", "-pk")
        .only("pk", "title", "url_path", "summary", "credit_hours", "estimated_minutes")
    )[:limit]
    return [
        {
            "pk": course.pk,
            "title": course.title,
            "summary": course.summary,
            "url": course.get_url(request),
            "credit_hours": course.credit_hours,
            "estimated_minutes": course.estimated_minutes,
        }
        for course in courses
    ]
