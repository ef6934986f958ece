"""Admin views of the courses app: the content-health report and the blank sign-in sheet."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.spreadsheets import CONTENT_TYPES, FORMATS

from . import selectors, signin_sheet


def content_health(request):
    """Gaps editors must close before learners notice: empty topics, incomplete guides, missing
    document files, empty lessons. Wagtail's admin URL wrapper already requires admin access."""
    return render(request, "courses/admin/content_health.html", selectors.content_health())


def signin_sheet_template(request, fmt: str):
    """The blank sign-in sheet offered beside the on-site session upload, for whoever may record
    a session. An unknown format is a 404."""
    if not (
        request.user.has_perm("courses.add_onsitesession")
        or request.user.has_perm("courses.change_onsitesession")
    ):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404(_("Unknown template format."))
    response = HttpResponse(signin_sheet.template(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="sign-in-sheet.{fmt}"'
    return response
