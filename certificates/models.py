"""Certificates, the rules that issue them, serial counters and bulk-issue runs.

A certificate keeps a frozen `snapshot` of everything printed on it; the PDF and the public
verification page are both drawn from the snapshot, never from the live course or person, so a
later edit of a course title cannot change what a certificate says.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import UnguessableName, private_storage
from training.models import CourseOrAssessment


class AchievementKind(models.TextChoices):
    COURSE_COMPLETION = "course_completion", _("Course completion")
    ASSESSMENT_PASS = "assessment_pass", _("Test passed")
    CONTEST_AWARD = "contest_award", _("Contest award")
    TRANSCRIPT = "transcript", _("Annual credit-hour transcript")


class Design(models.TextChoices):
    """Shipped PDF designs: templates/certificates/pdf/<value>.html + .css."""

    COMPLETION = "completion", _("Course completion certificate (结业证书)")
    PASS = "pass", _("Test pass certificate (合格证书)")
    AWARD = "award", _("Contest award certificate (获奖证书)")
    TRANSCRIPT = "transcript", _("Credit-hour transcript (学时证明)")


DEFAULT_DESIGN = {
    AchievementKind.COURSE_COMPLETION: Design.COMPLETION,
    AchievementKind.ASSESSMENT_PASS: Design.PASS,
    AchievementKind.CONTEST_AWARD: Design.AWARD,
    AchievementKind.TRANSCRIPT: Design.TRANSCRIPT,
}


class CertificateRule(CourseOrAssessment):
    """Which design a course or test issues with, and for how long it is valid. A course issues
    certificates when its guide says so (CoursePage.certificate_issued); a test issues them only
    when it has a rule."""

    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    assessment = models.OneToOneField(
        "quizzes.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("test"),
    )
    design = models.CharField(_("design"), max_length=20, choices=Design.choices)
    valid_for_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Blank means no expiry.")
    )
    issuer = models.CharField(
        _("issuer"),
        max_length=200,
        blank=True,
        help_text=_("Printed as the issuing body. Blank uses the platform's name."),
    )

    class Meta:
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rules")
        constraints = [
            CourseOrAssessment.one_target_constraint(name="certificate_rule_one_target"),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.get_design_display()}"


class SerialCounter(models.Model):
    """The last serial number used in a year. Incremented under a row lock, so two issuers never
    get the same number (the unique constraint on Certificate.serial is the backstop)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


# Entries per published status list: the W3C minimum (16 KB of bits), so a list never reveals
# how few certificates it holds.
STATUS_LIST_SIZE = 131_072


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Certificate(models.Model):
    """One certificate for one achievement of one person. Status changes only through
    certificates.services."""

    Status = CertificateStatus

    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    code = models.CharField(_("verification code"), max_length=64, unique=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    kind = models.CharField(_("achievement"), max_length=32, choices=AchievementKind.choices)
    # "course:<page id>", "assessment:<test id>", "contest-award:<id>", "transcript:<year>" (the
    # test passed, not the attempt: passing again must not mint a second certificate).
    achievement_key = models.CharField(_("achievement key"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    credit_hours = models.DecimalField(
        _("credit hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    issuer = models.CharField(_("issuer"), max_length=200)
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CertificateStatus.choices, default="valid"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    design = models.CharField(_("design"), max_length=20, choices=Design.choices)
    snapshot = models.JSONField(_("printed content"), default=dict)
    pdf = models.FileField(
        _("PDF"),
        upload_to=UnguessableName("certificates", default_extension=".pdf"),
        storage=private_storage,
        blank=True,
    )
    # The certificate's place in the published revocation status lists (W3C Bitstring Status
    # List): list number = index // STATUS_LIST_SIZE, bit = index % STATUS_LIST_SIZE. Drawn at
    # random when issued (a verifier fetching a list learns nothing of who is in it), unique.
    status_index = models.PositiveIntegerField(
        _("status list index"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # One live certificate per achievement; a revoked one may be followed by a reissue.
            models.UniqueConstraint(
                fields=["holder", "kind", "achievement_key"],
                condition=~Q(status="revoked"),
                name="certificate_once_per_achievement",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked")
                | (Q(revoked_at__isnull=False) & ~Q(revoked_reason="")),
                name="certificate_revoked_has_time_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="revoked") | Q(revoked_at__isnull=True),
                name="certificate_revoked_time_only_when_revoked",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("issued_at")),
                name="certificate_expires_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["holder", "kind"], name="certificate_holder_kind")]

    def __str__(self) -> str:
        return f"{self.serial} · {self.title}"

    @property
    def effective_status(self) -> str:
        """Revoked wins; otherwise a passed expiry date means expired even before the nightly
        task has written it down."""
        if self.status == CertificateStatus.REVOKED:
            return CertificateStatus.REVOKED
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return CertificateStatus.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(CertificateStatus(self.effective_status).label)


class BulkIssue(CourseOrAssessment):
    """An organizer's request to issue certificates to everyone who earned them on a course or
    test, or to chosen people among them; the background task counts its progress here, and later
    builds the ZIP of PDFs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    assessment = models.ForeignKey(
        "quizzes.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("test"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    # Empty: everyone who earned it. Otherwise only these people (each must have earned it).
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("chosen people")
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    certificates = models.ManyToManyField(Certificate, blank=True, related_name="+")
    archive = models.FileField(
        _("ZIP of PDFs"),
        upload_to=UnguessableName("certificates/bulk", default_extension=".zip"),
        storage=private_storage,
        blank=True,
    )
    archive_status = models.CharField(_("ZIP status"), max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bulk issue")
        verbose_name_plural = _("bulk issues")
        constraints = [
            CourseOrAssessment.one_target_constraint(name="bulk_issue_one_target"),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="bulk_issue_done_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.get_status_display()}"

    @property
    def target_title(self) -> str:
        return self.target.title

    @property
    def percent(self) -> int:
        return 100 if not self.total else int((self.done + self.failed) * 100 / self.total)
