"""The organizer's contest screens in the Wagtail admin: every contest, and one contest's
registrations and integrity flags (flagged for the organizer, never silently dropped), with links
to the results export. Organizers and platform admins only; a refusal raises PermissionDenied,
which trust's middleware answers 403 and writes to the audit log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.text import parse_int

from .. import selectors
from ..models import ContestMode, ContestPage
from ..selectors.contest_charts import contest_summary_charts
from ..selectors.contests import contest_papers_progress

CONTESTS_PER_PAGE = 50


def _require_organizer(request) -> None:
    if not selectors.user_organizes_contests(user=request.user):
        raise PermissionDenied(
            _("Only contest organizers and platform admins can manage contests.")
        )


def _number(value: str | None) -> int:
    return parse_int(value, default=1, min_value=1)


def contest_index(request):
    _require_organizer(request)
    page = Paginator(selectors.contests_for_organizer(), CONTESTS_PER_PAGE).get_page(
        request.GET.get("p")
    )
    return render(request, "quizzes/admin/contest_index.html", {"page": page})


def contest_detail(request, pk: int):
    _require_organizer(request)
    try:
        contest = selectors.contest_for_organizer(contest_id=pk)
    except ContestPage.DoesNotExist as error:
        raise Http404(_("No such contest.")) from error
    flagged_only = request.GET.get("flagged") == "1"
    screen = selectors.contest_organizer_screen(
        contest=contest,
        flagged_only=flagged_only,
        page=_number(request.GET.get("p")),
        flags_page=_number(request.GET.get("fp")),
    )
    papers = contest_papers_progress(contest=contest) if contest.mode == ContestMode.PAPER else None
    return render(
        request,
        "quizzes/admin/contest_detail.html",
        {
            "contest": contest,
            "flagged_only": flagged_only,
            "papers": papers,
            "charts": contest_summary_charts(contest=contest),
            **screen,
        },
    )
