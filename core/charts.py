"""The one shape every chart is handed to templates/core/includes/chart.html in: an id for the
drawing and one for its json_script data, the title, a one-line summary, the label assistive
technology reads, and the ECharts option that static/js/charts.js draws. Apps build the option
and the data table; this keeps the include's contract in one place."""

from __future__ import annotations

from django.utils.translation import gettext as _


def chart_context(
    *, key: str, title: str, summary: str, option: dict, height: int, **extra
) -> dict:
    """The include's context for one chart; `extra` goes to the script with the option (e.g.
    the drill-down links of a heatmap)."""
    spec = {"option": option, "height": height, **extra}
    return {
        "id": f"chart-{key}",
        "data_id": f"chart-{key}-data",
        "title": title,
        "summary": summary,
        # The chart is one image to assistive technology; its label says what it shows and
        # where the numbers are.
        "label": _("%(title)s. %(summary)s The table next to the chart lists every value.")
        % {"title": title, "summary": summary},
        "spec": spec,
    }
