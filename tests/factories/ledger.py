"""Ledger and training-plan data for tests: entries written straight through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from training.models import CreditCategory
from training.services import credit_hours_award

_keys = itertools.count(1)


def entry(user, hours="1.0", *, category=CreditCategory.ELECTIVE, earned_on=None, title="奖励"):
    """A ledger entry for `user` (a contest award: the one kind with a free source key)."""
    return credit_hours_award(
        user=user,
        award_key=f"test:{next(_keys)}",
        hours=Decimal(hours),
        title=title,
        category=category,
        earned_on=earned_on or dt.date(2026, 3, 1),
    )
