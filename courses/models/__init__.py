"""Models of the courses app, split by domain and re-exported here.

Pages (`pages`) are editorial content only; learner state lives in `learning`; the search index
lives in `search_index`.
"""

from .learning import CheckAnswer, Enrolment, LessonProgress
from .ledger import (
    AnnualRequirement,
    AssessmentCreditRule,
    CreditCategory,
    CreditHourEntry,
    OnsiteAttendance,
    OnsiteSession,
)
from .pages import (
    CatalogueIndexPage,
    CourseMaterial,
    CoursePage,
    CoursePageTag,
    LessonPage,
    TopicPage,
    TopicPageTag,
)
from .plans import (
    AssignmentTarget,
    CalendarFeedToken,
    Notice,
    ReminderRule,
    ReminderSent,
    TrainingAssignment,
)
from .search_index import SearchEntry, SearchQueryLog, SearchToken

__all__ = [
    "AnnualRequirement",
    "AssessmentCreditRule",
    "AssignmentTarget",
    "CalendarFeedToken",
    "CatalogueIndexPage",
    "CheckAnswer",
    "CourseMaterial",
    "CoursePage",
    "CoursePageTag",
    "CreditCategory",
    "CreditHourEntry",
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "Notice",
    "OnsiteAttendance",
    "OnsiteSession",
    "ReminderRule",
    "ReminderSent",
    "SearchEntry",
    "SearchQueryLog",
    "SearchToken",
    "TopicPage",
    "TopicPageTag",
    "TrainingAssignment",
]
