"""Writes of the training app, split by domain and re-exported here: the credit-hour ledger
(`ledger`) and training plans, reminders, notices and the calendar-feed secret (`plans`)."""

from .ledger import (
    LedgerError,
    credit_hours_award,
    credit_hours_correct,
    credit_hours_for_assessment_pass,
    credit_hours_for_course_completion,
    onsite_session_credit,
)
from .plans import (
    AssignmentError,
    calendar_feed_token_get,
    calendar_feed_token_rotate,
    notice_dismiss,
    reminder_manual_send,
    training_assignment_create,
    training_remind_now,
    training_reminders_send,
)

__all__ = [
    "AssignmentError",
    "LedgerError",
    "calendar_feed_token_get",
    "calendar_feed_token_rotate",
    "credit_hours_award",
    "credit_hours_correct",
    "credit_hours_for_assessment_pass",
    "credit_hours_for_course_completion",
    "notice_dismiss",
    "onsite_session_credit",
    "reminder_manual_send",
    "training_assignment_create",
    "training_remind_now",
    "training_reminders_send",
]
