"""Quizzes models, split by domain and re-exported here."""

from .assessment import Assessment, AssessmentQuestion, DrawRule, ReviewPolicy
from .attempt import Answer, Attempt, Result
from .bank import Difficulty, Language, Question, QuestionType, QuestionVersion
from .competency import (
    Area,
    Band,
    Competence,
    CompetenceLevelRecord,
    Framework,
    Level,
    PostTarget,
)
from .imports import QuestionImport

__all__ = [
    "Answer",
    "Area",
    "Assessment",
    "AssessmentQuestion",
    "Attempt",
    "Band",
    "Competence",
    "CompetenceLevelRecord",
    "Difficulty",
    "DrawRule",
    "Framework",
    "Language",
    "Level",
    "PostTarget",
    "Question",
    "QuestionImport",
    "QuestionType",
    "QuestionVersion",
    "Result",
    "ReviewPolicy",
]
