"""The credit-hour chart of the personal home page, drawn on the server as SVG: bar lengths are
computed here as percentages of one scale, so the template only places them (the site's CSP
allows no inline style, and SVG presentation attributes are not styles)."""

from __future__ import annotations

from decimal import Decimal


def _percent(value: Decimal, scale: Decimal) -> str:
    if not scale:
        return "0"
    return f"{min(Decimal(100), 100 * Decimal(value) / scale):.1f}"


def credit_chart(summary) -> dict:
    """Bars for required, elective and total hours against the requirement, on one scale (the
    requirement, or the hours earned when more): each bar's value, target and lengths in %."""
    scale = max(summary.requirement_total, summary.total, Decimal(1))
    required = _percent(summary.required, scale)
    return {
        "required": {
            "value": summary.required,
            "width": required,
            "target": summary.requirement_required,
            "target_at": _percent(summary.requirement_required, scale),
        },
        "elective": {"value": summary.elective, "width": _percent(summary.elective, scale)},
        "total": {
            "value": summary.total,
            "required_width": required,
            "elective_x": required,
            "elective_width": _percent(summary.elective, scale),
            "target": summary.requirement_total,
            "target_at": _percent(summary.requirement_total, scale),
        },
    }
