"""The person's own security pages: overview, sessions, and their personal data."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import AuditAction
from .selectors import sessions_of, user_has_totp
from .services import (
    audit_record,
    personal_data_collect,
    session_end,
    sessions_end_for_user,
)


@login_required
def account(request):
    return render(
        request,
        "trust/account.html",
        {
            "has_totp": user_has_totp(user=request.user),
            "has_password": request.user.has_usable_password(),
        },
    )


@login_required
def sessions(request):
    current = request.session.session_key
    items = [
        {"session": s, "is_current": s.session_key == current}
        for s in sessions_of(user=request.user)
    ]
    return render(request, "trust/sessions.html", {"items": items})


@login_required
@require_POST
def session_end_view(request, pk: int):
    session_end(request=request, session_id=pk)
    messages.success(request, _("The session was ended."))
    return redirect("trust:sessions")


@login_required
@require_POST
def sessions_end_others(request):
    ended = sessions_end_for_user(
        user=request.user, reason="ended_by_owner", keep_session_key=request.session.session_key
    )
    messages.success(request, _("Other sessions ended: %(count)d.") % {"count": ended})
    return redirect("trust:sessions")


@login_required
def personal_data(request):
    data = personal_data_collect(user=request.user)
    return render(request, "trust/personal_data.html", {"data": data, "download": False})


def _filename(request, extension: str) -> str:
    stamp = timezone.now().strftime("%Y%m%d")
    return f"govlearn-personal-data-{request.user.pk}-{stamp}.{extension}"


def _personal_data_exported(request, extension: str) -> dict:
    """The person's data, with the download written to the audit log (a download is an event
    the person and the data protection officer must be able to see later)."""
    data = personal_data_collect(user=request.user)
    audit_record(
        action=AuditAction.PERSONAL_DATA_EXPORTED,
        request=request,
        target=request.user,
        details={"format": extension},
    )
    return data


@login_required
def personal_data_json(request):
    data = _personal_data_exported(request, "json")
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "json")}"'
    return response


@login_required
def personal_data_html(request):
    data = _personal_data_exported(request, "html")
    response = render(
        request, "trust/personal_data_document.html", {"data": data, "download": True}
    )
    # Shown in the browser (a page to read, print or save); the name is what "save" suggests.
    response["Content-Disposition"] = f'inline; filename="{_filename(request, "html")}"'
    return response


def permission_denied(request, exception=None):
    """handler403: the denial page in the site shell (AccessDeniedMiddleware audits it)."""
    return render(request, "trust/forbidden.html", status=403)
