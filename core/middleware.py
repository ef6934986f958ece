"""One gate for hostile input, in front of every view (site, learner, manager, admin, JSON).

A request whose path, query string or body holds NUL or other control characters, lone surrogates,
bytes that are not UTF-8, or a value longer than any form of ours takes, is answered here with a
translated 400 (a page in the site shell, or JSON for JSON callers) and never reaches a view: so
nothing is written, and PostgreSQL never sees the NUL byte it would refuse with a 500.

Last line of defence, for what only the database can tell (a number or text out of a column's
range that some view passed on unchecked): DataError and OverflowError from a view become the same
400 rather than a server error. Views and forms should still bound their input (core.forms).
"""

from __future__ import annotations

import json
import logging
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .text import (
    HOSTILE_TEXT_MESSAGE,
    MAX_ADMIN_VALUE_LENGTH,
    MAX_PATH_LENGTH,
    MAX_VALUE_LENGTH,
    TOO_LONG_MESSAGE,
    UNDECODABLE_MESSAGE,
    has_hostile_characters,
    is_valid_utf8,
)

logger = logging.getLogger(__name__)

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class HostileInputError(Exception):
    """A request value we refuse; `message` is the (lazy, translated) reason shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _check_text(value: str, *, limit: int = MAX_VALUE_LENGTH) -> None:
    if len(value) > limit:
        raise HostileInputError(TOO_LONG_MESSAGE)
    if has_hostile_characters(value):
        raise HostileInputError(HOSTILE_TEXT_MESSAGE)


def _check_encoded(raw: str | bytes) -> None:
    """A query string or urlencoded body must decode (after %-unquoting) as strict UTF-8;
    Django's own parser would silently turn bad bytes into U+FFFD."""
    if isinstance(raw, str):
        raw = raw.encode("latin-1", errors="replace")
    if not is_valid_utf8(unquote_to_bytes(raw.replace(b"+", b" "))):
        raise HostileInputError(UNDECODABLE_MESSAGE)


def _check_querydict(data, *, limit: int = MAX_VALUE_LENGTH) -> None:
    for key, values in data.lists():
        _check_text(key)
        for value in values:
            if isinstance(value, str):
                _check_text(value, limit=limit)


def _check_json(value, *, limit: int = MAX_VALUE_LENGTH) -> None:
    if isinstance(value, str):
        _check_text(value, limit=limit)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_json(item, limit=limit)
    elif isinstance(value, list):
        for item in value:
            _check_json(item, limit=limit)


def check_request(request: HttpRequest) -> None:
    """Raise HostileInputError when any part of the request is hostile (see the module doc)."""
    # Undecodable bytes in the path need no check: Django re-percent-encodes them before
    # routing, so they match no route (a 404).
    _check_text(request.path_info, limit=MAX_PATH_LENGTH)
    _check_encoded(request.META.get("QUERY_STRING", ""))
    _check_querydict(request.GET)
    if request.method not in _BODY_METHODS:
        return
    limit = (
        MAX_ADMIN_VALUE_LENGTH
        if request.path_info.startswith(settings.TRUST_ADMIN_PREFIX)
        else MAX_VALUE_LENGTH
    )
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        _check_encoded(request.body)
        _check_querydict(request.POST, limit=limit)
    elif content_type == "multipart/form-data":
        _check_querydict(request.POST, limit=limit)
        for upload in request.FILES.values():
            _check_text(upload.name or "", limit=255)
    elif content_type.endswith("json"):
        if not is_valid_utf8(request.body):
            raise HostileInputError(UNDECODABLE_MESSAGE)
        try:
            payload = json.loads(request.body or b"null")
        except ValueError:
            return  # not JSON at all: the view answers that in its own words
        _check_json(payload, limit=limit)


def wants_json(request: HttpRequest) -> bool:
    """JSON callers (autosave, heartbeats, APIs) get a JSON error, browsers a page."""
    accept = request.headers.get("Accept", "")
    return (
        (request.content_type or "").endswith("json")
        or ("application/json" in accept and "text/html" not in accept)
        or request.path_info.endswith(".json")
    )


def bad_request_response(request: HttpRequest, message) -> HttpResponse:
    """The translated 400 for refused input: JSON for JSON callers, else a page in the site shell."""
    text = str(message)
    if wants_json(request):
        return JsonResponse({"ok": False, "error": text}, status=400)
    return render(request, "core/bad_request.html", {"message": text}, status=400)


class HostileInputMiddleware:
    """Refuse hostile input before any view runs; turn range errors a view let through into a 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except HostileInputError as error:
            logger.info("Refused hostile input on %r: %s", request.path_info[:200], error)
            return bad_request_response(request, error.message)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (DataError, OverflowError)):
            logger.warning("Out-of-range input reached the database on %r", request.path_info[:200])
            return bad_request_response(
                request,
                _(
                    "A value in the request is out of range (too long or too large). "
                    "Please check it and try again."
                ),
            )
        return None
