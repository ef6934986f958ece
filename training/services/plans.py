"""Writes for training plans: assigning a course or a test to people or units (within the
assigner's scope), reminders (each automatic one exactly once per rule), notices, and the secret
calendar-feed token."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.clock import person_today
from core.forms import DATE_MAX
from courses.models import CoursePage
from courses.selectors import source_page
from people.models import OrgUnit, Profile
from people.selectors import managed_unit_paths

from ..models import (
    AssignmentTarget,
    CalendarFeedToken,
    Notice,
    ReminderRule,
    ReminderSent,
    TrainingAssignment,
)
from ..selectors.plans import assignable_people, target_status, targets_with_status
from ..signals import notices_read


class AssignmentError(ValidationError):
    """An assignment was refused; the message says why."""


def _reminder_days() -> int:
    return int(getattr(settings, "TRAINING_REMINDER_DAYS_BEFORE", 7))


@transaction.atomic
def training_assignment_create(
    *,
    assigned_by,
    due_date: dt.date,
    course: CoursePage | None = None,
    assessment=None,
    users=(),
    units: list[OrgUnit] = (),
    now: dt.datetime | None = None,
) -> TrainingAssignment:
    """Assign a course (source-locale page) or a test to people and/or whole units, due on
    `due_date`. Units are expanded to their active people (and sub-units) now. Everyone must be
    in the assigner's scope; anything outside it refuses the whole assignment."""
    now = now or timezone.now()
    if (course is None) == (assessment is None):
        raise AssignmentError(_("Choose either a course or a test to assign."))
    if course is not None:
        course = source_page(page=course).specific
    if due_date < person_today(time_zone=None, now=now):
        raise AssignmentError(_("The due date must not be in the past."))
    if due_date > DATE_MAX:
        # Callers other than the form (imports, the API) get the same bound as the form.
        raise AssignmentError(
            _("The due date must be on or before %(max)s.") % {"max": DATE_MAX.isoformat()}
        )
    units, users = list(units), list(users)
    if not units and not users:
        raise AssignmentError(_("Choose at least one person or unit."))
    scope = assignable_people(assigned_by=assigned_by)
    paths = managed_unit_paths(user=assigned_by)
    outside = paths is not None and (
        paths == [] or any(not any(u.path.startswith(p) for p in paths) for u in units)
    )
    if outside:
        raise AssignmentError(_("You can assign training only within the units you manage."))
    user_ids = {u.pk for u in users}
    allowed = set(scope.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    if user_ids - allowed:
        raise AssignmentError(_("You can assign training only to people in the units you manage."))
    for unit in units:
        user_ids |= set(
            Profile.objects.filter(
                org_unit__path__startswith=unit.path, user__is_active=True
            ).values_list("user_id", flat=True)
        )
    assignment = TrainingAssignment(
        course=course,
        assessment=assessment,
        due_date=due_date,
        assigned_by=assigned_by,
        created_at=now,
    )
    assignment.full_clean()
    assignment.save()
    assignment.units.set(units)
    assignment.people.set(users)
    AssignmentTarget.objects.bulk_create(
        [AssignmentTarget(assignment=assignment, user_id=uid, created_at=now) for uid in user_ids],
        ignore_conflicts=True,
    )
    return assignment


def _reminder_text(row, rule: str) -> str:
    title = row.target.assignment.target_title
    due = row.target.assignment.due_date.isoformat()
    if rule == ReminderRule.OVERDUE:
        return _("“%(title)s” was due on %(due)s and is not finished yet.") % {
            "title": title,
            "due": due,
        }
    return _("“%(title)s” is due on %(due)s.") % {"title": title, "due": due}


def _send(*, row, rule: str, key: str = "", sent_by=None, now: dt.datetime) -> ReminderSent | None:
    """Record the reminder, post a notice and send the e-mail in one transaction: a duplicate
    (same target, rule and key) is refused by the database and sends nothing."""
    target = row.target
    profile = getattr(target.user, "profile", None)
    language = getattr(profile, "preferred_language", None) or settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            sent = ReminderSent.objects.create(
                target=target, rule=rule, key=key, sent_at=now, sent_by=sent_by
            )
            with translation.override(language):
                text = _reminder_text(row, rule)
                subject = _("Training reminder")
            Notice.objects.create(
                user=target.user, message=text[:500], url="/learning/my-learning/", created_at=now
            )
            if target.user.email:
                send_mail(subject, text, None, [target.user.email])
    except IntegrityError:
        return None
    return sent


def training_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send the due-soon and overdue reminders that are due now; each goes out once per target
    and rule however often this runs. Returns how many were sent."""
    now = now or timezone.now()
    days = _reminder_days()
    server_today = timezone.localdate(now)
    # Time zones are at most a day apart from the server's; the exact test is per person below.
    candidates = targets_with_status(
        AssignmentTarget.objects.filter(
            assignment__due_date__lte=server_today + dt.timedelta(days=days + 1),
            user__is_active=True,
        ).exclude(reminders__rule=ReminderRule.OVERDUE)
    ).order_by("pk")
    sent = 0
    for target in candidates.iterator(chunk_size=500):
        row = target_status(target, now=now)
        if row.done:
            continue
        if row.overdue:
            sent += _send(row=row, rule=ReminderRule.OVERDUE, now=now) is not None
        elif row.days_left <= days:
            sent += _send(row=row, rule=ReminderRule.DUE_SOON, now=now) is not None
    return sent


def training_remind_now(
    *, target: AssignmentTarget, sent_by, now: dt.datetime | None = None
) -> ReminderSent:
    """A manager's one-click reminder to one person (e-mail and notice, recorded as a
    ReminderSent with who sent it). Refused with a ValidationError inside the cool-down after
    any reminder, or when the training is done: the rule is `training.actions.RemindAction`."""
    from ..actions import RemindAction  # the action calls back into this module to send

    return RemindAction(target, now=now).execute(sent_by)


@transaction.atomic
def reminder_manual_send(*, target: AssignmentTarget, sent_by, now: dt.datetime) -> ReminderSent:
    """Send a manual reminder with no questions asked: only `RemindAction.execute` calls this,
    after its check, with the target's row locked."""
    row = target_status(
        targets_with_status(AssignmentTarget.objects.filter(pk=target.pk)).get(), now=now
    )
    sent = _send(
        row=row, rule=ReminderRule.MANUAL, key=now.isoformat()[:40], sent_by=sent_by, now=now
    )
    if sent is None:  # the very same instant twice: the constraint refused the second
        raise ValidationError(_("This person has just been reminded."))
    return sent


@transaction.atomic
def notice_dismiss(*, user, notice_id: int) -> None:
    """Mark one of the user's own notices read (someone else's is ignored)."""
    Notice.objects.filter(user=user, pk=notice_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notices_read.send(sender=Notice, user_id=user.pk)


@transaction.atomic
def calendar_feed_token_rotate(*, user) -> CalendarFeedToken:
    """Give the user a new feed secret; the old URL stops working at once."""
    token = secrets.token_urlsafe(32)
    row, _created = CalendarFeedToken.objects.update_or_create(
        user=user, defaults={"token": token, "created_at": timezone.now()}
    )
    return row


@transaction.atomic
def calendar_feed_token_get(*, user) -> CalendarFeedToken:
    """The user's feed secret, made the first time they ask for it (a POST: pages only read it)."""
    row = CalendarFeedToken.objects.filter(user=user).first()
    return row or calendar_feed_token_rotate(user=user)
