"""The My learning page's reads: the learner's enrolments (from courses), this year's credit hours,
assigned training, notices and, when the learner has asked for one, the calendar-feed secret.
Nothing here writes: the feed secret is made by an explicit POST (training.views)."""

from __future__ import annotations

from core.clock import local_today
from courses.selectors import my_learning

from .ledger import credit_hours_summary
from .plans import assignments_of_learner, calendar_feed_token_of, notices_unread


def my_learning_page(*, user) -> dict:
    """Everything the My learning page shows for `user`; `calendar_token` is None until the
    learner asks for a calendar link."""
    year = local_today().year
    token = calendar_feed_token_of(user=user)
    return {
        **my_learning(user=user),
        "credit_summary": credit_hours_summary(user=user, year=year),
        "credit_year": year,
        "assignments": assignments_of_learner(user=user),
        "notices": list(notices_unread(user=user)),
        "calendar_token": token.token if token else None,
    }
