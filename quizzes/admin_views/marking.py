"""Expert marking in the Wagtail admin: "My marking" (the marker's queue), the blind marking
screen and its attached file, the lead marker's moderation screens, and the markers' report.
A task is seen only by its marker (404 for anyone else); moderation and the report only by the
test's lead markers and platform admins (PermissionDenied: 403, audited by trust)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.private_files import StoredFile, serve_private_file
from core.storage import private_storage
from core.text import parse_int

from ..models import Assessment, MarkedAnswer, MarkingTask
from ..selectors import marking as selectors
from ..services import marking as services


def marking_queue(request):
    """The user's open marking tasks per test, oldest first, with due dates."""
    return render(
        request,
        "quizzes/admin/marking_queue.html",
        {"groups": selectors.marking_queue(user=request.user)},
    )


def _own_task(request, pk: int) -> MarkingTask:
    try:
        return selectors.marking_task_of(task_id=pk, user=request.user)
    except MarkingTask.DoesNotExist as error:
        raise Http404(_("No such marking task.")) from error


def _mark_from_post(post) -> dict:
    levels, comments = {}, {}
    for key, value in post.items():
        if key.startswith("level_"):
            levels[key[6:]] = value
        elif key.startswith("comment_"):
            comments[key[8:]] = value
    return {
        "levels": levels,
        "comments": comments,
        "overall_comment": post.get("overall_comment", ""),
        "points": post.get("points"),
    }


def marking_task(request, pk: int):
    """The marking screen: the question, material, rubric as a grid of radios, the essay and its
    file; save a draft or submit. Only the task's marker."""
    task = _own_task(request, pk)
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        try:
            services.marking_task_save(
                task_id=task.pk, user=request.user, submit=submit, **_mark_from_post(request.POST)
            )
        except services.MarkingError as error:
            messages.error(request, error.message)
            return redirect("quizzes_marking_task", pk=task.pk)
        if submit:
            messages.success(request, _("Your mark is submitted."))
            return redirect("quizzes_marking_queue")
        messages.success(request, _("Your draft is saved."))
        return redirect("quizzes_marking_task", pk=task.pk)
    return render(
        request, "quizzes/admin/marking_task.html", selectors.marking_task_screen(task=task)
    )


def marking_file(request, pk: int):
    """The file attached to the essay, for the task's marker only."""
    task = _own_task(request, pk)
    name = selectors.marking_task_file_name(task=task)
    if not name:
        raise Http404(_("This answer has no attached file."))

    extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
    # Named by the answer's anonymous code, never the learner's own file name: marking is blind.
    return serve_private_file(
        request,
        StoredFile(name=name, storage=private_storage()),
        download_name=f"{task.marked_answer.code}.{extension}",
    )


def _require_lead(request, assessment: Assessment) -> None:
    if not services.marking_can_moderate(user=request.user, assessment=assessment):
        raise PermissionDenied(_("Only the test's lead markers can moderate its marks."))


def _assessment(pk: int) -> Assessment:
    try:
        return Assessment.objects.get(pk=pk)
    except Assessment.DoesNotExist as error:
        raise Http404(_("No such test.")) from error


def moderation_index(request):
    """The tests the user leads the marking of."""
    tests = selectors.assessments_marked_by_lead(user=request.user)
    if not tests and not selectors.marking_can_report(user=request.user):
        raise PermissionDenied(_("Only lead markers can moderate marks."))
    return render(request, "quizzes/admin/moderation_index.html", {"tests": tests})


def moderation_detail(request, pk: int):
    """One test's answers under marking: each marker's mark, the final mark, moderation and
    reassignment forms. Learners are never named."""
    assessment = _assessment(pk)
    _require_lead(request, assessment)
    return render(
        request,
        "quizzes/admin/moderation_detail.html",
        {
            "assessment": assessment,
            "rows": selectors.moderation_rows(assessment=assessment),
            "pool": selectors.marking_pool(assessment=assessment),
            "agreement": selectors.inter_marker_agreement(assessment),
        },
    )


@require_POST
def moderate(request, pk: int):
    """Set an answer's final mark, with a reason (lead markers)."""
    marked = MarkedAnswer.objects.select_related("assessment").filter(pk=pk).first()
    if marked is None:
        raise Http404(_("No such answer."))
    _require_lead(request, marked.assessment)
    try:
        services.marking_moderate(
            marked_id=marked.pk,
            user=request.user,
            points=request.POST.get("points", ""),
            reason=request.POST.get("reason", ""),
        )
    except services.MarkingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The final mark is set."))
    return redirect("quizzes_moderation_detail", pk=marked.assessment_id)


@require_POST
def reassign(request, pk: int):
    """Give a task to another marker of the pool (lead markers)."""
    task = MarkingTask.objects.select_related("marked_answer__assessment").filter(pk=pk).first()
    if task is None:
        raise Http404(_("No such marking task."))
    assessment = task.marked_answer.assessment
    _require_lead(request, assessment)
    marker_id = parse_int(request.POST.get("marker"), default=0, min_value=0)
    try:
        services.marking_reassign(task_id=task.pk, user=request.user, marker_id=marker_id)
    except services.MarkingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The marking task is reassigned."))
    return redirect("quizzes_moderation_detail", pk=assessment.pk)


def marking_report(request):
    """Workload and turnaround per marker and per test, and inter-marker agreement per test."""
    if not selectors.marking_can_report(user=request.user):
        raise PermissionDenied(_("Only lead markers and platform admins can see this report."))
    tests = selectors.marking_report_assessments(user=request.user)
    chosen = parse_int(request.GET.get("test"), default=0, min_value=0)
    assessment = next((test for test in tests if test.pk == chosen), None)
    if assessment is None and chosen:
        raise Http404(_("No such test."))
    if assessment is not None:
        scope = [assessment]
    else:
        scope = None if selectors.marking_sees_all(user=request.user) else tests
    workload = selectors.marking_workload(assessments=scope)
    agreement = [
        {"assessment": test, **selectors.inter_marker_agreement(test)}
        for test in ([assessment] if assessment else tests)
    ]
    return render(
        request,
        "quizzes/admin/marking_report.html",
        {
            "tests": tests,
            "assessment": assessment,
            "workload": workload,
            "chart": selectors.marking_workload_chart(workload=workload),
            "agreement": agreement,
        },
    )
