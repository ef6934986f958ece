"""Charts of My team and the platform view: the SQL aggregates behind them (selectors, scoped by
the `profiles` queryset the views already narrowed to the viewer's subtree) and the ECharts
options built from them. Every chart comes with the rows of its data table and a one-line
summary, because the table is what a screen reader or a printout reads. Queries do not grow
with the team: the team is passed on as a subquery, and each aggregate is one grouped query."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import chart_context
from people.models import Profile
from quizzes.models import Area, Band, CompetenceLevelRecord, PostTarget
from training.models import AssignmentTarget, CreditCategory, CreditHourEntry
from training.selectors import targets_with_overdue

from .selectors import gap_exists_by_area

# Colours meet 3:1 against white (WCAG 1.4.11 for graphics) and differ in lightness, so the
# series stay apart in greyscale too; every chart also has a table with the same numbers.
REQUIRED_COLOUR = "#1d4e89"
ELECTIVE_COLOUR = "#5b8fc9"
REQUIREMENT_COLOUR = "#8a1c1c"
OVERDUE_COLOUR = "#b3261e"
HEAT_COLOURS = ["#f3f6fa", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
MAX_LEVEL = max(Band.values)
# Rows drawn per chart: the page's people (a page is at most 50) and the units of the scope;
# a bigger tree is still fully in the table, the chart shows its first rows.
MAX_CHART_ROWS = 60


def _number(value) -> float:
    return float(value or 0)


def _scope_user_ids(profiles: QuerySet[Profile]):
    return profiles.order_by().values("user_id")


# --- selectors (SQL aggregates) --------------------------------------------------------------------


def hours_by_month(*, profiles: QuerySet[Profile], year: int) -> list[dict]:
    """Hours the team earned in each month of `year`, required and elective, with the running
    total: one grouped query whatever the team size. Rows are grouped by day (at most 366 × 2
    rows come back) and bucketed here: extracting the month per row would be a Python function
    call for every ledger entry on SQLite."""
    days = (
        CreditHourEntry.objects.filter(
            user_id__in=_scope_user_ids(profiles),
            earned_on__gte=dt.date(year, 1, 1),
            earned_on__lt=dt.date(year + 1, 1, 1),
        )
        .order_by()
        .values_list("earned_on", "category")
        .annotate(hours=Sum("hours"))
    )
    sums: dict[tuple[int, str], Decimal] = {}
    for day, category, hours in days:
        key = (day.month, category)
        sums[key] = sums.get(key, Decimal(0)) + (hours or Decimal(0))
    months = []
    running = Decimal(0)
    for month in range(1, 13):
        required = sums.get((month, CreditCategory.REQUIRED), Decimal(0))
        elective = sums.get((month, CreditCategory.ELECTIVE), Decimal(0))
        running += required + elective
        months.append(
            {"month": month, "required": required, "elective": elective, "cumulative": running}
        )
    return months


def overdue_by_unit(*, profiles: QuerySet[Profile]) -> list[dict]:
    """Per org unit of the team: assigned people-trainings, done and overdue (overdue in each
    person's own time zone). Two queries whatever the team size, most overdue first."""
    targets = targets_with_overdue(
        AssignmentTarget.objects.filter(user_id__in=_scope_user_ids(profiles))
    )
    rows = (
        targets.order_by()
        .values("user__profile__org_unit_id", "user__profile__org_unit__name")
        .annotate(
            assigned=Count("pk"),
            done=Count("pk", filter=Q(is_done=True)),
            overdue=Count("pk", filter=Q(is_overdue=True)),
        )
    )
    result = [
        {
            "unit_id": row["user__profile__org_unit_id"],
            "name": row["user__profile__org_unit__name"],
            "assigned": row["assigned"],
            "done": row["done"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]
    return sorted(result, key=lambda r: (-r["overdue"], r["name"]))


def competency_by_unit(*, profiles: QuerySet[Profile], areas: list[Area]) -> list[dict]:
    """The unit heatmap: per org unit of the team and competency area, the average level (best
    record per person and competence), the average target of the people's posts and how many
    people fall short of a target in the area. Three grouped queries whatever the team size."""
    team = _scope_user_ids(profiles)
    better = CompetenceLevelRecord.objects.filter(
        user_id=OuterRef("user_id"), competence_id=OuterRef("competence_id")
    ).filter(Q(level__gt=OuterRef("level")) | Q(level=OuterRef("level"), pk__gt=OuterRef("pk")))
    level_sums = {
        (row["user__profile__org_unit_id"], row["competence__area_id"]): row["total"]
        for row in CompetenceLevelRecord.objects.filter(user_id__in=team)
        .filter(~Exists(better))
        .order_by()
        .values("user__profile__org_unit_id", "competence__area_id")
        .annotate(total=Sum("level"))
    }
    target_sums = {
        (row["post__profiles__org_unit_id"], row["competence__area_id"]): row["total"]
        for row in PostTarget.objects.filter(post__profiles__user_id__in=team)
        .order_by()
        .values("post__profiles__org_unit_id", "competence__area_id")
        .annotate(total=Sum("level"))
    }
    gap_in = gap_exists_by_area(areas=areas)
    units = (
        profiles.order_by()
        .values("org_unit_id", "org_unit__name", "org_unit__code", "org_unit__path")
        .annotate(
            people=Count("pk"),
            **{f"gaps_{pk}": Count("pk", filter=gap) for pk, gap in gap_in.items()},
        )
        .order_by("org_unit__path")
    )
    result = []
    for unit in units:
        cells = []
        for area in areas:
            size = len(area.competences.all()) * unit["people"] or 1
            key = (unit["org_unit_id"], area.pk)
            cells.append(
                {
                    "level": round(_number(level_sums.get(key)) / size, 1),
                    "target": round(_number(target_sums.get(key)) / size, 1),
                    "gaps": unit[f"gaps_{area.pk}"],
                }
            )
        result.append(
            {
                "unit_id": unit["org_unit_id"],
                "name": unit["org_unit__name"],
                "code": unit["org_unit__code"],
                "people": unit["people"],
                "cells": cells,
            }
        )
    return result


# --- chart options ---------------------------------------------------------------------------------


def _bar_height(rows: int) -> int:
    return 90 + 26 * max(rows, 3)


def _horizontal_bars(*, names: list[str], series: list[dict], requirement: list | None) -> dict:
    option = {
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 36, "containLabel": True},
        "legend": {"top": 0},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "name": _("hours"), "nameLocation": "middle", "nameGap": 24},
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "series": series,
    }
    if requirement is not None:
        option["series"].append(
            {
                "name": _("Requirement"),
                "type": "line",
                "data": requirement,
                "symbol": "diamond",
                "symbolSize": 12,
                "lineStyle": {"opacity": 0},
                "itemStyle": {"color": REQUIREMENT_COLOUR},
            }
        )
    return option


def hours_people_chart(*, rows: list[dict], links: list[str]) -> dict:
    """Hours against requirement for each person on the page (`rows` from the view)."""
    rows = rows[:MAX_CHART_ROWS]
    names = [row["profile"].user.get_full_name() for row in rows]
    summaries = [row["hours"] for row in rows]
    met = sum(1 for s in summaries if s and s.met)
    option = _horizontal_bars(
        names=names,
        series=[
            {
                "name": _("Required"),
                "type": "bar",
                "stack": "hours",
                "data": [_number(s.required) if s else 0 for s in summaries],
                "itemStyle": {"color": REQUIRED_COLOUR},
            },
            {
                "name": _("Elective"),
                "type": "bar",
                "stack": "hours",
                "data": [_number(s.elective) if s else 0 for s in summaries],
                "itemStyle": {"color": ELECTIVE_COLOUR},
            },
        ],
        requirement=[_number(s.requirement_total) if s else 0 for s in summaries],
    )
    summary = ngettext(
        "%(met)s of %(count)s person on this page has met the requirement.",
        "%(met)s of %(count)s people on this page have met the requirement.",
        len(rows),
    ) % {"met": met, "count": len(rows)}
    return chart_context(
        key="hours-people",
        title=_("Credit hours against the requirement, per person"),
        summary=summary,
        option=option,
        height=_bar_height(len(rows)),
        links=links[: len(rows)],
    )


def hours_units_chart(*, units: list[dict]) -> dict:
    """Average hours against the average requirement for each unit (`team_credit_hours` rows)."""
    units = units[:MAX_CHART_ROWS]
    averages = [round(_number(u["hours"]) / u["people"], 1) if u["people"] else 0 for u in units]
    requirement = [
        round(_number(u["required"]) / u["people"], 1) if u["people"] else 0 for u in units
    ]
    option = _horizontal_bars(
        names=[u["name"] for u in units],
        series=[
            {
                "name": _("Average hours"),
                "type": "bar",
                "data": averages,
                "itemStyle": {"color": REQUIRED_COLOUR},
            }
        ],
        requirement=requirement,
    )
    behind = [u for u in units if u["behind"]]
    summary = ngettext(
        "%(behind)s of %(count)s unit has people behind the requirement.",
        "%(behind)s of %(count)s units have people behind the requirement.",
        len(units),
    ) % {"behind": len(behind), "count": len(units)}
    for unit in units:
        # The table shows the same rounding as the chart; the view's own numbers stay untouched.
        unit["average_requirement"] = (
            round(unit["required"] / unit["people"], 1) if unit["people"] else None
        )
    return chart_context(
        key="hours-units",
        title=_("Average credit hours against the requirement, per unit"),
        summary=summary,
        option=option,
        height=_bar_height(len(units)),
    )


def months_chart(*, months: list[dict], requirement_total, year: int) -> dict:
    """Hours earned per month and the running share of the team's annual requirement."""
    total = _number(requirement_total)
    for row in months:
        row["percent"] = round(100 * _number(row["cumulative"]) / total) if total else None
    option = {
        "grid": {"left": 8, "right": 8, "top": 40, "bottom": 24, "containLabel": True},
        "legend": {"top": 0},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [str(row["month"]) for row in months]},
        "yAxis": [
            {"type": "value", "name": _("hours")},
            {"type": "value", "name": "%", "max": 100, "min": 0, "splitLine": {"show": False}},
        ],
        "series": [
            {
                "name": _("Required"),
                "type": "bar",
                "stack": "hours",
                "data": [_number(row["required"]) for row in months],
                "itemStyle": {"color": REQUIRED_COLOUR},
            },
            {
                "name": _("Elective"),
                "type": "bar",
                "stack": "hours",
                "data": [_number(row["elective"]) for row in months],
                "itemStyle": {"color": ELECTIVE_COLOUR},
            },
            {
                "name": _("Share of the annual requirement"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [min(row["percent"], 100) if total else 0 for row in months],
                "itemStyle": {"color": REQUIREMENT_COLOUR},
                "symbol": "circle",
            },
        ],
    }
    done = months[-1]["cumulative"]
    summary = (
        _("%(hours)s hours earned in %(year)s, %(percent)s%% of the team's annual requirement.")
        % {"hours": done, "year": year, "percent": months[-1]["percent"] or 0}
        if total
        else _("%(hours)s hours earned in %(year)s; no requirement applies to these people.")
        % {"hours": done, "year": year}
    )
    chart = chart_context(
        key="months",
        title=_("Completion over the months of %(year)s") % {"year": year},
        summary=summary,
        option=option,
        height=320,
    )
    chart["rows"] = [
        {**row, "name": _("Month %(number)s") % {"number": row["month"]}} for row in months
    ]
    return chart


def overdue_chart(*, units: list[dict]) -> dict:
    """Overdue and done assigned trainings for each unit (`overdue_by_unit` rows)."""
    units = units[:MAX_CHART_ROWS]
    option = _horizontal_bars(
        names=[u["name"] for u in units],
        series=[
            {
                "name": _("Overdue"),
                "type": "bar",
                "stack": "targets",
                "data": [u["overdue"] for u in units],
                "itemStyle": {"color": OVERDUE_COLOUR},
            },
            {
                "name": _("Done"),
                "type": "bar",
                "stack": "targets",
                "data": [u["done"] for u in units],
                "itemStyle": {"color": REQUIRED_COLOUR},
            },
        ],
        requirement=None,
    )
    option["xAxis"]["name"] = _("assigned trainings")
    option["xAxis"]["minInterval"] = 1
    overdue = sum(u["overdue"] for u in units)
    with_overdue = sum(1 for u in units if u["overdue"])
    summary = ngettext(
        "Overdue trainings: %(overdue)s, in %(units)s unit.",
        "Overdue trainings: %(overdue)s, in %(units)s units.",
        with_overdue,
    ) % {"overdue": overdue, "units": with_overdue}
    return chart_context(
        key="overdue",
        title=_("Overdue assigned training, per unit"),
        summary=summary,
        option=option,
        height=_bar_height(len(units)),
    )


def _heatmap(*, key, title, summary, areas, names, cells, links) -> dict:
    data = [
        [x, y, cell["level"], cell["gaps"], cell["target"]]
        for y, row in enumerate(cells)
        for x, cell in enumerate(row)
    ]
    option = {
        "grid": {"left": 8, "right": 8, "top": 8, "bottom": 70, "containLabel": True},
        "tooltip": {"trigger": "item"},
        "xAxis": {
            "type": "category",
            "data": [area.display_name for area in areas],
            "position": "top",
            "axisLabel": {"interval": 0, "width": 90, "overflow": "break"},
        },
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "visualMap": {
            "type": "continuous",
            "min": 0,
            "max": MAX_LEVEL,
            "dimension": 2,
            "orient": "horizontal",
            "left": "center",
            "bottom": 0,
            "calculable": False,
            "text": [_("level %(level)s") % {"level": MAX_LEVEL}, _("level 0")],
            "inRange": {"color": HEAT_COLOURS},
        },
        "series": [
            {
                "type": "heatmap",
                "data": data,
                "label": {"color": "#111", "textBorderColor": "#fff", "textBorderWidth": 2},
                "itemStyle": {"borderColor": "#fff", "borderWidth": 1},
            }
        ],
    }
    return chart_context(
        key=key,
        title=title,
        summary=summary,
        option=option,
        height=140 + 32 * max(len(names), 2),
        links=links,
        names={"target": _("post target"), "gap": _("below target:")},
    )


def people_heatmap(*, areas: list[Area], rows: list[dict], links: list[str]) -> dict:
    """People on the page × competency areas: average level, ▲ where a competence is short of
    the post's target; a click opens the person."""
    rows = rows[:MAX_CHART_ROWS]
    with_gaps = sum(1 for row in rows if any(cell["gaps"] for cell in row["cells"]))
    summary = ngettext(
        "%(gaps)s of %(count)s person on this page is below a post target somewhere.",
        "%(gaps)s of %(count)s people on this page are below a post target somewhere.",
        len(rows),
    ) % {"gaps": with_gaps, "count": len(rows)}
    return _heatmap(
        key="heatmap-people",
        title=_("Competency heatmap: people × areas"),
        summary=summary,
        areas=areas,
        names=[row["profile"].user.get_full_name() for row in rows],
        cells=[row["cells"] for row in rows],
        links=links[: len(rows)],
    )


def units_heatmap(*, areas: list[Area], units: list[dict], base_url: str, query: dict) -> dict:
    """Units × competency areas over the whole scope; a click narrows My team to the unit."""
    units = units[:MAX_CHART_ROWS]
    gaps = sum(cell["gaps"] for unit in units for cell in unit["cells"])
    summary = ngettext(
        "%(gaps)s person-area below the post targets across %(count)s unit.",
        "%(gaps)s person-areas below the post targets across %(count)s units.",
        len(units),
    ) % {"gaps": gaps, "count": len(units)}
    links = [f"{base_url}?{urlencode({**query, 'unit': unit['code']})}" for unit in units]
    for unit, link in zip(units, links, strict=True):
        unit["url"] = link
    return _heatmap(
        key="heatmap-units",
        title=_("Competency heatmap: units × areas"),
        summary=summary,
        areas=areas,
        names=[unit["name"] for unit in units],
        cells=[unit["cells"] for unit in units],
        links=links,
    )


def team_charts(
    *,
    profiles: QuerySet[Profile],
    rows: list[dict],
    hours: dict,
    competency: dict,
    year: int,
    platform: bool,
    query: dict,
) -> dict:
    """Every chart of My team (or the platform view) for the people in `profiles` (already the
    viewer's scope) and the page's `rows`. Seven queries on top of the view's, whatever the team
    size."""
    areas = competency["areas"]
    person_links = [reverse("dashboards:person", args=[row["profile"].pk]) for row in rows]
    base_url = reverse("dashboards:platform" if platform else "dashboards:my_team")
    units = hours["units"]
    requirement_total = sum((u["required"] for u in units), Decimal(0))
    overdue_units = overdue_by_unit(profiles=profiles)
    unit_cells = competency_by_unit(profiles=profiles, areas=areas)
    return {
        "hours_people": hours_people_chart(rows=rows, links=person_links),
        "hours_units": hours_units_chart(units=units),
        "months": months_chart(
            months=hours_by_month(profiles=profiles, year=year),
            requirement_total=requirement_total,
            year=year,
        ),
        "overdue": overdue_chart(units=overdue_units),
        "overdue_units": overdue_units,
        "heatmap_people": people_heatmap(areas=areas, rows=rows, links=person_links),
        "heatmap_units": units_heatmap(
            areas=areas, units=unit_cells, base_url=base_url, query=query
        ),
        "unit_cells": unit_cells,
    }
