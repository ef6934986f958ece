"""Learner and public pages: verification, my certificates, downloads, transcript, public key."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.private_files import serve_private_file
from core.ratelimit import rate_limit_consume

from . import credentials, selectors, services

# Enough for a person checking a pile of printed certificates; too few to enumerate codes.
VERIFY_LIMIT, VERIFY_WINDOW_SECONDS = 30, 60


@require_GET
def verify_lookup(request):
    """The home page's code form: send the typed code to its verification page (reads only)."""
    # Spaces and line breaks copied from a printout go; nothing else is a code's character.
    code = "".join(ch for ch in request.GET.get("code", "") if ch.isalnum() or ch in "-_")[:64]
    if not code:
        return redirect("home")
    return redirect("certificates:verify", code=code)


@require_GET
@never_cache
def verify(request, code: str):
    """The public record of a certificate: what it says and whether it still holds."""
    if not rate_limit_consume(
        request=request,
        scope="certificates.verify",
        limit=VERIFY_LIMIT,
        per_seconds=VERIFY_WINDOW_SECONDS,
    ):
        response = render(
            request,
            "core/too_many_requests.html",
            {
                "message": _(
                    "Too many verifications in a short time. Please wait a minute and try again."
                )
            },
            status=429,
        )
        response["Retry-After"] = str(VERIFY_WINDOW_SECONDS)
        return response
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        return render(request, "certificates/verify_not_found.html", status=404)
    return render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "s": certificate.snapshot},
    )


@login_required
def my_certificates(request):
    """A learner's certificates with downloads, and the annual transcript form."""
    this_year = timezone.localdate().year
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "certificates": selectors.certificates_of_user(user=request.user),
            "years": list(range(this_year, this_year - 5, -1)),
        },
    )


def _own_certificate(request, certificate_id: int):
    certificate = selectors.certificate_of_user(user=request.user, certificate_id=certificate_id)
    if certificate is None:
        raise Http404(_("There is no such certificate among yours."))
    return certificate


@login_required
def download_pdf(request, certificate_id: int):
    """The learner's own PDF; while the task renders it, a page that says so and refreshes."""
    certificate = _own_certificate(request, certificate_id)
    if not certificate.pdf:
        return render(
            request, "certificates/being_prepared.html", {"certificate": certificate}, status=202
        )
    return serve_private_file(
        request,
        certificate.pdf,
        download_name=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_GET
@never_cache
def pdf_status(request, certificate_id: int):
    """Whether the learner's own PDF is ready, for the page that waits for it (reads only)."""
    certificate = _own_certificate(request, certificate_id)
    ready = bool(certificate.pdf)
    return JsonResponse(
        {
            "ready": ready,
            "url": reverse("certificates:pdf", args=[certificate.pk]) if ready else None,
            "label": _("Download PDF of %(serial)s") % {"serial": certificate.serial},
        }
    )


@login_required
def download_credential(request, certificate_id: int):
    """The learner's own certificate as a signed Open Badges 3.0 credential (VC-JWT)."""
    certificate = _own_certificate(request, certificate_id)
    response = HttpResponse(
        credentials.credential_sign(certificate), content_type="application/vc+jwt"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.jwt"'
    return response


@login_required
@require_POST
def transcript_request(request):
    """Issue (or reuse) the learner's transcript of a year; the PDF follows from a task."""
    try:
        year = int(request.POST.get("year", ""))
        dt.date(year, 1, 1)
    except (TypeError, ValueError):
        messages.error(request, _("Choose a year for the transcript."))
        return redirect("certificates:mine")
    this_year = timezone.localdate().year
    if not this_year - 10 <= year <= this_year:
        messages.error(request, _("Transcripts are available for the last ten years only."))
        return redirect("certificates:mine")
    try:
        services.certificate_issue_transcript(user=request.user, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("certificates:mine")
    messages.success(
        request,
        _("Your transcript for %(year)s is being prepared. It appears in the list below.")
        % {"year": year},
    )
    return redirect("certificates:mine")


@require_GET
def jwks(request):
    """The platform's public signing key, for verifying downloaded credentials."""
    response = JsonResponse(credentials.jwks())
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


# Browsers and verifiers may cache a status list this long: a revocation shows within a minute.
STATUS_LIST_MAX_AGE = 60


@require_GET
def status_list(request, list_number: int):
    """A published revocation status list (W3C Bitstring Status List), signed by the platform:
    by default JSON (an EnvelopedVerifiableCredential holding the VC-JWT), the bare VC-JWT for a
    verifier that asks for application/vc+jwt. Public, so any verifier can check a credential."""
    if not selectors.status_list_exists(list_number=list_number):
        raise Http404
    if "application/vc+jwt" in request.headers.get("Accept", ""):
        response = HttpResponse(
            credentials.status_list_sign(list_number=list_number),
            content_type="application/vc+jwt",
        )
    else:
        response = JsonResponse(
            credentials.status_list_enveloped(list_number=list_number),
            content_type="application/vc+ld+json",
        )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={STATUS_LIST_MAX_AGE}"
    response["Vary"] = "Accept"
    return response
