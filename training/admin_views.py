"""Admin views of the training app: the blank sign-in sheet offered beside an on-site session."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from core.spreadsheets import CONTENT_TYPES, FORMATS

from . import signin_sheet


def signin_sheet_template(request, fmt: str):
    """The blank sign-in sheet offered beside the on-site session upload, for whoever may record
    a session. An unknown format is a 404."""
    if not (
        request.user.has_perm("training.add_onsitesession")
        or request.user.has_perm("training.change_onsitesession")
    ):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404(_("Unknown template format."))
    response = HttpResponse(signin_sheet.template(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="sign-in-sheet.{fmt}"'
    return response
