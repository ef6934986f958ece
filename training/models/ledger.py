"""The credit-hour ledger (学时台账): every hour a person earns is one entry, never edited.

A mistake is put right by a new `correction` entry that names the entry it corrects and says why,
so the ledger is its own audit trail and an annual transcript can always be re-derived from it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Rank


class CreditCategory(models.TextChoices):
    REQUIRED = "required", _("Required")
    ELECTIVE = "elective", _("Elective")


class CreditHourEntry(models.Model):
    """Hours a person earned (or a correction to them). Only `training.services.ledger` creates
    entries; saving an existing entry or deleting one raises, so nobody edits history."""

    class SourceKind(models.TextChoices):
        COURSE_COMPLETION = "course_completion", _("Course completed")
        ASSESSMENT_PASS = "assessment_pass", _("Test passed")
        CONTEST_AWARD = "contest_award", _("Contest award")
        ONSITE_SESSION = "onsite_session", _("On-site session")
        CORRECTION = "correction", _("Correction")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="credit_hour_entries",
        verbose_name=_("learner"),
    )
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    # What earned the hours, e.g. "course:12", "assessment:3:attempt:88", "onsite:5".
    source_key = models.CharField(_("source reference"), max_length=100)
    source_title = models.CharField(_("title"), max_length=255, blank=True)
    hours = models.DecimalField(_("credit hours"), max_digits=6, decimal_places=1)
    category = models.CharField(_("category"), max_length=10, choices=CreditCategory.choices)
    earned_on = models.DateField(_("earned on"), help_text=_("The date in China Standard Time."))
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects entry"),
    )

    class Meta:
        ordering = ["earned_on", "pk"]
        verbose_name = _("credit-hour entry")
        verbose_name_plural = _("credit-hour entries")
        indexes = [
            models.Index(fields=["user", "earned_on"], name="ledger_user_earned_on"),
            # The team page's recent awards read one kind in a date range across the whole
            # ledger; without this it scans every entry (bench_dashboards).
            models.Index(fields=["source_kind", "earned_on"], name="ledger_kind_earned_on"),
        ]
        constraints = [
            # The same achievement credits once, however often its trigger fires.
            models.UniqueConstraint(
                fields=["user", "source_kind", "source_key"],
                condition=~models.Q(source_kind="correction"),
                name="ledger_credit_once_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) | models.Q(source_kind="correction"),
                name="ledger_only_corrections_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(source_kind="correction")
                | (~models.Q(reason="") & models.Q(corrects__isnull=False)),
                name="ledger_correction_has_reason_and_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.source_kind} · {self.hours}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                _("Ledger entries are never changed. Record a correction instead.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger entries are never deleted. Record a correction instead."))


class AnnualRequirement(models.Model):
    """How many hours a year a post or a rank must earn, and the share that must be required
    hours. A post rule wins over a rank rule; without either, settings give the platform default."""

    post = models.OneToOneField(
        "people.Post",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="annual_requirement",
        verbose_name=_("post"),
    )
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices, blank=True)
    total_hours = models.DecimalField(
        _("hours a year"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("90"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    required_percent = models.PositiveSmallIntegerField(
        _("required share (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("The part of the yearly hours that must come from required training."),
    )

    class Meta:
        verbose_name = _("annual credit-hour requirement")
        verbose_name_plural = _("annual credit-hour requirements")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(post__isnull=False) & models.Q(rank=""))
                | (models.Q(post__isnull=True) & ~models.Q(rank="")),
                name="ledger_requirement_post_xor_rank",
            ),
            models.UniqueConstraint(
                fields=["rank"], condition=~models.Q(rank=""), name="ledger_requirement_rank_once"
            ),
            models.CheckConstraint(
                condition=models.Q(required_percent__lte=100), name="ledger_requirement_percent"
            ),
        ]

    def __str__(self) -> str:
        who = self.post.name if self.post_id else self.get_rank_display()
        return f"{who} · {self.total_hours}"

    @property
    def required_hours(self) -> Decimal:
        return (self.total_hours * self.required_percent / 100).quantize(Decimal("0.1"))


class OnsiteSession(models.Model):
    """An on-site class an admin records; saving its attendees credits their ledgers once each."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("credit hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    category = models.CharField(
        _("category"),
        max_length=10,
        choices=CreditCategory.choices,
        default=CreditCategory.REQUIRED,
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("on-site session")
        verbose_name_plural = _("on-site sessions")

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class OnsiteAttendance(models.Model):
    session = models.ForeignKey(OnsiteSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onsite_attendances"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="ledger_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.user}"


class AssessmentCreditRule(models.Model):
    """Hours a passed test earns. Kept here rather than on quizzes.Assessment because hours are a
    training concern and quizzes sits below training."""

    assessment = models.OneToOneField(
        "quizzes.Assessment",
        on_delete=models.CASCADE,
        related_name="credit_rule",
        verbose_name=_("test"),
    )
    hours = models.DecimalField(
        _("credit hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    category = models.CharField(
        _("category"),
        max_length=10,
        choices=CreditCategory.choices,
        default=CreditCategory.ELECTIVE,
    )

    class Meta:
        verbose_name = _("credit hours for a test")
        verbose_name_plural = _("credit hours for tests")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.hours}"
