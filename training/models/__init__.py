"""Models of the training app, split by domain and re-exported here: the credit-hour ledger
(`ledger`), training plans, reminders, notices and calendar tokens (`plans`), and the
course-or-test rule other apps share (`mixins`), and the competences a course builds
(`competences`)."""

from .competences import CourseCompetence
from .ledger import (
    AnnualRequirement,
    AssessmentCreditRule,
    CreditCategory,
    CreditHourEntry,
    OnsiteAttendance,
    OnsiteSession,
)
from .mixins import CourseOrAssessment
from .plans import (
    AssignmentTarget,
    CalendarFeedToken,
    Notice,
    ReminderRule,
    ReminderSent,
    TrainingAssignment,
)

__all__ = [
    "AnnualRequirement",
    "AssessmentCreditRule",
    "AssignmentTarget",
    "CalendarFeedToken",
    "CourseCompetence",
    "CourseOrAssessment",
    "CreditCategory",
    "CreditHourEntry",
    "Notice",
    "OnsiteAttendance",
    "OnsiteSession",
    "ReminderRule",
    "ReminderSent",
    "TrainingAssignment",
]
