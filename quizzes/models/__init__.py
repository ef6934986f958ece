"""Quizzes models, split by domain and re-exported here."""

# The contest page imports the models above, so it comes last.
from ..pages import ContestAward, ContestPage
from .analysis import ItemAnalysisRun, ItemStatistic
from .assessment import Assessment, AssessmentQuestion, DrawRule, ReviewPolicy
from .attempt import Answer, Attempt, Result
from .bank import MARKED_TYPES, Difficulty, Language, Question, QuestionType, QuestionVersion
from .calibration import (
    AbilityEstimate,
    AbilityMethod,
    CalibrationRun,
    IrtModel,
    ItemParameter,
)
from .competency import (
    AREA_ORDER,
    COMPETENCE_IN_AREA_ORDER,
    COMPETENCE_ORDER,
    DEFAULT_CUT_SCORES,
    Area,
    Band,
    Competence,
    CompetenceLevelRecord,
    Framework,
    Level,
    PostTarget,
)
from .contest import (
    AwardBasis,
    ContestAwardGrant,
    ContestEntry,
    ContestFlag,
    ContestMode,
    ContestOutcome,
    ContestStanding,
)
from .imports import QuestionImport
from .marking import MarkedAnswer, MarkingMethod, MarkingTask, MarkingWait

__all__ = [
    "AREA_ORDER",
    "COMPETENCE_IN_AREA_ORDER",
    "COMPETENCE_ORDER",
    "DEFAULT_CUT_SCORES",
    "MARKED_TYPES",
    "AbilityEstimate",
    "AbilityMethod",
    "Answer",
    "Area",
    "Assessment",
    "AssessmentQuestion",
    "Attempt",
    "AwardBasis",
    "Band",
    "CalibrationRun",
    "Competence",
    "CompetenceLevelRecord",
    "ContestAward",
    "ContestAwardGrant",
    "ContestEntry",
    "ContestFlag",
    "ContestMode",
    "ContestOutcome",
    "ContestPage",
    "ContestStanding",
    "Difficulty",
    "DrawRule",
    "Framework",
    "IrtModel",
    "ItemAnalysisRun",
    "ItemParameter",
    "ItemStatistic",
    "Language",
    "Level",
    "MarkedAnswer",
    "MarkingMethod",
    "MarkingTask",
    "MarkingWait",
    "PostTarget",
    "Question",
    "QuestionImport",
    "QuestionType",
    "QuestionVersion",
    "Result",
    "ReviewPolicy",
]
