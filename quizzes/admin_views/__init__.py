"""Wagtail admin views of the quizzes app, split by domain and re-exported here: question
imports and exports (`imports`), the organizer's contest screens (`contests`), a test's item
analysis (`analysis`), item calibration (`calibration`), expert marking and moderation
(`marking`)."""

from .analysis import item_analysis, item_analysis_export, item_analysis_recompute
from .calibration import calibration_index
from .contests import contest_detail, contest_index
from .imports import export, import_create, import_detail, import_file, import_list, import_template
from .marking import (
    marking_file,
    marking_queue,
    marking_report,
    marking_task,
    moderate,
    moderation_detail,
    moderation_index,
    reassign,
)

__all__ = [
    "calibration_index",
    "contest_detail",
    "contest_index",
    "export",
    "import_create",
    "import_detail",
    "import_file",
    "import_list",
    "import_template",
    "item_analysis",
    "item_analysis_export",
    "item_analysis_recompute",
    "marking_file",
    "marking_queue",
    "marking_report",
    "marking_task",
    "moderate",
    "moderation_detail",
    "moderation_index",
    "reassign",
]
