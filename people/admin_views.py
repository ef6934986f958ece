"""Admin views for HR imports: upload, watch progress, read the row report."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.imports import import_job_problem_rows
from core.private_files import serve_private_file

from .admin_forms import PeopleImportForm
from .import_sheet import describe_problem, template_csv, template_xlsx
from .models import PeopleImport
from .services import people_import_start

_can_import = permission_required("people.add_peopleimport", raise_exception=True)


@_can_import
def import_list(request):
    imports = PeopleImport.objects.select_related("created_by")[:50]
    return render(request, "people/admin/import_list.html", {"imports": imports})


@_can_import
def import_create(request):
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = people_import_start(
            uploaded_file=form.cleaned_data["file"],
            encoding=form.cleaned_data["encoding"],
            user=request.user,
        )
        return redirect("people_import_detail", pk=record.pk)
    return render(request, "people/admin/import_create.html", {"form": form})


def _may_see_import(user, record: PeopleImport) -> bool:
    return user.has_perm("people.add_peopleimport") and (
        user.is_superuser
        or record.created_by_id == user.pk
        or user.has_perm("people.view_peopleimport")
    )


def import_file(request, pk):
    """The uploaded HR sheet, to those who may read the import's report (who ran it, people
    with the view permission, superusers); to anyone else it does not exist."""
    record = PeopleImport.objects.filter(pk=pk).first()
    if record is None or not _may_see_import(request.user, record):
        raise Http404
    return serve_private_file(request, record.file, download_name=record.original_name or "people")


@_can_import
def import_detail(request, pk):
    record = get_object_or_404(PeopleImport, pk=pk)
    if (
        not request.user.is_superuser
        and record.created_by_id != request.user.pk
        and not request.user.has_perm("people.view_peopleimport")
    ):
        raise PermissionDenied
    problems = import_job_problem_rows(
        record=record, describe=describe_problem, positions=("row", "column")
    )
    return render(
        request,
        "people/admin/import_detail.html",
        {"record": record, "problems": problems, "problem_headings": (_("Row"), _("Column"))},
    )


@_can_import
def import_template(request, fmt):
    if fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(_("Unknown template format."))
    response["Content-Disposition"] = f'attachment; filename="people-template.{fmt}"'
    return response
