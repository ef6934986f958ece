"""Wagtail admin views of the quizzes app, split by domain and re-exported here: question
imports and exports (`imports`), the organizer's contest screens (`contests`), item calibration
(`calibration`)."""

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
]
