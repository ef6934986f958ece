"""Exports of the team views to CSV and XLSX. A table is built by the same selectors the pages use,
so an export can never show a person the page would not. Small exports are answered inline; big
ones are built by a background task (dashboards.tasks) and downloaded from a progress page."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from core import spreadsheets
from core.clock import local_today
from people.models import User

from . import selectors

KINDS = ("hours", "competency", "assignments")
FORMATS = spreadsheets.FORMATS
CONTENT_TYPES = spreadsheets.CONTENT_TYPES
# Above this many rows an export is built in the background (a request never runs long work).
INLINE_MAX_ROWS = 2000

STATUS_LABELS = {"met": "✓", "on_track": "●", "behind": "▲"}


def _status_text(status: str) -> str:
    return {
        "met": _("Requirement met"),
        "on_track": _("On track"),
        "behind": _("Behind"),
        "done": _("Done"),
        "overdue": _("Overdue"),
        "open": _("Open"),
    }[status]


def export_rows(*, viewer: User, kind: str, params: dict) -> tuple[list[str], Iterator[list]]:
    """Header and rows of one team view for `viewer`'s scope and filter `params` (a dict of GET
    parameters). Raises LookupError for a filter outside the viewer's scope."""
    units = list(selectors.team_units(viewer=viewer))
    selected = selectors.team_filter(units=units, params=params)
    if selected is None:
        raise LookupError(kind)
    people = selectors.team_people(viewer=viewer, selected=selected)
    base = [_("Employee number"), _("Name"), _("Org unit")]
    if kind == "hours":
        year = local_today().year
        header = [
            *base,
            _("Hours"),
            _("Required hours"),
            _("Elective hours"),
            _("Requirement"),
            _("Required part of requirement"),
            _("Still to earn"),
            _("Status"),
        ]

        def hours_rows():
            for p, s in selectors.team_credit_hours_rows(profiles=people, year=year):
                yield [
                    p.employee_number,
                    p.user.get_full_name(),
                    p.org_unit.name,
                    s.total,
                    s.required,
                    s.elective,
                    s.requirement_total,
                    s.requirement_required,
                    s.remaining,
                    _status_text(s.status),
                ]

        return header, hours_rows()
    if kind == "competency":
        areas, rows = selectors.team_competency_rows(profiles=people)
        header = base + [
            _("%(area)s: level / target / gaps") % {"area": area.display_name} for area in areas
        ]

        def competency_rows():
            for p, cells in rows:
                yield [p.employee_number, p.user.get_full_name(), p.org_unit.name] + [
                    f"{c['level']} / {c['target']} / {c['gaps']}" for c in cells
                ]

        return header, competency_rows()
    if kind == "assignments":
        from training.models import AssignmentTarget
        from training.selectors import target_status, targets_with_status

        header = [*base, _("Training"), _("Due date"), _("Status")]
        targets = (
            targets_with_status(
                AssignmentTarget.objects.filter(user_id__in=people.order_by().values("user_id"))
            )
            .select_related("user__profile__org_unit")
            .order_by("assignment__due_date", "pk")
        )

        def assignment_rows():
            for target in targets.iterator(chunk_size=2000):
                row = target_status(target)
                profile = target.user.profile
                yield [
                    profile.employee_number,
                    target.user.get_full_name(),
                    profile.org_unit.name,
                    target.assignment.target_title,
                    target.assignment.due_date,
                    _status_text(row.status),
                ]

        return header, assignment_rows()
    raise LookupError(kind)


def export_size(*, viewer: User, kind: str, params: dict) -> int:
    """How many rows an export would have (one count query), to choose inline or background."""
    units = list(selectors.team_units(viewer=viewer))
    selected = selectors.team_filter(units=units, params=params)
    if selected is None:
        raise LookupError(kind)
    people = selectors.team_people(viewer=viewer, selected=selected)
    if kind == "assignments":
        from training.models import AssignmentTarget

        return AssignmentTarget.objects.filter(
            user_id__in=people.order_by().values("user_id")
        ).count()
    return people.count()


def sheet_title(kind: str) -> str:
    """The name of the export's sheet, in the viewer's language."""
    return {
        "hours": _("Credit hours"),
        "competency": _("Competency"),
        "assignments": _("Required training"),
    }.get(kind, _("Team"))


def render(header: list[str], rows, fmt: str, *, kind: str) -> bytes:
    """The table as CSV or XLSX bytes, through the one safe spreadsheet writer."""
    return spreadsheets.write_table(header, rows, fmt, sheet_title=sheet_title(kind))


def stream(header: list[str], rows, fmt: str, *, kind: str) -> Iterator[bytes]:
    """The same file as `render`, in pieces while the rows are read (for background builds of
    big teams: memory stays flat)."""
    return spreadsheets.stream_table(header, rows, fmt, sheet_title=sheet_title(kind))
