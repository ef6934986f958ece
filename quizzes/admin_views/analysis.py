"""The item analysis screen of a test in the Wagtail admin: its statistics, the facility ×
discrimination scatter, one question's distractor chart (each with its data table), the questions
with their flags, "Recompute" (queues the background task; nothing is computed in the request) and
the CSV/XLSX export. For whoever may edit tests (quizzes.change_assessment); a refusal raises
PermissionDenied, which trust's middleware answers 403 and writes to the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.spreadsheets import FORMATS, table_response
from core.text import parse_int

from ..models import Assessment
from ..selectors.analysis import (
    export_headers,
    item_analysis_export_rows,
    item_analysis_latest,
    item_analysis_screen,
)
from ..services.analysis import item_analysis_request

PERMISSION = "quizzes.change_assessment"


def _assessment(request, pk: int) -> Assessment:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(_("Only people who may edit tests can see their item analysis."))
    assessment = Assessment.objects.filter(pk=pk).first()
    if assessment is None:
        raise Http404(_("No such test."))
    return assessment


def item_analysis(request, pk: int):
    assessment = _assessment(request, pk)
    question = parse_int(request.GET.get("q"), default=0, min_value=0) or None
    screen = item_analysis_screen(assessment=assessment, question_version_id=question)
    return render(
        request,
        "quizzes/admin/item_analysis.html",
        {"assessment": assessment, **screen},
    )


@require_POST
def item_analysis_recompute(request, pk: int):
    assessment = _assessment(request, pk)
    item_analysis_request(assessment=assessment, user=request.user)
    messages.success(
        request, _("The item analysis is being recomputed; this page shows its progress.")
    )
    return redirect("quizzes_item_analysis", pk=assessment.pk)


def item_analysis_export(request, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404(_("No such export format."))
    assessment = _assessment(request, pk)
    run = item_analysis_latest(assessment=assessment)
    if run is None:
        raise Http404(_("This test has no item analysis yet."))
    return table_response(
        export_headers(),
        item_analysis_export_rows(run=run),
        fmt,
        filename=f"item-analysis-{assessment.pk}",
        sheet_title=_("Item analysis"),
    )
