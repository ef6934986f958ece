"""Admin views of the Q&A service: the service-quality report and its CSV/XLSX exports
(platform admins only)."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .selectors_report import full_report, report_rows

# A cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _require_admin(request):
    if not selectors.is_platform_admin(user=request.user):
        raise PermissionDenied


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def quality_report(request):
    """Answered in time, open and overdue per course and expert, content health, empty searches."""
    _require_admin(request)
    return render(request, "qanda/admin/quality_report.html", full_report())


def quality_report_export(request, file_format: str):
    """The same report as a CSV or XLSX download."""
    _require_admin(request)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    rows = [[_safe(cell) for cell in row] for row in report_rows(report=full_report())]
    stamp = timezone.localdate().isoformat()
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "service quality"
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        # The BOM lets Excel open Chinese text as UTF-8.
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = (
        f'attachment; filename="service-quality-{stamp}.{file_format}"'
    )
    return response
