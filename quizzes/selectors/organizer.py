"""Reads for the organizer's contest screens in the Wagtail admin: the contest list,
registrations ranked as the public ranking ranks them, and integrity flags. Each read is a fixed
number of queries however many people registered: counts in one aggregate, one page of rows per
list."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from people.models import Role
from people.selectors import user_roles

from ..models import Attempt, ContestEntry, ContestFlag, ContestMode, ContestOutcome, ContestPage
from .contests import _page_bounds, contest_ranking

ORGANIZER_PAGE_SIZE = 50
ORGANIZER_ROLES = frozenset({Role.ORGANIZER, Role.PLATFORM_ADMIN})


def user_organizes_contests(*, user) -> bool:
    """Whether the person may manage contests: organizers and platform admins."""
    return bool(user_roles(user=user) & ORGANIZER_ROLES)


def _count_of(queryset, group_by: str):
    """A correlated COUNT(*) subquery, 0 when nothing matches."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def contests_for_organizer():
    """Every contest, drafts included, newest start first, with `registrations`, `flags` and
    `decided` annotated (one query per page of contests)."""
    return ContestPage.objects.annotate(
        registrations=_count_of(ContestEntry.objects.filter(contest=OuterRef("pk")), "contest"),
        flags=_count_of(
            ContestFlag.objects.filter(entry__contest=OuterRef("pk")), "entry__contest"
        ),
        decided=Exists(ContestOutcome.objects.filter(contest=OuterRef("pk"))),
    ).order_by("-starts_at", "-pk")


def contest_for_organizer(*, contest_id: int) -> ContestPage:
    """Any contest by id, published or draft, with `decided` annotated (raises
    ContestPage.DoesNotExist)."""
    return (
        ContestPage.objects.select_related("assessment")
        .annotate(decided=Exists(ContestOutcome.objects.filter(contest=OuterRef("pk"))))
        .get(pk=contest_id)
    )


def _paged(rows: list[dict], *, page: int, pages: int, total: int) -> dict:
    return {
        "rows": rows,
        "page": page,
        "pages": pages,
        "total": total,
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < pages else None,
    }


def _person(user) -> str:
    return user.full_name or user.username


def _entry_status(entry: ContestEntry, mode: str) -> str:
    if mode == ContestMode.PAPER:
        # A paper prepared ahead of the start but not started yet is still "Not started".
        return entry.attempt.get_status_display() if entry.started_at else _("Not started")
    if entry.running:
        return _("Playing a run")
    if entry.runs:
        return ngettext("%(n)s run finished", "%(n)s runs finished", entry.runs) % {"n": entry.runs}
    return _("Not started")


def _registration_rows(
    contest: ContestPage, *, flagged_only: bool, offset: int, language: str
) -> list[dict]:
    """One page of registrations, ranked people first in the public ranking's order (live or
    final: the same `contest_ranking` rows, so the ranks, ties and scores agree with what learners
    see), then the rest in registration order."""
    # Uncached: the organizer sees the standings as they are now, in a fixed number of queries.
    ranking = {row["entry_id"]: row for row in contest_ranking(contest=contest, use_cache=False)}
    position = {entry_id: index for index, entry_id in enumerate(ranking)}
    entries = ContestEntry.objects.filter(contest=contest)
    if flagged_only:
        entries = entries.filter(Exists(ContestFlag.objects.filter(entry=OuterRef("pk"))))
    ordered = entries.order_by("registered_at", "pk").values_list("pk", flat=True)
    unranked = len(position)
    ids = sorted(ordered, key=lambda pk: position.get(pk, unranked))
    page_ids = ids[offset : offset + ORGANIZER_PAGE_SIZE]
    runs = Attempt.objects.filter(user_id=OuterRef("user_id"), assessment_id=contest.assessment_id)
    page = {
        entry.pk: entry
        for entry in ContestEntry.objects.filter(pk__in=page_ids)
        .select_related("user", "org_unit", "attempt")
        .annotate(
            flag_count=_count_of(ContestFlag.objects.filter(entry=OuterRef("pk")), "entry"),
            runs=_count_of(runs.filter(status__in=Attempt.FINISHED), "user"),
            running=Exists(runs.filter(status=Attempt.Status.IN_PROGRESS)),
        )
    }
    rows = []
    for pk in page_ids:
        entry = page[pk]
        ranked = ranking.get(pk)
        rows.append(
            {
                "entry_id": entry.pk,
                "name": _person(entry.user),
                "username": entry.user.username,
                "unit": entry.org_unit.display_name(language) if entry.org_unit else "",
                "registered_at": entry.registered_at,
                "entry_not_before": entry.entry_not_before,
                "status": _entry_status(entry, contest.mode),
                "flags": entry.flag_count,
                "rank": ranked["rank"] if ranked else None,
                "score": Decimal(ranked["score"]).normalize() if ranked else None,
                "max_score": Decimal(ranked["max_score"]).normalize() if ranked else None,
                "percent": ranked["percent"] if ranked else None,
            }
        )
    return rows


def _flag_rows(contest: ContestPage, *, offset: int, language: str) -> list[dict]:
    flags = (
        ContestFlag.objects.filter(entry__contest=contest)
        .select_related("entry__user", "entry__org_unit", "attempt")
        .order_by("-created_at", "-pk")
    )
    return [
        {
            "flag_id": flag.pk,
            "entry_id": flag.entry_id,
            "name": _person(flag.entry.user),
            "unit": flag.entry.org_unit.display_name(language) if flag.entry.org_unit else "",
            "kind": flag.get_kind_display(),
            "slot": flag.slot,
            "run": flag.attempt.number,
            "seconds": flag.seconds,
            "created_at": flag.created_at,
        }
        for flag in flags[offset : offset + ORGANIZER_PAGE_SIZE]
    ]


def contest_organizer_screen(
    *, contest: ContestPage, flagged_only: bool = False, page: int = 1, flags_page: int = 1
) -> dict:
    """The organizer's view of one contest in a fixed number of queries: `counts` (registrations,
    took_part, flagged entries, flags), one page of `registrations` (with the public ranking's
    ranks and scores, ranked people first, then in registration order; only flagged people with
    `flagged_only`) and one page of `flags` (newest first). Each page is {rows, page, pages,
    total, previous, next}."""
    language = translation.get_language() or ""
    took_part = Attempt.objects.filter(
        user_id=OuterRef("user_id"),
        assessment_id=contest.assessment_id,
        status__in=Attempt.FINISHED,
    )
    counts = ContestEntry.objects.filter(contest=contest).aggregate(
        registrations=Count("pk", distinct=True),
        took_part=Count("pk", distinct=True, filter=Exists(took_part)),
        flagged=Count("pk", distinct=True, filter=Q(flags__isnull=False)),
        flags=Count("flags", distinct=True),
    )
    total = counts["flagged"] if flagged_only else counts["registrations"]
    number, pages, offset = _page_bounds(total, page, size=ORGANIZER_PAGE_SIZE)
    registrations = _paged(
        _registration_rows(contest, flagged_only=flagged_only, offset=offset, language=language),
        page=number,
        pages=pages,
        total=total,
    )
    number, pages, offset = _page_bounds(counts["flags"], flags_page, size=ORGANIZER_PAGE_SIZE)
    flags = _paged(
        _flag_rows(contest, offset=offset, language=language),
        page=number,
        pages=pages,
        total=counts["flags"],
    )
    return {"counts": counts, "registrations": registrations, "flags": flags}
