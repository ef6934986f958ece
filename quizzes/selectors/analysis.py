"""Reads of item analysis for the admin screen and its export: the latest run of a test, its
question rows with their flags and edit links, the facility × discrimination scatter and one
question's distractor chart, each with the rows of its data table."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from core.charts import chart_context

from ..analysis.flags import FLAG_LABELS, thresholds
from ..models import Assessment, Attempt, ItemAnalysisRun, ItemStatistic
from ..scoring import response_score

POINT_COLOUR = "#1d4e89"
FLAGGED_COLOUR = "#8a1c1c"
GROUP_COLOURS = {"upper": "#1d4e89", "middle": "#7a8ba0", "lower": "#c0792b"}


def option_letter(index: int) -> str:
    """A, B, C … for the option at `index` (AA, AB … past Z)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def item_analysis_latest(*, assessment: Assessment) -> ItemAnalysisRun | None:
    """The newest successful run of the test, or None."""
    return (
        ItemAnalysisRun.objects.filter(
            assessment=assessment, status=ItemAnalysisRun.Status.SUCCEEDED
        )
        .order_by("-requested_at", "-pk")
        .first()
    )


def item_analysis_pending(*, assessment: Assessment) -> ItemAnalysisRun | None:
    """The queued or running run of the test, or None (at most one, by constraint)."""
    return ItemAnalysisRun.objects.filter(
        assessment=assessment, status__in=ItemAnalysisRun.UNFINISHED
    ).first()


def item_analysis_last_failure(*, assessment: Assessment) -> ItemAnalysisRun | None:
    """The newest run when it failed (so the screen can say so), else None."""
    newest = ItemAnalysisRun.objects.filter(assessment=assessment).first()
    return newest if newest and newest.status == ItemAnalysisRun.Status.FAILED else None


def essay_marker_agreement(*, assessment: Assessment) -> dict | None:
    """Inter-marker agreement of the test's double-marked essays (quizzes.selectors.marking), or
    None while none of its essays has two marks."""
    from .marking import inter_marker_agreement

    agreement = inter_marker_agreement(assessment)
    return agreement if agreement["answers"] else None


def item_analysis_rows(*, run: ItemAnalysisRun) -> list[dict]:
    """One row per question version of the run, in the order of the test, with flag labels and
    the question's edit link."""
    items = run.items.select_related("question_version__question").order_by("position")
    rows = []
    for item in items:
        version = item.question_version
        rows.append(
            {
                "item": item,
                "version_id": version.pk,
                "position": item.position,
                "name": version.question.name,
                "version": version.number,
                "qtype": version.get_qtype_display(),
                "responses": item.responses,
                "unmarked": item.unmarked,
                "facility": item.facility,
                "point_biserial": item.point_biserial,
                "upper_lower": item.upper_lower,
                "flags": [{"code": f, "label": FLAG_LABELS.get(f, f)} for f in item.flags],
                "enough": item.responses >= run.thresholds.get("min_responses", 0),
                "has_distractors": bool(item.distractors),
                "edit_url": reverse(
                    "wagtailsnippets_quizzes_question:edit", args=[version.question_id]
                ),
            }
        )
    return rows


def _round(value, places=3):
    return None if value is None else round(value, places)


def item_scatter_chart(*, rows: list[dict]) -> dict:
    """Facility (x) against corrected point-biserial (y), flagged questions in a second series."""
    plotted = [r for r in rows if r["facility"] is not None and r["point_biserial"] is not None]

    def points(flagged: bool):
        return [
            [_round(r["facility"]), _round(r["point_biserial"]), r["position"]]
            for r in plotted
            if bool(r["flags"]) == flagged
        ]

    flagged = sum(1 for r in plotted if r["flags"])
    return chart_context(
        key="item-scatter",
        title=_("Facility and discrimination"),
        summary=(
            _("%(count)s questions plotted; %(flagged)s of them flagged.")
            % {"count": len(plotted), "flagged": flagged}
            if plotted
            else _("No question has both a facility and a discrimination yet.")
        ),
        option={
            "grid": {"left": 8, "right": 16, "top": 36, "bottom": 40, "containLabel": True},
            "legend": {"top": 0},
            "tooltip": {"trigger": "item"},
            "xAxis": {
                "type": "value",
                "min": 0,
                "max": 1,
                "name": _("facility"),
                "nameLocation": "middle",
                "nameGap": 28,
            },
            "yAxis": {"type": "value", "min": -1, "max": 1, "name": _("discrimination")},
            "series": [
                {
                    "name": _("Not flagged"),
                    "type": "scatter",
                    "data": points(False),
                    "itemStyle": {"color": POINT_COLOUR},
                    "label": {"show": True, "position": "right"},
                    "encode": {"x": 0, "y": 1, "label": 2, "tooltip": [2, 0, 1]},
                },
                {
                    "name": _("Flagged"),
                    "type": "scatter",
                    "symbol": "diamond",
                    "symbolSize": 14,
                    "data": points(True),
                    "itemStyle": {"color": FLAGGED_COLOUR},
                    "label": {"show": True, "position": "right"},
                    "encode": {"x": 0, "y": 1, "label": 2, "tooltip": [2, 0, 1]},
                },
            ],
        },
        height=360,
    )


def distractor_rows(*, item: ItemStatistic) -> list[dict]:
    """The distractor table of a choice question: per option (and "no answer"), the share of each
    score group that chose it and its number of picks."""
    table = item.distractors or {}
    rows = []
    for index, option in enumerate(table.get("options", [])):
        rows.append(
            {
                "label": option_letter(index),
                "text": option.get("text", ""),
                "keyed": option.get("keyed", False),
                "picks": table["picks"][index],
                "upper": table["upper"][index],
                "middle": table["middle"][index],
                "lower": table["lower"][index],
                "all": table["all"][index],
            }
        )
    if table.get("options"):
        blank = table.get("no_answer", {})
        rows.append(
            {
                "label": _("No answer"),
                "text": "",
                "keyed": False,
                "picks": None,
                "upper": blank.get("upper"),
                "middle": blank.get("middle"),
                "lower": blank.get("lower"),
                "all": blank.get("all"),
            }
        )
    return rows


def distractor_chart(*, item: ItemStatistic, rows: list[dict]) -> dict:
    """Grouped bars: each option's share of the upper, middle and lower groups (the key marked ✓)."""
    table = item.distractors or {}
    labels = [f"{r['label']}{' ✓' if r['keyed'] else ''}" for r in rows]
    names = {"upper": _("Upper 27%"), "middle": _("Middle"), "lower": _("Lower 27%")}
    return chart_context(
        key="item-distractors",
        title=_("How each score group answered question %(position)s")
        % {"position": item.position},
        summary=_(
            "%(upper)s candidates in the upper group, %(middle)s in the middle, %(lower)s in the "
            "lower; the key is marked ✓."
        )
        % {
            "upper": table.get("n_upper", 0),
            "middle": table.get("n_middle", 0),
            "lower": table.get("n_lower", 0),
        },
        option={
            "grid": {"left": 8, "right": 16, "top": 36, "bottom": 28, "containLabel": True},
            "legend": {"top": 0},
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "xAxis": {"type": "category", "data": labels},
            "yAxis": {"type": "value", "min": 0, "max": 1, "name": _("share of the group")},
            "series": [
                {
                    "name": names[group],
                    "type": "bar",
                    "data": [_round(r[group]) for r in rows],
                    "itemStyle": {"color": GROUP_COLOURS[group]},
                }
                for group in ("upper", "middle", "lower")
            ],
        },
        height=320,
    )


def item_analysis_screen(*, assessment: Assessment, question_version_id: int | None) -> dict:
    """Everything the admin screen shows: the latest run and any pending or failed one, the test
    statistics, the question rows, the scatter and (for the chosen or first flagged choice
    question) the distractor chart."""
    run = item_analysis_latest(assessment=assessment)
    screen = {
        "run": run,
        "thresholds": run.thresholds if run and run.thresholds else asdict(thresholds()),
        "finished_attempts": Attempt.objects.filter(
            assessment=assessment, status__in=Attempt.FINISHED
        ).count(),
        "pending": item_analysis_pending(assessment=assessment),
        "failure": item_analysis_last_failure(assessment=assessment),
        "marker_agreement": essay_marker_agreement(assessment=assessment),
        "rows": [],
    }
    if run is None:
        return screen
    rows = item_analysis_rows(run=run)
    screen["rows"] = rows
    screen["flagged"] = [r for r in rows if r["flags"]]
    screen["scatter"] = item_scatter_chart(rows=rows)
    choices = [r for r in rows if r["has_distractors"]]
    chosen = next((r for r in choices if r["version_id"] == question_version_id), None)
    if chosen is None:
        chosen = next((r for r in choices if r["flags"]), choices[0] if choices else None)
    screen["choice_rows"] = choices
    if chosen is not None:
        option_rows = distractor_rows(item=chosen["item"])
        screen["chosen"] = chosen
        screen["distractor_rows"] = option_rows
        screen["distractor_chart"] = distractor_chart(item=chosen["item"], rows=option_rows)
    return screen


EXPORT_COLUMNS = (
    "position",
    "name",
    "version",
    "qtype",
    "responses",
    "unmarked",
    "facility",
    "point_biserial",
    "upper_lower",
    "key_upper",
    "flags",
)


def export_headers() -> list[str]:
    """The export's column headings in the reader's language."""
    labels = {
        "position": _("No."),
        "name": _("Question"),
        "version": _("Version"),
        "qtype": _("Type"),
        "responses": _("Scored responses"),
        "unmarked": _("Awaiting marking"),
        "facility": _("Facility"),
        "point_biserial": _("Point-biserial (corrected)"),
        "upper_lower": _("Upper–lower index"),
        "key_upper": _("Key: share of the upper group"),
        "flags": _("Flags"),
    }
    return [labels[key] for key in EXPORT_COLUMNS]


def item_analysis_export_rows(*, run: ItemAnalysisRun) -> list[list]:
    """The run's question rows for CSV/XLSX (numbers stay numbers; text is neutralised by
    core.spreadsheets)."""
    result = []
    for row in item_analysis_rows(run=run):
        table = row["item"].distractors or {}
        keyed = [
            share
            for share, is_key in zip(table.get("upper", []), table.get("keyed", []), strict=False)
            if is_key and share is not None
        ]
        values = {
            **row,
            "qtype": str(row["qtype"]),
            "facility": _round(row["facility"], 4),
            "point_biserial": _round(row["point_biserial"], 4),
            "upper_lower": _round(row["upper_lower"], 4),
            "key_upper": _round(max(keyed), 4) if keyed else None,
            "flags": "; ".join(str(f["label"]) for f in row["flags"]),
        }
        result.append([values[key] for key in EXPORT_COLUMNS])
    return result


def choice_points(*, version, option_id: str, points) -> Decimal:
    """The points picking `option_id` earns on a choice question, scored exactly as a submit
    scores it (quizzes.scoring); for simulated attempts (demo, bench, tests)."""
    key = "choices" if version.qtype == "multiple" else "choice"
    value = [option_id] if key == "choices" else option_id
    return response_score(
        qtype=version.qtype, payload=version.payload, response={key: value}, points=points
    )
