"""The audit log and the small amount of per-person security state GovLearn keeps."""

from django.conf import settings
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOGOUT = "logout", _("Logged out")
    LOCKOUT = "lockout", _("Account name locked out")
    UNLOCK = "unlock", _("Account name unlocked")
    MFA_ENABLED = "mfa_enabled", _("Two-factor authentication enabled")
    MFA_DISABLED = "mfa_disabled", _("Two-factor authentication removed")
    MFA_CODES_REGENERATED = "mfa_codes_regenerated", _("Recovery codes regenerated")
    MFA_FAILED = "mfa_failed", _("Two-factor code refused")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    SESSION_ENDED = "session_ended", _("Session ended")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    SSO_LINKED = "sso_linked", _("Single sign-on account linked")
    SSO_REFUSED = "sso_refused", _("Single sign-on login refused")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    PERSON_CREATED = "person_created", _("Person created")
    PERSON_CHANGED = "person_changed", _("Person changed")
    PERSON_DELETED = "person_deleted", _("Person deleted")
    PERSON_DISABLED = "person_disabled", _("Person disabled")
    EXPORT = "export", _("Data exported")
    AUDIT_EXPORTED = "audit_exported", _("Audit log exported")
    AUDIT_PRUNED = "audit_pruned", _("Audit log pruned")
    CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
    PERSONAL_DATA_ANONYMISED = "personal_data_anonymised", _("Person anonymised")
    BACKUP_CREATED = "backup_created", _("Backup created")
    BACKUP_RESTORED = "backup_restored", _("Backup restored")
    REMINDER_SENT = "reminder_sent", _("Training reminder sent")
    MARKING_ASSIGNED = "marking_assigned", _("Essay marking assigned")
    MARKING_REASSIGNED = "marking_reassigned", _("Essay marking reassigned")
    MARK_DRAFT_SAVED = "mark_draft_saved", _("Essay mark saved as draft")
    MARK_SUBMITTED = "mark_submitted", _("Essay mark submitted")
    MARK_MODERATED = "mark_moderated", _("Essay mark moderated")
    MARK_FINAL = "mark_final", _("Essay mark final")
    MARKING_RESULT_RECORDED = "marking_result_recorded", _("Result recorded after marking")


class AuditResult(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    DENIED = "denied", _("Denied")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Audit events cannot be changed."))

    def delete(self):
        raise AppendOnlyError(_("Audit events cannot be deleted; old ones are pruned by a task."))


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEvent(models.Model):
    """Who did what to what, when (UTC), from where, and whether it worked. Rows are only ever
    added; the pruning task (trust.services.audit_prune) is the one path that removes old rows,
    and on PostgreSQL a trigger refuses every other UPDATE or DELETE."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # The row must outlive the account, and never block its deletion.
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_username = models.CharField(_("actor's user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    occurred_at = models.DateTimeField(_("when (UTC)"), db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    # The hash chain (trust.audit_chain): the previous event's hash, and this event's own.
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["actor", "occurred_at"], name="trust_audit_actor_when"),
            models.Index(fields=["action", "occurred_at"], name="trust_audit_action_when"),
            models.Index(fields=["target_type", "target_id"], name="trust_audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_username or '-'} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError(_("Audit events cannot be changed."))
        from .audit_chain import link

        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            link(self, using=using)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Audit events cannot be deleted; old ones are pruned by a task."))


class AuditChainProblem(models.TextChoices):
    CONTENT_CHANGED = "content_changed", _("The event's content does not match its hash (changed)")
    LINK_BROKEN = (
        "link_broken",
        _("The event does not link to the one before it (a row was deleted or inserted)"),
    )
    CHECKPOINT_SIGNATURE = (
        "checkpoint_signature",
        _("A prune checkpoint's signature does not match"),
    )


class AuditCheckpoint(models.Model):
    """The signed record of one prune: which runs of audit ids were removed, with the hash before
    each run and its last hash, so the chain still verifies across the gap (trust.audit_chain)."""

    created_at = models.DateTimeField(_("created at"))
    cutoff = models.CharField(_("pruned events older than (UTC)"), max_length=40)
    deleted = models.PositiveIntegerField(_("events pruned"))
    runs = models.JSONField(_("pruned runs"), default=list)
    signature = models.CharField(_("signature"), max_length=64)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} -{self.deleted}"


class AuditVerification(models.Model):
    """One check of the audit chain (`manage.py audit_verify` or the daily job), shown in the
    admin's audit log."""

    checked_at = models.DateTimeField(_("checked at"))
    ok = models.BooleanField(_("chain intact"))
    events_checked = models.PositiveIntegerField(_("events checked"))
    broken_event_id = models.BigIntegerField(_("first broken event"), null=True, blank=True)
    broken_checkpoint_id = models.BigIntegerField(_("broken checkpoint"), null=True, blank=True)
    problem = models.CharField(
        _("problem"), max_length=32, blank=True, choices=AuditChainProblem.choices
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("audit verification")
        verbose_name_plural = _("audit verifications")

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'BROKEN'}"


class PasswordState(models.Model):
    """When a person last set their password: the `mlps` policy forces a change after N days."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_state",
        verbose_name=_("user"),
    )
    changed_at = models.DateTimeField(_("password changed at"))

    class Meta:
        verbose_name = _("password state")
        verbose_name_plural = _("password states")

    def __str__(self) -> str:
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"
