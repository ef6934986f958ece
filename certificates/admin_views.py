"""Admin views: revoke and reissue with a reason, bulk issue with progress and a ZIP, and a
preview of each design with sample data (HTML; PDFs are only rendered in tasks)."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.private_files import serve_private_file
from courses.models import CoursePage
from people.models import Profile
from quizzes.models import Assessment

from . import services
from .models import BulkIssue, Certificate, Design
from .rendering import certificate_html, font_face_css, stylesheet_paths

_can_revoke = permission_required("certificates.change_certificate", raise_exception=True)
_can_bulk_issue = permission_required("certificates.add_bulkissue", raise_exception=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=gettext_lazy("Shown on the public verification page."),
    )


@_can_revoke
def revoke(request, pk: int, reissue: bool = False):
    """Revoke (or revoke and reissue) a certificate with a reason."""
    certificate = get_object_or_404(Certificate, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.certificate_reissue if reissue else services.certificate_revoke
            result = action(
                certificate=certificate,
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if reissue:
                messages.success(
                    request,
                    _("Certificate %(old)s was revoked and reissued as %(new)s.")
                    % {"old": certificate.serial, "new": result.serial},
                )
            else:
                messages.success(
                    request, _("Certificate %(serial)s was revoked.") % {"serial": result.serial}
                )
            return redirect("wagtailsnippets_certificates_certificate:list")
    return render(
        request,
        "certificates/admin/revoke.html",
        {"certificate": certificate, "form": form, "reissue": reissue},
    )


class BulkIssueForm(forms.Form):
    course = forms.ModelChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.filter(certificate_issued=True).order_by("title"),
        required=False,
    )
    assessment = forms.ModelChoiceField(
        label=gettext_lazy("Test"), queryset=Assessment.objects.order_by("title"), required=False
    )

    people = forms.CharField(
        label=gettext_lazy("Only these people"),
        help_text=gettext_lazy(
            "Employee numbers, one per line or separated by commas or spaces. Leave empty to "
            "issue to everyone who completed the course or passed the test."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=100_000,
    )

    MAX_PEOPLE = 5000

    def clean_people(self) -> list:
        """The chosen people (users) by employee number; unknown numbers are named."""
        numbers = list(
            dict.fromkeys(n for n in re.split(r"[\s,;，；、]+", self.cleaned_data["people"]) if n)
        )
        if len(numbers) > self.MAX_PEOPLE:
            raise ValidationError(
                _("Choose at most %(max)s people at a time.") % {"max": self.MAX_PEOPLE}
            )
        profiles = {
            p.employee_number: p.user
            for p in Profile.objects.filter(employee_number__in=numbers).select_related("user")
        }
        unknown = [number for number in numbers if number not in profiles]
        if unknown:
            raise ValidationError(
                _("Nobody has these employee numbers: %(numbers)s.")
                % {"numbers": "、".join(unknown[:20]) + ("…" if len(unknown) > 20 else "")}
            )
        return [profiles[number] for number in numbers]

    def clean(self):
        data = super().clean()
        if bool(data.get("course")) == bool(data.get("assessment")):
            raise ValidationError(_("Choose either a course or a test to issue certificates for."))
        return data


@_can_bulk_issue
def bulk_list(request):
    """Start a bulk issue and list recent ones."""
    form = BulkIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bulk = services.bulk_issue_start(
                by=request.user,
                course=form.cleaned_data["course"],
                assessment=form.cleaned_data["assessment"],
                people=form.cleaned_data["people"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("certificates_bulk_detail", pk=bulk.pk)
    runs = BulkIssue.objects.select_related("course", "assessment", "requested_by").annotate(
        chosen_count=Count("people")
    )[:30]
    return render(
        request,
        "certificates/admin/bulk_list.html",
        {"form": form, "runs": runs, "designs": Design.choices},
    )


@_can_bulk_issue
def bulk_detail(request, pk: int):
    """A bulk issue's progress bar (the page reloads itself while it runs) and its ZIP."""
    bulk = get_object_or_404(BulkIssue.objects.select_related("course", "assessment"), pk=pk)
    if request.method == "POST":
        try:
            services.bulk_issue_archive_request(bulk=bulk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("certificates_bulk_detail", pk=bulk.pk)
    return render(request, "certificates/admin/bulk_detail.html", {"bulk": bulk})


def _serve_stored(request, stored, *, not_ready: str, download_name: str, content_type: str):
    """A stored private file, or a 404 that says it is not built yet."""
    if not stored:
        raise Http404(not_ready)
    return serve_private_file(
        request, stored, download_name=download_name, content_type=content_type
    )


def bulk_archive(request, pk: int):
    """The ZIP of a bulk issue, to those who may bulk issue (platform admins, organizers); to
    anyone else it does not exist."""
    if not request.user.has_perm("certificates.add_bulkissue"):
        raise Http404
    bulk = get_object_or_404(BulkIssue, pk=pk)
    return _serve_stored(
        request,
        bulk.archive,
        not_ready=_("The ZIP of this bulk issue has not been built yet."),
        download_name=f"certificates-{bulk.pk}.zip",
        content_type="application/zip",
    )


def certificate_pdf(request, pk: int):
    """Any certificate's or transcript's PDF, to those who manage certificates (revoke and
    reissue); to anyone else it does not exist."""
    if not request.user.has_perm("certificates.change_certificate"):
        raise Http404
    certificate = get_object_or_404(Certificate, pk=pk)
    return _serve_stored(
        request,
        certificate.pdf,
        not_ready=_("The PDF of this certificate has not been rendered yet."),
        download_name=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )


SAMPLE_SNAPSHOT = {
    "serial": "GL-2026-000123",
    "holder_name": "张喆",
    "title": "政务数据共享与开放",
    "credit_hours": "12.0",
    "issuer": "政务学堂",
    "issued_on": "2026-06-30",
    "expires_on": None,
    "details": {
        "percent": "92.50",
        "contest": "2026年信息化竞赛",
        "award": "一等奖",
        "year": 2026,
        "rows": [
            {
                "kind": "course",
                "title": "政务数据共享与开放",
                "date": "2026-03-02",
                "hours": "12.0",
                "required": True,
            },
            {
                "kind": "test",
                "title": "网络安全能力测评",
                "date": "2026-04-18",
                "hours": "0",
                "required": False,
            },
        ],
        "required_hours": "12.0",
        "elective_hours": "0",
        "total": "12.0",
        "requirement": "90",
        "met": False,
    },
}


@permission_required("certificates.change_certificaterule", raise_exception=True)
def design_preview(request, design: str):
    """A design with sample data as HTML with its print stylesheets inlined."""
    if design not in Design.values:
        raise Http404(_("There is no such certificate design."))
    html = certificate_html(
        design=design,
        snapshot={**SAMPLE_SNAPSHOT, "language": request.LANGUAGE_CODE},
        verification_url=request.build_absolute_uri("/certificates/verify/SAMPLE/"),
    )
    styles = font_face_css().split("\n", 1)[-1]  # the @font-face file: URL means nothing here
    styles += "".join(path.read_text() for path in stylesheet_paths(design))
    styles += "body { background: #ddd; } .frame { width: 273mm; margin: 1rem auto; }"
    html = html.replace("</head>", f"<style>{styles}</style></head>", 1)
    return HttpResponse(html)
