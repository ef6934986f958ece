"""Learner pages of the quizzes app, split by domain and re-exported here: tests and attempts
(`attempts`), contests (`contests`)."""

from .attempts import (
    answer_file,
    assessment_detail,
    assessment_list,
    attempt_next,
    attempt_result,
    attempt_save,
    attempt_start,
    attempt_submit,
    attempt_take,
    my_competencies,
)
from .contests import (
    contest_answer,
    contest_claim,
    contest_export,
    contest_list,
    contest_play,
    contest_ranking,
    contest_register,
    contest_submit,
)

__all__ = [
    "answer_file",
    "assessment_detail",
    "assessment_list",
    "attempt_next",
    "attempt_result",
    "attempt_save",
    "attempt_start",
    "attempt_submit",
    "attempt_take",
    "contest_answer",
    "contest_claim",
    "contest_export",
    "contest_list",
    "contest_play",
    "contest_ranking",
    "contest_register",
    "contest_submit",
    "my_competencies",
]
