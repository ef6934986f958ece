"""Wagtail admin views of the quizzes app, split by domain and re-exported here: question
imports and exports (`imports`), the organizer's contest screens (`contests`), a test's item
analysis (`analysis`), item calibration (`calibration`)."""

from .analysis import item_analysis, item_analysis_export, item_analysis_recompute
from .calibration import calibration_index
from .contests import contest_detail, contest_index
from .imports import export, import_create, import_detail, import_file, import_list, import_template

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
]
