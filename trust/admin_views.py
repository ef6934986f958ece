"""Wagtail admin pages for platform admins: the audit log (filters, CSV export), locked account
names (unlock), anonymising a departed person, and the daily jobs' last runs."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import BoundedDateField
from core.spreadsheets import table_response
from people.models import Role
from people.selectors import user_has_role

from .models import AuditAction, AuditResult
from .selectors import (
    audit_events,
    audit_last_verification,
    daily_job_status,
    locked_account_names,
)
from .services import audit_record, lockout_unlock, person_anonymise


def _require_platform_admin(request) -> None:
    if not user_has_role(user=request.user, role=Role.PLATFORM_ADMIN):
        raise PermissionDenied


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("Actor (user name)"), required=False)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("Any action")), *AuditAction.choices],
    )
    result = forms.ChoiceField(
        label=gettext_lazy("Result"),
        required=False,
        choices=[("", gettext_lazy("Any result")), *AuditResult.choices],
    )
    date_from = BoundedDateField(label=gettext_lazy("From (UTC date)"), required=False)
    date_to = BoundedDateField(label=gettext_lazy("To (UTC date)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data

    def events(self):
        data = self.cleaned_data if self.is_valid() else {}
        return audit_events(
            actor=data.get("actor", ""),
            action=data.get("action", ""),
            result=data.get("result", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def audit_list(request):
    _require_platform_admin(request)
    form = AuditFilterForm(request.GET or None)
    events = form.events() if form.is_bound else audit_events()
    page = Paginator(events, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "trust/admin/audit_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "verification": audit_last_verification(),
        },
    )


def audit_export(request):
    _require_platform_admin(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("The filters are not valid; nothing was exported."))
        return redirect("trust_audit_list")
    events = form.events() if form.is_bound else audit_events()
    audit_record(
        action=AuditAction.AUDIT_EXPORTED,
        request=request,
        details={"filters": {k: v for k, v in request.GET.items() if v}, "rows": events.count()},
    )
    header = [
        "occurred_at_utc", "actor", "action", "result", "target_type", "target_id", "target",
        "ip", "user_agent", "details",
    ]  # fmt: skip
    rows = (
        [
            event.occurred_at.isoformat(),
            event.actor_username,
            event.action,
            event.result,
            event.target_type,
            event.target_id,
            event.target_repr,
            event.ip or "",
            event.user_agent,
            event.details,
        ]
        for event in events.iterator(chunk_size=1000)
    )
    # Streamed: the audit log may be long; rows are read while the file is sent.
    return table_response(
        header, rows, "csv", filename="govlearn-audit", sheet_title="audit", streaming=True
    )


def daily_jobs(request):
    """The daily jobs: when each runs, when it last ran and how that went."""
    _require_platform_admin(request)
    return render(request, "trust/admin/daily_jobs.html", {"jobs": daily_job_status()})


def lockouts(request):
    _require_platform_admin(request)
    return render(request, "trust/admin/lockouts.html", {"locked": locked_account_names()})


@require_POST
def lockout_unlock_view(request):
    _require_platform_admin(request)
    username = request.POST.get("username", "").strip()
    if not username:
        messages.error(request, _("Please choose an account name to unlock."))
    else:
        lockout_unlock(username=username, request=request)
        messages.success(request, _("The account %(name)s can log in again.") % {"name": username})
    return redirect("trust_lockouts")


def person_anonymise_view(request, user_id: int):
    _require_platform_admin(request)
    person = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        try:
            pseudonym = person_anonymise(user=person, request=request)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect("wagtailusers_users:index")
        messages.success(
            request, _("The person was anonymised as %(pseudonym)s.") % {"pseudonym": pseudonym}
        )
        return redirect("wagtailusers_users:index")
    return render(request, "trust/admin/anonymise_confirm.html", {"person": person})
