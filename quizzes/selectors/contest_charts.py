"""The organizer's contest charts: how the scores spread and how many of each department took
part, each with the rows of its data table and a one-line summary (the table is the accessible
alternative to the drawing; templates/core/includes/chart.html and static/js/charts.js draw it).
Built from the ranking and the department ranking the contest screens already read, so the
charts add no query per player."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import chart_context

from ..models import ContestPage
from .contests import contest_department_ranking, contest_ranking

BINS = 10  # 0–10 %, 10–20 %, … 90–100 % of the maximum score
BAR_COLOUR = "#1d4e89"
RATE_COLOUR = "#8a1c1c"


def score_distribution(*, ranking: list[dict]) -> list[dict]:
    """How many players scored in each tenth of the maximum (a full score falls in the top bin)."""
    counts = [0] * BINS
    for row in ranking:
        percent = Decimal(row["percent"] or 0)
        counts[min(int(percent // (100 // BINS)), BINS - 1)] += 1
    width = 100 // BINS
    return [{"low": width * i, "high": width * (i + 1), "players": counts[i]} for i in range(BINS)]


def contest_summary_charts(*, contest: ContestPage) -> dict:
    """The score distribution and participation by department of one contest, with their data
    rows (`distribution`, `departments`) and chart options."""
    ranking = contest_ranking(contest=contest)
    distribution = score_distribution(ranking=ranking)
    departments = sorted(contest_department_ranking(contest=contest), key=lambda r: r["unit"])
    labels = [f"{row['low']}–{row['high']}%" for row in distribution]
    players = len(ranking)
    median = None
    if ranking:
        ordered = sorted(Decimal(row["percent"] or 0) for row in ranking)
        median = ordered[(players - 1) // 2]
    scores = chart_context(
        key="contest-scores",
        title=_("Score distribution"),
        summary=(
            ngettext(
                "%(count)s player; half scored %(median)s%% or less.",
                "%(count)s players; half scored %(median)s%% or less.",
                players,
            )
            % {"count": players, "median": median}
            if players
            else _("Nobody has a score yet.")
        ),
        option={
            "grid": {"left": 8, "right": 8, "top": 24, "bottom": 56, "containLabel": True},
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "xAxis": {
                "type": "category",
                "data": labels,
                "name": _("share of the maximum score"),
                "nameLocation": "middle",
                "nameGap": 52,
                "axisLabel": {"interval": 0, "rotate": 40},
            },
            "yAxis": {"type": "value", "name": _("players"), "minInterval": 1},
            "series": [
                {
                    "name": _("Players"),
                    "type": "bar",
                    "data": [row["players"] for row in distribution],
                    "itemStyle": {"color": BAR_COLOUR},
                }
            ],
        },
        height=320,
    )
    taking_part = sum(1 for row in departments if row["participants"])
    participation = chart_context(
        key="contest-departments",
        title=_("Participation by department"),
        summary=ngettext(
            "%(taking)s of %(count)s eligible department has taken part.",
            "%(taking)s of %(count)s eligible departments have taken part.",
            len(departments),
        )
        % {"taking": taking_part, "count": len(departments)},
        option={
            "grid": {"left": 8, "right": 16, "top": 36, "bottom": 36, "containLabel": True},
            "legend": {"top": 0},
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "xAxis": {"type": "value", "name": "%", "max": 100, "min": 0},
            "yAxis": {
                "type": "category",
                "data": [r["unit"] for r in departments],
                "inverse": True,
            },
            "series": [
                {
                    "name": _("Participation"),
                    "type": "bar",
                    "data": [float(r["participation"]) for r in departments],
                    "itemStyle": {"color": BAR_COLOUR},
                },
                {
                    "name": _("Mean score (share of the maximum, over the headcount)"),
                    "type": "line",
                    "data": [float(r["mean_percent"]) for r in departments],
                    "symbol": "diamond",
                    "symbolSize": 12,
                    "lineStyle": {"opacity": 0},
                    "itemStyle": {"color": RATE_COLOUR},
                },
            ],
        },
        height=90 + 28 * max(len(departments), 3),
    )
    return {
        "scores": scores,
        "distribution": distribution,
        "participation": participation,
        "departments": departments,
    }
