"""Reads for contests: rankings (individual and by department), a contestant's own standing, the
contest page's context, and the organizer's screens (registrations, integrity flags) and export rows.

Live rankings are computed from stored results and cached for a few seconds (thousands of
contestants poll them); once the contest is decided they come from the final standings.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone, translation

from people.models import OrgUnit, Profile, Role
from people.selectors import user_roles

from ..models import (
    Attempt,
    ContestEntry,
    ContestFlag,
    ContestMode,
    ContestPage,
    ContestStanding,
    MarkingWait,
)

LIVE_TTL_SECONDS = 5
PAGE_SIZE = 50


def _percent(score: Decimal, maximum: Decimal) -> Decimal:
    if not maximum:
        return Decimal(0)
    return (Decimal(score) * 100 / Decimal(maximum)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def rank_rows(rows: list[dict]) -> list[dict]:
    """Sort by score (high first), then time (short first); equal score and equal time share a
    rank and the next rank skips (1, 1, 3)."""
    rows.sort(key=lambda row: (-row["score"], row["time_seconds"], row["name"], row["entry_id"]))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        key = (row["score"], row["time_seconds"])
        if key != previous:
            rank, previous = position, key
        row["rank"] = rank
        row["percent"] = _percent(row["score"], row["max_score"])
    return rows


def _seconds(started: datetime, finished: datetime) -> int:
    return max(0, int((finished - started).total_seconds()))


def _paper_rows(contest: ContestPage) -> list[dict]:
    # Only final results rank: an attempt awaiting marking has no Result yet.
    values = ContestEntry.objects.filter(
        contest=contest, attempt__status__in=Attempt.FINISHED, attempt__result__isnull=False
    ).values(
        "user_id",
        "org_unit_id",
        entry_id=F("pk"),
        full_name=F("user__full_name"),
        username=F("user__username"),
        score=F("attempt__result__score"),
        max_score=F("attempt__result__max_score"),
        started=F("attempt__started_at"),
        finished=F("attempt__finished_at"),
    )
    return [
        {
            "entry_id": row["entry_id"],
            "user_id": row["user_id"],
            "unit_id": row["org_unit_id"],
            "name": row["full_name"] or row["username"],
            "score": row["score"],
            "max_score": row["max_score"],
            "time_seconds": _seconds(row["started"], row["finished"]),
        }
        for row in values
    ]


def _challenge_rows(contest: ContestPage) -> list[dict]:
    """A run's score is its streak: the fully right answers (the run stops at the first wrong
    one, so they are consecutive). Each person's best run counts; a faster run breaks a tie."""
    runs = (
        Attempt.objects.filter(assessment_id=contest.assessment_id, status__in=Attempt.FINISHED)
        .annotate(
            streak=Count("answers", filter=Q(answers__score=F("answers__points"))),
            slots=Count("answers"),
        )
        .values("pk", "user_id", "streak", "slots", "started_at", "finished_at")
    )
    best: dict[int, dict] = {}
    for run in runs:
        time_seconds = _seconds(run["started_at"], run["finished_at"])
        key = (-run["streak"], time_seconds)
        current = best.get(run["user_id"])
        if current is None or key < current["key"]:
            best[run["user_id"]] = {**run, "key": key, "time_seconds": time_seconds}
    entries = ContestEntry.objects.filter(contest=contest, user_id__in=best).values(
        "pk", "user_id", "org_unit_id", "user__full_name", "user__username"
    )
    return [
        {
            "entry_id": entry["pk"],
            "user_id": entry["user_id"],
            "unit_id": entry["org_unit_id"],
            "name": entry["user__full_name"] or entry["user__username"],
            "score": Decimal(best[entry["user_id"]]["streak"]),
            "max_score": Decimal(best[entry["user_id"]]["slots"]),
            "time_seconds": best[entry["user_id"]]["time_seconds"],
        }
        for entry in entries
    ]


def _unit_names(unit_ids) -> dict[int, str]:
    english = (translation.get_language() or "").startswith("en")
    return {
        unit["pk"]: (unit["name_en"] if english and unit["name_en"] else unit["name"])
        for unit in OrgUnit.objects.filter(pk__in=set(unit_ids) - {None}).values(
            "pk", "name", "name_en"
        )
    }


def contest_is_decided(*, contest: ContestPage) -> bool:
    """Whether the final standings are written."""
    return ContestStanding.objects.filter(contest=contest).exists() or hasattr(contest, "outcome")


def contest_ranking(*, contest: ContestPage, use_cache: bool = True) -> list[dict]:
    """The individual ranking: rows of entry_id, user_id, unit_id, name, score, max_score,
    percent, time_seconds, rank. Final standings once decided; else live, cached for a few
    seconds. Unit names are added by `contest_leaderboard`."""
    final = list(
        ContestStanding.objects.filter(contest=contest).values(
            "entry_id",
            "rank",
            "score",
            "max_score",
            "time_seconds",
            user_id=F("entry__user_id"),
            unit_id=F("entry__org_unit_id"),
            full_name=F("entry__user__full_name"),
            username=F("entry__user__username"),
        )
    )
    if final:
        for row in final:
            row["name"] = row.pop("full_name") or row.pop("username")
            row.pop("username", None)
            row["percent"] = _percent(row["score"], row["max_score"])
        final.sort(key=lambda row: (row["rank"], row["time_seconds"], row["name"]))
        return final
    key = f"quizzes:contest:{contest.pk}:ranking"
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    rows = _paper_rows(contest) if contest.mode == ContestMode.PAPER else _challenge_rows(contest)
    rows = rank_rows(rows)
    if use_cache:
        cache.set(key, rows, LIVE_TTL_SECONDS)
    return rows


def _page_bounds(total: int, page: int, *, size: int) -> tuple[int, int, int]:
    """(page, pages, offset) for `total` rows in pages of `size`, the page clamped into range."""
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    return page, pages, (page - 1) * size


def contest_leaderboard(*, contest: ContestPage, user=None, page: int = 1) -> dict:
    """One page of the individual ranking with unit names, the viewer's own row (even when it is
    not on this page), and the page count."""
    rows = contest_ranking(contest=contest)
    page, pages, offset = _page_bounds(len(rows), page, size=PAGE_SIZE)
    shown = rows[offset : offset + PAGE_SIZE]
    mine = None
    if user is not None and user.is_authenticated:
        mine = next((row for row in rows if row["user_id"] == user.pk), None)
    names = _unit_names([row["unit_id"] for row in shown] + ([mine["unit_id"]] if mine else []))
    shown = [{**row, "unit": names.get(row["unit_id"], "")} for row in shown]
    if mine is not None:
        mine = {**mine, "unit": names.get(mine["unit_id"], "")}
    return {
        "rows": shown,
        "mine": mine,
        "mine_shown": bool(mine) and any(row["entry_id"] == mine["entry_id"] for row in shown),
        "page": page,
        "pages": pages,
        "total": len(rows),
        "final": contest_is_decided(contest=contest),
        # Finished but awaiting marking: not ranked until their result is final.
        "awaiting": _awaiting_marking(contest).count(),
        "mine_awaiting": bool(user is not None and user.is_authenticated)
        and _awaiting_marking(contest).filter(attempt__user=user).exists(),
    }


def _awaiting_marking(contest: ContestPage):
    return MarkingWait.objects.filter(
        assessment_id=contest.assessment_id, finalised_at__isnull=True
    )


def _eligible_profiles(contest: ContestPage):
    profiles = Profile.objects.filter(user__is_active=True)
    units = list(contest.eligible_units.all())
    if units:
        condition = Q()
        for unit in units:
            condition |= Q(org_unit__path__startswith=unit.path)
        profiles = profiles.filter(condition)
    return profiles


def contest_department_ranking(*, contest: ContestPage) -> list[dict]:
    """Units ranked by mean score over their eligible headcount (people who did not take part
    count as 0, so a big unit cannot win with three stars); participation rate shown beside it.
    Rows: unit_id, unit, headcount, participants, participation (%), mean_score, mean_percent,
    rank."""
    headcounts = {
        row["org_unit_id"]: row["n"]
        for row in _eligible_profiles(contest).values("org_unit_id").annotate(n=Count("pk"))
    }
    totals: dict[int, dict] = {}
    for row in contest_ranking(contest=contest):
        if row["unit_id"] is None:
            continue
        item = totals.setdefault(
            row["unit_id"], {"n": 0, "score": Decimal(0), "percent": Decimal(0)}
        )
        item["n"] += 1
        item["score"] += Decimal(row["score"])
        item["percent"] += Decimal(row["percent"])
    names = _unit_names(list(headcounts) + list(totals))
    rows = []
    for unit_id in set(headcounts) | set(totals):
        item = totals.get(unit_id, {"n": 0, "score": Decimal(0), "percent": Decimal(0)})
        headcount = max(headcounts.get(unit_id, 0), item["n"])
        if not headcount:
            continue
        rows.append(
            {
                "unit_id": unit_id,
                "unit": names.get(unit_id, ""),
                "headcount": headcount,
                "participants": item["n"],
                "participation": _percent(Decimal(item["n"]), Decimal(headcount)),
                "mean_score": (item["score"] / headcount).quantize(Decimal("0.01"), ROUND_HALF_UP),
                "mean_percent": (item["percent"] / headcount).quantize(
                    Decimal("0.01"), ROUND_HALF_UP
                ),
            }
        )
    rows.sort(key=lambda row: (-row["mean_percent"], -row["participation"], row["unit"]))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        key = (row["mean_percent"], row["participation"])
        if key != previous:
            rank, previous = position, key
        row["rank"] = rank
    return rows


def contest_phase(*, contest: ContestPage, now: datetime | None = None) -> str:
    """upcoming | registration | live | ended | decided."""
    now = now or timezone.now()
    if now >= contest.ends_at:
        return "decided" if contest_is_decided(contest=contest) else "ended"
    if now >= contest.starts_at:
        return "live"
    if now >= contest.registration_opens_at:
        return "registration"
    return "upcoming"


def contest_entry_of(*, contest: ContestPage, user) -> ContestEntry | None:
    """The viewer's registration, or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        ContestEntry.objects.select_related("contest", "attempt")
        .filter(contest=contest, user=user)
        .first()
    )


def contest_is_eligible(*, contest: ContestPage, user) -> bool:
    """Whole platform when no units are chosen; else people in a chosen unit's subtree."""
    units = list(contest.eligible_units.all())
    if not units:
        return True
    profile = Profile.objects.filter(user=user).select_related("org_unit").first()
    if profile is None:
        return False
    path = profile.org_unit.path
    return any(path.startswith(unit.path) for unit in units)


def contest_page_context(
    *, contest: ContestPage, user, now: datetime | None = None, board_page: int = 1
) -> dict:
    """What the contest page shows the viewer: phase, their entry and its countdown and the
    leaderboards (the individual one at `board_page`). Whether they may register is asked of
    quizzes.actions.EnterContestAction by the page."""
    now = now or timezone.now()
    entry = contest_entry_of(contest=contest, user=user)
    phase = contest_phase(contest=contest, now=now)
    wait = None
    if entry is not None and phase in ("registration", "live"):
        wait = max(0, int((entry.entry_not_before - now).total_seconds() + 0.999))
    # Names and units are for colleagues signed in, not for anonymous visitors of the page.
    show_ranking = user.is_authenticated and phase in ("live", "ended", "decided")
    return {
        "phase": phase,
        "entry": entry,
        "entry_wait_seconds": wait,
        "leaderboard": contest_leaderboard(contest=contest, user=user, page=board_page)
        if show_ranking
        else None,
        "departments": contest_department_ranking(contest=contest) if show_ranking else None,
        "finished_attempt": bool(entry and entry.attempt and entry.attempt.is_finished),
        "can_export": bool(
            user.is_authenticated and user_roles(user=user) & {Role.ORGANIZER, Role.PLATFORM_ADMIN}
        ),
    }


def contest_papers_progress(*, contest: ContestPage) -> dict:
    """How many registered contestants have their paper built ahead of the start, for the
    organizer ("papers prepared: 812 / 1,000"). One query."""
    counts = ContestEntry.objects.filter(contest=contest).aggregate(
        registered=Count("pk"), prepared=Count("attempt")
    )
    return {"prepared": counts["prepared"], "registered": counts["registered"]}


def contests_live_exist(*, now: datetime | None = None) -> bool:
    """Whether the site nav should offer Contests (only while one is open or running). The header
    asks about now, through the cached windows (attempts.nav_windows_cached)."""
    from .attempts import nav_windows_cached

    if now is not None:
        return (
            ContestPage.objects.live()
            .filter(registration_opens_at__lte=now, ends_at__gt=now)
            .exists()
        )
    return nav_windows_cached(
        "contests",
        lambda: (
            ContestPage.objects.live().values_list("registration_opens_at", "ends_at").distinct()
        ),
    )


def contest_export_rows(*, contest: ContestPage) -> list[dict]:
    """Every ranked contestant with unit and flags count, for the organizer's CSV/XLSX export."""
    rows = contest_ranking(contest=contest)
    names = _unit_names([row["unit_id"] for row in rows])
    flags = dict(
        ContestEntry.objects.filter(contest=contest)
        .annotate(n=Count("flags"))
        .values_list("pk", "n")
    )
    return [
        {**row, "unit": names.get(row["unit_id"], ""), "flags": flags.get(row["entry_id"], 0)}
        for row in rows
    ]


def contest_slot_types(*, attempt_id: int, slots: list[int]) -> dict[int, str]:
    """Question type per slot of a contest attempt (the caller got the id from the entry)."""
    from ..models import Answer

    return dict(
        Answer.objects.filter(attempt_id=attempt_id, slot__in=slots).values_list(
            "slot", "question_version__qtype"
        )
    )


def contest_for_learner(*, contest_id: int) -> ContestPage:
    """A live (published) contest by id (raises ContestPage.DoesNotExist)."""
    return ContestPage.objects.live().select_related("assessment").get(pk=contest_id)


def contests_listed(*, now: datetime | None = None) -> list[ContestPage]:
    """Published contests not yet ended (soonest first), then the ten most recent ended ones."""
    now = now or timezone.now()
    live = ContestPage.objects.live()
    current = list(live.filter(ends_at__gt=now).order_by("starts_at"))
    past = list(live.filter(ends_at__lte=now).order_by("-ends_at")[:10])
    return current + past


def contest_current_slot(*, attempt_id: int):
    """Challenge mode: the first unanswered slot of a run (None when every slot is answered)."""
    from ..models import Answer

    return (
        Answer.objects.filter(attempt_id=attempt_id, response__isnull=True)
        .order_by("slot")
        .values_list("slot", flat=True)
        .first()
    )


def contest_records_of(*, user) -> list[dict]:
    """Everything contests hold about one person, for their personal-data download: each
    registration with its entry time, final standing, awards and integrity flags (three queries).
    The session token is a credential and stays out."""
    from ..models import ContestAwardGrant

    entries = list(
        ContestEntry.objects.filter(user=user)
        .select_related("contest", "attempt", "standing")
        .order_by("registered_at")
    )
    awards: dict[int, list[dict]] = {}
    for grant in ContestAwardGrant.objects.filter(entry__in=entries).select_related("award"):
        awards.setdefault(grant.entry_id, []).append(
            {
                "award": grant.award.title,
                "credit_hours": grant.credit_hours,
                "granted_at": grant.granted_at,
            }
        )
    flags: dict[int, list[dict]] = {}
    for flag in ContestFlag.objects.filter(entry__in=entries).order_by("created_at"):
        flags.setdefault(flag.entry_id, []).append(
            {
                "kind": flag.get_kind_display(),
                "question": flag.slot,
                "seconds": flag.seconds,
                "flagged_at": flag.created_at,
            }
        )
    records = []
    for entry in entries:
        standing = getattr(entry, "standing", None)
        records.append(
            {
                "contest": entry.contest.title,
                "registered_at": entry.registered_at,
                "may_enter_from": entry.entry_not_before,
                # A paper prepared but never started was not taken: no status to report.
                "attempt_status": entry.attempt.get_status_display()
                if entry.attempt and entry.started_at
                else None,
                "last_answer_at": entry.last_answer_at,
                "final_rank": standing.rank if standing else None,
                "final_score": standing.score if standing else None,
                "time_seconds": standing.time_seconds if standing else None,
                "awards": awards.get(entry.pk, []),
                "flags": flags.get(entry.pk, []),
            }
        )
    return records
