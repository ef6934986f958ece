"""Contest learner data: registrations (entries), integrity flags, final standings and awards.

The contest itself is an editorial Wagtail page (quizzes.pages.ContestPage, re-exported from
quizzes.models); everything a contestant does is stored here and points at the page with PROTECT.
The questions, draw, shuffles, autosave and scoring are the assessment engine's: a contest owns one
Assessment and every run is an ordinary Attempt of it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import OrgUnit

from .attempt import Attempt


class ContestMode(models.TextChoices):
    PAPER = "paper", _("Timed paper")
    CHALLENGE = "challenge", _("Challenge (ends at the first wrong answer; best run counts)")


class AwardBasis(models.TextChoices):
    RANK = "rank", _("By rank")
    SCORE = "score", _("By score (percent of the maximum)")
    PARTICIPATION = "participation", _("Participation (everyone who finished)")


class ContestEntry(models.Model):
    """One person's registration. `entry_not_before` is the server's staggered entry time (start
    plus a small random delay); `session_token` names the one browser session allowed to play."""

    contest = models.ForeignKey(
        "quizzes.ContestPage",
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("contest"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contest_entries",
        verbose_name=_("contestant"),
    )
    # The unit at registration, so department rankings do not move when someone changes unit.
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("org unit"),
    )
    registered_at = models.DateTimeField(_("registered at"))
    entry_not_before = models.DateTimeField(_("may enter from"))
    # The paper's one attempt. OneToOne: an attempt belongs to at most one entry, and an entry has
    # at most one paper attempt (challenge runs are attempts of the same assessment, not linked).
    attempt = models.OneToOneField(
        Attempt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_entry",
        verbose_name=_("attempt"),
    )
    # When the contestant started their paper (server clock). The attempt is often built ahead of
    # the start (quizzes.services.contests.contest_papers_prepare) and only stamped then, so an
    # attempt linked here with this blank is a prepared paper nobody has seen yet.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    session_token = models.CharField(_("session token"), max_length=64, blank=True)
    last_answer_at = models.DateTimeField(_("last answer at"), null=True, blank=True)

    class Meta:
        ordering = ["registered_at"]
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="quizzes_contest_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.contest_id} · {self.user}"


class ContestFlag(models.Model):
    """A suspicious pattern for the organizer to look at. Flags never change a score."""

    class Kind(models.TextChoices):
        FAST_ANSWER = "fast_answer", _("Answer faster than a person can read the question")

    entry = models.ForeignKey(
        ContestEntry, on_delete=models.CASCADE, related_name="flags", verbose_name=_("entry")
    )
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="+", verbose_name=_("attempt")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slot = models.PositiveSmallIntegerField(_("slot"))
    seconds = models.DecimalField(_("seconds taken"), max_digits=8, decimal_places=3)
    created_at = models.DateTimeField(_("flagged at"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("contest flag")
        verbose_name_plural = _("contest flags")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "kind", "slot"], name="quizzes_contest_flag_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.kind} · {self.slot}"


class ContestStanding(models.Model):
    """The final rank of one entry, written once when the contest is decided."""

    contest = models.ForeignKey(
        "quizzes.ContestPage",
        on_delete=models.PROTECT,
        related_name="standings",
        verbose_name=_("contest"),
    )
    entry = models.OneToOneField(
        ContestEntry, on_delete=models.PROTECT, related_name="standing", verbose_name=_("entry")
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4)
    max_score = models.DecimalField(_("maximum score"), max_digits=9, decimal_places=4)
    time_seconds = models.PositiveIntegerField(_("time (seconds)"))

    class Meta:
        ordering = ["contest", "rank", "time_seconds"]
        verbose_name = _("final standing")
        verbose_name_plural = _("final standings")

    def __str__(self) -> str:
        return f"{self.contest_id} · #{self.rank} · {self.entry_id}"


class ContestAwardGrant(models.Model):
    """An award decided for an entry. Unique per (entry, award): deciding again grants nothing new."""

    entry = models.ForeignKey(
        ContestEntry, on_delete=models.PROTECT, related_name="awards", verbose_name=_("entry")
    )
    award = models.ForeignKey(
        "quizzes.ContestAward",
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("award"),
    )
    credit_hours = models.DecimalField(_("bonus credit hours"), max_digits=5, decimal_places=1)
    granted_at = models.DateTimeField(_("granted at"))

    class Meta:
        ordering = ["granted_at"]
        verbose_name = _("award granted")
        verbose_name_plural = _("awards granted")
        constraints = [
            models.UniqueConstraint(fields=["entry", "award"], name="quizzes_contest_award_once")
        ]

    def __str__(self) -> str:
        return f"{self.award_id} · {self.entry_id}"

    @property
    def award_key(self) -> str:
        """The stable key the ledger and certificates use to credit this award once."""
        return f"contest:{self.award.contest_id}:award:{self.award_id}:user:{self.entry.user_id}"


class ContestOutcome(models.Model):
    """That a contest has been decided (its standings and awards are final)."""

    contest = models.OneToOneField(
        "quizzes.ContestPage",
        on_delete=models.PROTECT,
        related_name="outcome",
        verbose_name=_("contest"),
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("contest outcome")
        verbose_name_plural = _("contest outcomes")

    def __str__(self) -> str:
        return f"{self.contest_id} · {self.decided_at:%Y-%m-%d %H:%M}"
