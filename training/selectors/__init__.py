"""Reads of the training app, split by domain and re-exported here: the credit-hour ledger
(`ledger`), training plans and the calendar feed (`plans`), and the My learning page
(`my_learning`), which gathers a learner's courses, hours and assignments, and the personal home
page (`home`)."""

from .home import course_recommendations, learner_home, recommendation_reason
from .ledger import (
    CreditHoursSummary,
    credit_hour_entries_for_year,
    credit_hours_by_unit,
    credit_hours_summaries,
    credit_hours_summary,
    requirement_lookup,
)
from .my_learning import my_learning_page
from .plans import (
    TargetStatus,
    assignable_people,
    assignable_people_search,
    assignment_progress,
    assignments_of_learner,
    calendar_feed,
    calendar_feed_owner,
    calendar_feed_token_of,
    notices_unread,
    target_status,
    targets_with_overdue,
    targets_with_status,
)

__all__ = [
    "CreditHoursSummary",
    "TargetStatus",
    "assignable_people",
    "assignable_people_search",
    "assignment_progress",
    "assignments_of_learner",
    "calendar_feed",
    "calendar_feed_owner",
    "calendar_feed_token_of",
    "course_recommendations",
    "credit_hour_entries_for_year",
    "credit_hours_by_unit",
    "credit_hours_summaries",
    "credit_hours_summary",
    "learner_home",
    "my_learning_page",
    "notices_unread",
    "recommendation_reason",
    "requirement_lookup",
    "target_status",
    "targets_with_overdue",
    "targets_with_status",
]
