"""Actions: operations whose rule is asked in more than one place, as in `wagtail.actions`.

A manager's "Remind" is asked by My team (is the button shown, or "Reminded 2 hours ago"?), by
the remind view and by `services.training_remind_now`. The rule is written once, here:
`check(user)` raises with a whole translated sentence, `allowed(user)` asks it for a template,
`execute(user)` locks the target, checks again and sends in one transaction, so two clicks at
the same moment send one reminder.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from trust.models import AuditAction
from trust.services import audit_record

from .models import AssignmentTarget, ReminderSent
from .selectors.plans import (
    TargetStatus,
    assignable_people,
    target_status,
    targets_with_status,
)

_UNKNOWN = object()


def reminder_cooldown() -> dt.timedelta:
    """How long after any reminder a manager's reminder is refused (a setting, 24 hours)."""
    return dt.timedelta(hours=int(getattr(settings, "TRAINING_REMINDER_COOLDOWN_HOURS", 24)))


class RemindAction:
    """A manager reminds one person of one assigned course or test now (e-mail and notice).
    Refused for someone outside the manager's units, for training already done, and within the
    cool-down after the person's last reminder about it (a manager's or an automatic one)."""

    def __init__(
        self,
        target: AssignmentTarget,
        *,
        last_reminded_at=_UNKNOWN,
        done: bool | None = None,
        now: dt.datetime | None = None,
    ):
        self.target = target
        self._last_reminded_at = last_reminded_at
        self._done = done
        self.now = now

    @classmethod
    def for_row(cls, row: TargetStatus, *, now: dt.datetime | None = None) -> RemindAction:
        """The action for a row of `targets_with_status` (what it read costs no query here)."""
        return cls(row.target, last_reminded_at=row.last_reminded_at, done=row.done, now=now)

    # --- what the rule looks at (read once, from the row when the caller has it) --------------

    def _moment(self) -> dt.datetime:
        return self.now or timezone.now()

    def _load(self) -> None:
        row = target_status(
            targets_with_status(AssignmentTarget.objects.filter(pk=self.target.pk)).get(),
            now=self.now,
        )
        self._last_reminded_at, self._done = row.last_reminded_at, row.done

    @property
    def last_reminded_at(self) -> dt.datetime | None:
        if self._last_reminded_at is _UNKNOWN:
            self._load()
        return self._last_reminded_at

    @property
    def done(self) -> bool:
        if self._done is None:
            self._load()
        return self._done

    @property
    def available_at(self) -> dt.datetime | None:
        """When a manager may remind again, or None when nothing was sent yet."""
        last = self.last_reminded_at
        return None if last is None else last + reminder_cooldown()

    @property
    def cooling_down(self) -> bool:
        available = self.available_at
        return available is not None and self._moment() < available

    # --- the rule -----------------------------------------------------------------------------

    def check(self, user, *, in_scope: bool | None = None) -> None:
        """Raise PermissionDenied (the person is outside the user's units) or ValidationError
        (done, or reminded within the cool-down), each with a translated sentence. `in_scope`,
        when the caller already knows it (rows of the viewer's own team), saves a query."""
        if in_scope is None:
            in_scope = (
                assignable_people(assigned_by=user).filter(user_id=self.target.user_id).exists()
            )
        if not in_scope:
            raise PermissionDenied(_("You can remind only people in the units you manage."))
        name = self.target.user.get_full_name()
        if self.done:
            raise ValidationError(
                _("%(name)s has already finished this training; there is nothing to remind.")
                % {"name": name}
            )
        if self.cooling_down:
            moment = self._moment()
            values = {
                "name": name,
                "ago": timesince(self.last_reminded_at, moment),
                "time": formats.date_format(
                    timezone.localtime(self.available_at), "DATETIME_FORMAT"
                ),
            }
            if (moment - self.last_reminded_at) < dt.timedelta(minutes=1):
                raise ValidationError(
                    _(
                        "%(name)s was reminded just now. Another reminder can be sent from "
                        "%(time)s on."
                    )
                    % values
                )
            raise ValidationError(
                _(
                    "%(name)s was reminded %(ago)s ago. Another reminder can be sent from "
                    "%(time)s on."
                )
                % values
            )

    def allowed(self, user, *, in_scope: bool | None = None) -> bool:
        """Whether `user` may remind now (what a template asks before offering the button)."""
        try:
            self.check(user, in_scope=in_scope)
        except (PermissionDenied, ValidationError):
            return False
        return True

    def execute(self, user) -> ReminderSent:
        """Lock the target's row, check with what the database says now and send, in one
        transaction: a second click waits for the first and is then refused by the cool-down."""
        from .services.plans import reminder_manual_send  # services ask this action back

        with transaction.atomic():
            try:
                self.target = (
                    AssignmentTarget.objects.select_for_update(of=("self",))
                    .select_related("user")
                    .get(pk=self.target.pk)
                )
            except AssignmentTarget.DoesNotExist as error:
                raise ValidationError(_("This assignment no longer exists.")) from error
            self._load()
            self.check(user)
            sent = reminder_manual_send(target=self.target, sent_by=user, now=self._moment())
            # A manager's nudge is an act on another person's record: kept in the audit log with
            # who sent it, to whom and about which assignment (automatic reminders are not).
            audit_record(
                action=AuditAction.REMINDER_SENT,
                actor=user,
                target=self.target.user,
                details={
                    "assignment": self.target.assignment_id,
                    "assignment_target": self.target.pk,
                },
            )
            return sent
