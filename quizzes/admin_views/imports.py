"""Admin views for question files: import (background task, progress, row report), export and the
spreadsheet template."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.imports import import_job_problem_rows
from core.private_files import serve_private_file

from ..formats import describe_problem
from ..formats.xlsx import template_xlsx
from ..forms import QuestionExportForm, QuestionImportForm
from ..models import Question, QuestionImport
from ..services import question_import_start, questions_export

_can_import = permission_required("quizzes.add_question", raise_exception=True)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "gift": "text/plain; charset=utf-8",
    "moodle-xml": "application/xml",
    "xlsx": XLSX_TYPE,
}
EXTENSIONS = {"gift": "gift.txt", "moodle-xml": "xml", "xlsx": "xlsx"}


@_can_import
def import_list(request):
    imports = QuestionImport.objects.select_related("created_by")[:50]
    return render(request, "quizzes/admin/import_list.html", {"imports": imports})


@_can_import
def import_create(request):
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = question_import_start(
            uploaded_file=form.cleaned_data["file"],
            fmt=form.cleaned_data["format"],
            user=request.user,
            default_competence=form.cleaned_data["default_competence"],
            default_language=form.cleaned_data["default_language"],
        )
        return redirect("quizzes_import_detail", pk=record.pk)
    return render(request, "quizzes/admin/import_create.html", {"form": form})


def import_file(request, pk):
    """The uploaded question file, to the person who ran the import and to superusers; to
    anyone else it does not exist (404, like a question that is not theirs)."""
    record = QuestionImport.objects.filter(pk=pk).first()
    if (
        record is None
        or not request.user.has_perm("quizzes.add_question")
        or not (request.user.is_superuser or record.created_by_id == request.user.pk)
    ):
        raise Http404
    return serve_private_file(
        request, record.file, download_name=record.original_name or "questions"
    )


@_can_import
def import_detail(request, pk):
    record = get_object_or_404(QuestionImport, pk=pk)
    if not request.user.is_superuser and record.created_by_id != request.user.pk:
        raise PermissionDenied
    problems = import_job_problem_rows(
        record=record, describe=describe_problem, positions=("line",)
    )
    return render(
        request,
        "quizzes/admin/import_detail.html",
        {"record": record, "problems": problems, "problem_headings": (_("Line"),)},
    )


@_can_import
def import_template(request):
    response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="question-template.xlsx"'
    return response


@permission_required("quizzes.view_question", raise_exception=True)
def export(request):
    form = QuestionExportForm(request.GET or None)
    if request.GET and form.is_valid():
        questions = Question.objects.all()
        if form.cleaned_data["competence"]:
            questions = questions.filter(competence=form.cleaned_data["competence"])
        if form.cleaned_data["category"]:
            questions = questions.filter(
                category__startswith=form.cleaned_data["category"].strip("/")
            )
        fmt = form.cleaned_data["format"]
        data, _lossy = questions_export(questions=questions, fmt=fmt)
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="questions.{EXTENSIONS[fmt]}"'
        return response
    return render(request, "quizzes/admin/export.html", {"form": form})
