"""Actions: operations whose rule is asked in more than one place, as in `wagtail.actions`.

Entering (registering for) a contest is one: the contest page asks whether to offer the
Register button and otherwise says why not (quizzes.pages.ContestPage.get_context), the register
view, the demo and the load bench register through services.contest_register, and all of them
reach EnterContestAction, so who may enter and when is written once, here.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Profile

from .models import ContestEntry, ContestPage
from .selectors import contest_entry_of, contest_is_eligible
from .services.contests import ContestError, contest_paper_schedule_late


def _delay_seconds(spread: int) -> float:
    # A random delay spreads the stampede at the start; secrets so nobody can predict their slot.
    return secrets.randbelow(max(1, spread) * 1000 + 1) / 1000 if spread else 0.0


class EnterContestAction:
    """Register a person for `contest`: while the contest is published and its registration is
    open (before the end), for people in the units its organizer chose, once per person. The
    server picks the entry time: the start (or now, for a late registrant) plus a random delay of
    up to the contest's spread."""

    def __init__(self, contest: ContestPage, *, now: datetime | None = None):
        self.contest = contest
        self.now = now or timezone.now()

    def check(self, user) -> None:
        """Raise ContestError (a stable `code`, a translated `message`) when `user` may not
        register now; return None when they may."""
        contest, now = self.contest, self.now
        if not contest.live:
            raise ContestError("unpublished", _("This contest is not open."))
        if now < contest.registration_opens_at:
            raise ContestError(
                "registration_not_open", _("Registration for this contest has not opened yet.")
            )
        if now >= contest.registration_closes_at or now >= contest.ends_at:
            raise ContestError(
                "registration_closed", _("Registration for this contest has closed.")
            )
        if user is None or not user.is_authenticated:
            raise ContestError("sign_in", _("Please sign in to register for this contest."))
        if contest_entry_of(contest=contest, user=user) is not None:
            raise ContestError("registered", _("You are registered."))
        if not contest_is_eligible(contest=contest, user=user):
            raise ContestError(
                "not_eligible", _("This contest is open only to the units its organizer chose.")
            )

    def refusal(self, user) -> ContestError | None:
        """The refusal `user` would meet, or None: what the contest page shows instead of the
        Register button."""
        try:
            self.check(user)
        except ContestError as error:
            return error
        return None

    def allowed(self, user) -> bool:
        """Whether `user` may register now (the contest page offers the button only then)."""
        return self.refusal(user) is None

    @transaction.atomic
    def execute(self, user) -> ContestEntry:
        """Register `user` after the check and return the entry. Registering again returns the
        same entry and writes nothing; so does a double click racing itself (the database's one
        entry per person and contest decides)."""
        contest, now = self.contest, self.now
        existing = ContestEntry.objects.filter(contest=contest, user=user).first()
        if existing is not None:
            return existing
        self.check(user)
        profile = Profile.objects.filter(user=user).only("org_unit_id").first()
        base = max(now, contest.starts_at)
        entry = ContestEntry(
            contest=contest,
            user=user,
            org_unit_id=profile.org_unit_id if profile else None,
            registered_at=now,
            entry_not_before=base + timedelta(seconds=_delay_seconds(contest.entry_spread_seconds)),
        )
        entry.full_clean()
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:  # a double click from two tabs: the other request registered first
            return ContestEntry.objects.get(contest=contest, user=user)
        # Registered after the papers were built: this person's is built now, not at the start.
        contest_paper_schedule_late(entry=entry, now=now)
        return entry
