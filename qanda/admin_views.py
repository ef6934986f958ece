"""Admin views of the Q&A service: the service-quality report and its CSV/XLSX exports
(platform admins only)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.replicas import replica_reads
from core.spreadsheets import FORMATS, table_response

from . import selectors
from .selectors import full_report, report_rows


def _require_admin(request):
    if not selectors.is_platform_admin(user=request.user):
        raise PermissionDenied


@replica_reads
def quality_report(request):
    """Answered in time, open and overdue per course and expert, content health, empty searches."""
    _require_admin(request)
    return render(request, "qanda/admin/quality_report.html", full_report())


@replica_reads
def quality_report_export(request, file_format: str):
    """The same report as a CSV or XLSX download."""
    _require_admin(request)
    if file_format not in FORMATS:
        raise Http404
    # report_rows() starts with its own header row.
    rows = report_rows(report=full_report())
    stamp = timezone.localdate().isoformat()
    return table_response(
        None,
        rows,
        file_format,
        filename=f"service-quality-{stamp}",
        sheet_title=_("Service quality"),
    )
