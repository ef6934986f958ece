"""Reads for manager views. Every query starts from the viewer's scope, never from all people, and
team-wide numbers are computed from a fixed number of queries whatever the team size (the team is
passed on as a subquery, never as a list of ids)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum

from core.text import parse_int
from people.models import OrgUnit, Post, Profile, Rank, User
from people.selectors import profiles_in_scope, units_in_scope
from quizzes.models import (
    AREA_ORDER,
    COMPETENCE_IN_AREA_ORDER,
    Area,
    Competence,
    CompetenceLevelRecord,
    PostTarget,
)
from training.models import AssignmentTarget, CreditHourEntry, TrainingAssignment
from training.selectors import (
    CreditHoursSummary,
    assignment_progress,
    credit_hours_by_unit,
    credit_hours_summaries,
    target_status,
    targets_with_overdue,
)


def team_members(*, viewer: User, unit: OrgUnit | None = None) -> QuerySet[Profile]:
    """People the viewer manages, optionally narrowed to one unit of their scope (and below)."""
    profiles = profiles_in_scope(user=viewer).filter(user__is_active=True)
    if unit is not None:
        profiles = profiles.filter(org_unit__path__startswith=unit.path)
    return profiles.order_by("org_unit__path", "employee_number")


def team_units(*, viewer: User) -> QuerySet[OrgUnit]:
    """Units in the viewer's scope with how many active people sit directly in each."""
    return units_in_scope(user=viewer).annotate(headcount=Count("profiles")).order_by("path")


@dataclass(frozen=True)
class TeamFilter:
    unit: OrgUnit | None = None
    post: Post | None = None
    rank: str = ""

    def as_query(self) -> dict[str, str]:
        query = {}
        if self.unit:
            query["unit"] = self.unit.code
        if self.post:
            query["post"] = str(self.post.pk)
        if self.rank:
            query["rank"] = self.rank
        return query


def team_filter(*, units: list[OrgUnit], params) -> TeamFilter | None:
    """The filter a request asks for, or None when it names a unit outside `units` (the viewer's
    scope), an unknown post or rank."""
    unit = post = None
    code = params.get("unit") or ""
    if code:
        unit = next((u for u in units if u.code == code), None)
        if unit is None:
            return None
    post_id = params.get("post") or ""
    if post_id:
        number = parse_int(post_id)
        post = Post.objects.filter(pk=number).first() if number is not None else None
        if post is None:
            return None
    rank = params.get("rank") or ""
    if rank and rank not in Rank.values:
        return None
    return TeamFilter(unit=unit, post=post, rank=rank)


def team_people(*, viewer: User, selected: TeamFilter) -> QuerySet[Profile]:
    """The viewer's people narrowed by unit, post and rank."""
    profiles = team_members(viewer=viewer, unit=selected.unit)
    if selected.post:
        profiles = profiles.filter(post=selected.post)
    if selected.rank:
        profiles = profiles.filter(rank=selected.rank)
    return profiles


def team_person(*, viewer: User, profile_id: int) -> Profile | None:
    """One person the viewer manages, or None (outside scope looks exactly like nonexistent)."""
    return team_members(viewer=viewer).filter(pk=profile_id).first()


# --- credit hours ----------------------------------------------------------------------------------


def team_credit_hours(
    *, profiles: QuerySet[Profile], year: int, page_profiles: Iterable[Profile] = ()
) -> dict:
    """Hours this year against requirement for the people on the page (keyed by user id), and
    per-unit totals and who is behind over everyone in `profiles`, grouped in SQL. Four queries
    whatever the team size."""
    summaries = credit_hours_summaries(profiles=list(page_profiles), year=year)
    unit_rows = sorted(
        credit_hours_by_unit(profiles=profiles, year=year).values(), key=lambda r: r["name"]
    )
    for row in unit_rows:
        row["average"] = round(row["hours"] / row["people"], 1) if row["people"] else 0
    behind = sum(row["behind"] for row in unit_rows)
    return {"summaries": summaries, "units": unit_rows, "behind_count": behind}


def team_credit_hours_rows(
    *, profiles: QuerySet[Profile], year: int, chunk_size: int = 2000
) -> Iterator[tuple[Profile, CreditHoursSummary]]:
    """Every person of `profiles` with their hours summary, read a chunk at a time (for exports:
    memory and each query stay the size of a chunk however big the team)."""
    for chunk in _chunks(profiles, chunk_size):
        summaries = credit_hours_summaries(profiles=chunk, year=year)
        for profile in chunk:
            yield profile, summaries[profile.user_id]


def _chunks(profiles: QuerySet[Profile], size: int) -> Iterator[list[Profile]]:
    chunk: list[Profile] = []
    for profile in profiles.iterator(chunk_size=size):
        chunk.append(profile)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def contest_awards(*, profiles: QuerySet[Profile], year: int) -> list[dict]:
    """Contest awards credited to the team this year (empty until contests award hours)."""
    rows = (
        CreditHourEntry.objects.filter(
            user_id__in=profiles.order_by().values("user_id"),
            source_kind=CreditHourEntry.SourceKind.CONTEST_AWARD,
            earned_on__year=year,
        )
        .order_by("-earned_on")
        .values("user__full_name", "source_title", "hours", "earned_on")[:200]
    )
    return list(rows)


# --- competency ------------------------------------------------------------------------------------


def _areas() -> list[Area]:
    return list(
        Area.objects.select_related("framework")
        .prefetch_related(
            Prefetch("competences", queryset=Competence.objects.order_by(*COMPETENCE_IN_AREA_ORDER))
        )
        .order_by(*AREA_ORDER)
    )


def _competency_cells(*, areas: list[Area], people: list[tuple[int, int | None]]) -> dict:
    """Heatmap cells of `people` ((user id, post id) pairs, a page or an export chunk): per area
    the average current level, the average target of their post and the competences short of it.
    Two queries."""
    user_ids = [user_id for user_id, _ in people]
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for user_id, competence_id, level in (
        CompetenceLevelRecord.objects.filter(user_id__in=user_ids)
        .values("user_id", "competence_id")
        .annotate(level=Max("level"))
        .values_list("user_id", "competence_id", "level")
    ):
        levels[user_id][competence_id] = level
    targets: dict[int, dict[int, int]] = defaultdict(dict)
    for post_id, competence_id, level in PostTarget.objects.filter(
        post_id__in={p for _, p in people if p}
    ).values_list("post_id", "competence_id", "level"):
        targets[post_id][competence_id] = level

    def cell(user_id: int, post_id: int | None, ids: list[int]) -> dict:
        if not ids:
            return {"level": None, "target": None, "gaps": 0}
        mine = levels.get(user_id, {})
        wanted = targets.get(post_id, {})
        level = sum(mine.get(c, 0) for c in ids) / len(ids)
        target = sum(wanted.get(c, 0) for c in ids) / len(ids)
        gaps = sum(1 for c in ids if mine.get(c, 0) < wanted.get(c, 0))
        return {"level": round(level, 1), "target": round(target, 1), "gaps": gaps}

    competences_in = [[c.pk for c in a.competences.all()] for a in areas]
    return {
        user_id: [cell(user_id, post_id, ids) for ids in competences_in]
        for user_id, post_id in people
    }


def gap_exists_by_area(*, areas: list[Area]) -> dict[int, Exists]:
    """Per area, an EXISTS over a profile row: the person's post asks a level in the area that
    none of their records reaches. One EXISTS per area, so a team is counted in one pass."""
    reached = CompetenceLevelRecord.objects.filter(
        user_id=OuterRef(OuterRef("user_id")),
        competence_id=OuterRef("competence_id"),
        level__gte=OuterRef("level"),
    )
    return {
        area.pk: Exists(
            PostTarget.objects.filter(
                post_id=OuterRef("post_id"), competence__area_id=area.pk, level__gt=0
            ).filter(~Exists(reached))
        )
        for area in areas
    }


def _competency_averages(*, areas: list[Area], profiles: QuerySet[Profile]) -> list[dict]:
    """Per area over everyone in `profiles`: the average level and target (the mean over people
    of their area averages, rounded once) and how many people fall short somewhere in the area.
    Three grouped queries whatever the team size."""
    team = profiles.order_by().values("user_id")
    # A person's level in a competence is their best record: sum the records no better (or
    # equally good, later) record of the same person and competence outranks.
    better = CompetenceLevelRecord.objects.filter(
        user_id=OuterRef("user_id"), competence_id=OuterRef("competence_id")
    ).filter(Q(level__gt=OuterRef("level")) | Q(level=OuterRef("level"), pk__gt=OuterRef("pk")))
    level_sums = dict(
        CompetenceLevelRecord.objects.filter(user_id__in=team)
        .filter(~Exists(better))
        .order_by()
        .values("competence__area_id")
        .annotate(total=Sum("level"))
        .values_list("competence__area_id", "total")
    )
    # Each person carries their post's targets (one join row per person and target).
    target_sums = dict(
        PostTarget.objects.filter(post__profiles__user_id__in=team)
        .order_by()
        .values("competence__area_id")
        .annotate(total=Sum("level"))
        .values_list("competence__area_id", "total")
    )
    gap_in = gap_exists_by_area(areas=areas)
    counts = profiles.order_by().aggregate(
        people=Count("pk"),
        **{f"gaps_{pk}": Count("pk", filter=gap) for pk, gap in gap_in.items()},
    )
    people = counts["people"]
    with_gaps = {area.pk: counts[f"gaps_{area.pk}"] for area in areas}
    averages = []
    for area in areas:
        size = len(area.competences.all())
        denominator = (people * size) or 1
        averages.append(
            {
                "area": area,
                "level": round((level_sums.get(area.pk) or 0) / denominator, 1),
                "target": round((target_sums.get(area.pk) or 0) / denominator, 1),
                "people_with_gaps": with_gaps.get(area.pk, 0),
            }
        )
    return averages


def team_competency(
    *,
    profiles: QuerySet[Profile],
    page_user_ids: list[int] = (),
    page_profiles: Iterable[Profile] | None = None,
) -> dict:
    """The heatmap: cells for each person on the page (`page_profiles`, or `page_user_ids`
    within `profiles`) and area averages over everyone in `profiles`, grouped in SQL. Seven
    queries whatever the team size (eight given ids)."""
    areas = _areas()
    if page_profiles is not None:
        page = [(p.user_id, p.post_id) for p in page_profiles]
    else:
        page = list(
            profiles.order_by().filter(user_id__in=page_user_ids).values_list("user_id", "post_id")
        )
    return {
        "areas": areas,
        "cells": _competency_cells(areas=areas, people=page),
        "averages": _competency_averages(areas=areas, profiles=profiles),
    }


def team_competency_rows(
    *, profiles: QuerySet[Profile], chunk_size: int = 2000
) -> tuple[list[Area], Iterator[tuple[Profile, list[dict]]]]:
    """The areas, and every person of `profiles` with their heatmap cells, read a chunk at a
    time (for exports)."""
    areas = _areas()

    def rows():
        for chunk in _chunks(profiles, chunk_size):
            cells = _competency_cells(areas=areas, people=[(p.user_id, p.post_id) for p in chunk])
            for profile in chunk:
                yield profile, cells[profile.user_id]

    return areas, rows()


# --- assigned training ----------------------------------------------------------------------------


def team_assignments(*, profiles: QuerySet[Profile], overdue_limit: int = 200) -> dict:
    """Assigned training of the team: completion rate, per assignment counts and the overdue list
    (overdue in each person's own time zone), counted in SQL. Four queries whatever the size."""
    targets = targets_with_overdue(
        AssignmentTarget.objects.filter(user_id__in=profiles.order_by().values("user_id"))
    )
    progress = assignment_progress(targets)
    assignments = TrainingAssignment.objects.select_related("course", "assessment").in_bulk(
        [row["assignment_id"] for row in progress]
    )
    rows = [
        {
            "assignment": assignments[row["assignment_id"]],
            "people": row["people"],
            "done": row["done"],
            "overdue": row["overdue"],
        }
        for row in progress
    ]
    total = sum(row["people"] for row in rows)
    done = sum(row["done"] for row in rows)
    overdue = targets.filter(is_overdue=True).order_by("assignment__due_date", "pk")[:overdue_limit]
    return {
        "total": total,
        "done": done,
        "rate": round(100 * done / total) if total else None,
        "overdue": [target_status(target) for target in overdue],
        "overdue_count": sum(row["overdue"] for row in rows),
        "assignments": rows,
    }


def team_target(*, viewer: User, target_id: int) -> AssignmentTarget | None:
    """An assignment target of someone the viewer manages, or None."""
    return (
        AssignmentTarget.objects.filter(
            pk=target_id, user_id__in=team_members(viewer=viewer).values("user_id")
        )
        .select_related("user", "assignment")
        .first()
    )
