"""Learner-facing views of the courses app that are not Wagtail pages. Rules live in services and
selectors; these views translate requests and responses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.text import parse_int

from . import search as search_engine
from . import selectors, services


def search(request):
    """One search box across courses and lessons in both languages, with topic and tag filters;
    a query it cannot run gets a sentence saying why, and an empty result gets suggestions."""
    query = request.GET.get("q", "").strip()
    language = translation.get_language()
    filters = selectors.search_filters(language=language)
    topic_id = _int_or_none(request.GET.get("topic"))
    if topic_id is not None and topic_id not in {t.pk for t in filters["topics"]}:
        topic_id = None
    tag = request.GET.get("tag", "").strip()[:100] or None
    if tag is not None and tag not in {t.slug for t in filters["tags"]}:
        tag = None
    results, total, problem = [], 0, None
    suggested_tags, suggested_courses = [], []
    if query:
        try:
            search_engine.check_query(query)
        except search_engine.QueryProblem as error:
            problem = str(error)
        else:
            results, total = selectors.search_pages(
                query=query, language=language, topic_id=topic_id, tag=tag, request=request
            )
            services.search_query_log(
                query=query[: search_engine.MAX_QUERY_LENGTH],
                language=language,
                results_count=total,
            )
            if not results:
                suggested_tags = search_engine.related_tags(query=query, tags=filters["tags"])
                suggested_courses = selectors.search_popular_courses(language=language)
    return render(
        request,
        "courses/search.html",
        {
            "query": query[: search_engine.MAX_QUERY_LENGTH],
            "problem": problem,
            "results": results,
            "total": total,
            "topics": filters["topics"],
            "tags": filters["tags"],
            "selected_topic": topic_id,
            "selected_tag": tag,
            "suggested_tags": suggested_tags,
            "suggested_courses": suggested_courses,
            "max_length": search_engine.MAX_QUERY_LENGTH,
        },
    )


def _int_or_none(value):
    return parse_int(value, min_value=-(2**31))


@login_required
@require_POST
def enrol(request, course_id: int):
    """Self-enrol on the course whose page (in either language) the learner was looking at."""
    course = selectors.course_live(course_id=course_id)
    if course is None:
        raise Http404
    try:
        services.enrolment_create(user=request.user, course=course)
    except services.EnrolmentError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are enrolled. Start with the first lesson below."))
    # Back to the course in the reader's language (the form may post the source page's id).
    return redirect(course.localized.get_url(request) or "/")


@login_required
def enrolment_detail(request, enrolment_id: int):
    """One of the learner's own enrolments; anyone else's does not exist for them."""
    enrolment = selectors.enrolment_of_user(user=request.user, enrolment_id=enrolment_id)
    if enrolment is None:
        raise Http404
    course = enrolment.course.localized
    return render(
        request,
        "courses/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "course": course,
            **selectors.course_page_state(course=course, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, enrolment_id: int):
    """Leave a course in progress (one's own only): a GET asks for confirmation and changes
    nothing; the POST from that page leaves."""
    enrolment = selectors.enrolment_of_user(user=request.user, enrolment_id=enrolment_id)
    if enrolment is None:
        raise Http404
    if request.method == "GET":
        if enrolment.status != enrolment.Status.ACTIVE:
            return redirect("courses:enrolment_detail", enrolment_id=enrolment.pk)
        return render(
            request,
            "courses/withdraw_confirm.html",
            {"enrolment": enrolment, "course": enrolment.course.localized},
        )
    try:
        services.enrolment_withdraw(enrolment=enrolment)
    except services.EnrolmentError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have left the course. Your progress is kept."))
    # My learning is the training app's page (it adds hours and assignments to the courses).
    return redirect("training:my_learning")


@login_required
@require_POST
def heartbeat(request, lesson_id: int):
    """The lesson page's periodic beat; the server decides how much time it is worth."""
    lesson = selectors.lesson_live(lesson_id=lesson_id)
    if lesson is None:
        raise Http404
    try:
        if request.POST.get("resume"):
            # Back from a hidden tab: restart the clock, credit nothing for the time away.
            progress = services.lesson_visit(user=request.user, lesson=lesson)
            if progress is None:
                raise services.ProgressError(_("Enrol in the course to record your progress."))
        else:
            progress = services.lesson_heartbeat(user=request.user, lesson=lesson)
    except services.ProgressError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=403)
    source = selectors.source_page(page=lesson)
    return JsonResponse(
        {
            "seconds_spent": progress.seconds_spent,
            "min_seconds": source.min_seconds,
            "completed": progress.completed_at is not None,
        }
    )


@login_required
@require_POST
def answer(request, lesson_id: int, block_id: str):
    """Answer one check question; the server judges it, then the lesson page shows the result."""
    lesson = selectors.lesson_live(lesson_id=lesson_id)
    if lesson is None:
        raise Http404
    choice = _int_or_none(request.POST.get("choice"))
    try:
        result = services.check_answer_submit(
            user=request.user, lesson=lesson, block_id=block_id, choice=choice or 0
        )
    except services.ProgressError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.is_correct:
            messages.success(request, _("Correct."))
        else:
            messages.error(request, _("Not quite. Read the explanation and try again."))
    # Back to the lesson in the reader's language: learner records point at the source (Chinese)
    # page, but someone reading the English lesson should land on the English lesson.
    return redirect(f"{lesson.localized.get_url(request) or '/'}#question-{block_id}")
