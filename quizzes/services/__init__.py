"""Writes of the quizzes app, split by domain and re-exported here."""

from .abilities import abilities_estimate, calibration_execute, calibration_start
from .adaptive import attempt_next
from .answer_files import attempt_form_save, essay_file_check
from .attempts import (
    AttemptError,
    answer_save,
    answer_save_typed,
    answers_save,
    attempt_expire,
    attempt_expire_if_due,
    attempt_start,
    attempt_submit,
    attempts_expire_overdue,
)
from .bank import question_create, question_update, question_version_is_used
from .competency import competence_levels_record, framework_load, post_target_set
from .imports import (
    question_import_execute,
    question_import_start,
    questions_export,
    questions_import,
)

__all__ = [
    "AttemptError",
    "abilities_estimate",
    "answer_save",
    "answer_save_typed",
    "answers_save",
    "attempt_expire",
    "attempt_expire_if_due",
    "attempt_form_save",
    "attempt_next",
    "attempt_start",
    "attempt_submit",
    "attempts_expire_overdue",
    "calibration_execute",
    "calibration_start",
    "competence_levels_record",
    "essay_file_check",
    "framework_load",
    "post_target_set",
    "question_create",
    "question_import_execute",
    "question_import_start",
    "question_update",
    "question_version_is_used",
    "questions_export",
    "questions_import",
]
