"""Reads for the item calibration screen: recent runs, and how much of each area is calibrated."""

from __future__ import annotations

from django.db.models import Count, Q

from ..models import AREA_ORDER, Area, CalibrationRun, IrtModel


def calibration_overview() -> dict:
    """The latest runs and, per area, its question versions and those with parameters per model.
    Three queries whatever the bank's size."""
    runs = list(CalibrationRun.objects.select_related("created_by")[:20])
    areas = Area.objects.select_related("framework").annotate(
        versions=Count("competences__questions__versions", distinct=True),
        rasch=Count(
            "competences__questions__versions__irt_parameters",
            filter=Q(competences__questions__versions__irt_parameters__model=IrtModel.RASCH),
            distinct=True,
        ),
        two_pl=Count(
            "competences__questions__versions__irt_parameters",
            filter=Q(competences__questions__versions__irt_parameters__model=IrtModel.TWO_PL),
            distinct=True,
        ),
    )
    return {
        "runs": runs,
        "latest": runs[0] if runs else None,
        "areas": list(areas.order_by(*AREA_ORDER)),
    }
