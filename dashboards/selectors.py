"""Reads for manager views. Every query starts from the viewer's scope, never from all people, and
team-wide numbers are computed from a fixed number of queries whatever the team size (the team is
passed on as a subquery, never as a list of ids)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, QuerySet

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
from training.models import AssignmentTarget, CreditHourEntry
from training.selectors import credit_hours_summaries, target_status, targets_with_status


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


def team_credit_hours(*, profiles: QuerySet[Profile], year: int) -> dict:
    """Hours this year against requirement for everyone in `profiles` (keyed by user id), per-unit
    totals and who is behind. Four queries."""
    summaries = credit_hours_summaries(profiles=profiles, year=year)
    units: dict[int, dict] = {}
    for user_id, unit_id, unit_name in profiles.order_by().values_list(
        "user_id", "org_unit_id", "org_unit__name"
    ):
        summary = summaries[user_id]
        row = units.setdefault(
            unit_id,
            {"name": unit_name, "people": 0, "hours": 0, "required": 0, "behind": 0, "met": 0},
        )
        row["people"] += 1
        row["hours"] += summary.total
        row["required"] += summary.requirement_total
        row["behind"] += summary.status == "behind"
        row["met"] += summary.met
    unit_rows = sorted(units.values(), key=lambda r: r["name"])
    for row in unit_rows:
        row["average"] = round(row["hours"] / row["people"], 1) if row["people"] else 0
    behind = sum(s.status == "behind" for s in summaries.values())
    return {"summaries": summaries, "units": unit_rows, "behind_count": behind}


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


def team_competency(*, profiles: QuerySet[Profile], page_user_ids: list[int]) -> dict:
    """The heatmap: for each person on the page and each competence area, the average current
    level, the average target for their post and how many competences fall short; plus unit-wide
    averages over everyone in `profiles`. Five queries whatever the team size."""
    areas = _areas()
    competences_in = {a.pk: [c.pk for c in a.competences.all()] for a in areas}
    people = list(profiles.order_by().values_list("user_id", "post_id"))
    post_of = dict(people)
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for user_id, competence_id, level in (
        CompetenceLevelRecord.objects.filter(user_id__in=profiles.order_by().values("user_id"))
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

    def cell(user_id: int, area_id: int) -> dict:
        ids = competences_in[area_id]
        mine = levels.get(user_id, {})
        wanted = targets.get(post_of.get(user_id), {})
        if not ids:
            return {"level": None, "target": None, "gaps": 0}
        level = sum(mine.get(c, 0) for c in ids) / len(ids)
        target = sum(wanted.get(c, 0) for c in ids) / len(ids)
        gaps = sum(1 for c in ids if mine.get(c, 0) < wanted.get(c, 0))
        return {"level": round(level, 1), "target": round(target, 1), "gaps": gaps}

    cells = {uid: [cell(uid, a.pk) for a in areas] for uid, _ in people}
    averages = []
    for index, area in enumerate(areas):
        values = [cells[uid][index] for uid, _ in people]
        count = len(values) or 1
        averages.append(
            {
                "area": area,
                "level": round(sum(v["level"] or 0 for v in values) / count, 1),
                "target": round(sum(v["target"] or 0 for v in values) / count, 1),
                "people_with_gaps": sum(1 for v in values if v["gaps"]),
            }
        )
    return {
        "areas": areas,
        "cells": {uid: cells[uid] for uid in page_user_ids if uid in cells},
        "averages": averages,
    }


# --- assigned training ----------------------------------------------------------------------------


def team_assignments(*, profiles: QuerySet[Profile], overdue_limit: int = 200) -> dict:
    """Assigned training of the team: completion rate, per assignment counts and the overdue list
    (overdue in each person's own time zone). One query."""
    targets = targets_with_status(
        AssignmentTarget.objects.filter(user_id__in=profiles.order_by().values("user_id"))
    ).order_by("assignment__due_date", "pk")
    total = done = 0
    overdue = []
    per_assignment: dict[int, dict] = {}
    for target in targets.iterator(chunk_size=2000):
        row = target_status(target)
        total += 1
        done += row.done
        entry = per_assignment.setdefault(
            target.assignment_id,
            {"assignment": target.assignment, "people": 0, "done": 0, "overdue": 0},
        )
        entry["people"] += 1
        entry["done"] += row.done
        entry["overdue"] += row.overdue
        if row.overdue:
            overdue.append(row)
    return {
        "total": total,
        "done": done,
        "rate": round(100 * done / total) if total else None,
        "overdue": overdue[:overdue_limit],
        "overdue_count": len(overdue),
        "assignments": list(per_assignment.values()),
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
