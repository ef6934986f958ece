"""Writes to the credit-hour ledger. Entries are only ever created: crediting is idempotent per
(person, source), and a mistake is corrected by a new entry with a reason.

Contests (issue 5) credit awards through `credit_hours_award`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import local_today
from courses.models import CoursePage

from ..models import (
    AssessmentCreditRule,
    AssignmentTarget,
    CreditCategory,
    CreditHourEntry,
    OnsiteAttendance,
    OnsiteSession,
)

Kind = CreditHourEntry.SourceKind


class LedgerError(ValidationError):
    """A ledger write was refused; the message says why."""


def _record(
    *,
    user,
    kind: str,
    source_key: str,
    hours: Decimal,
    category: str,
    earned_on: dt.date,
    source_title: str = "",
    recorded_by=None,
) -> tuple[CreditHourEntry, bool]:
    existing = CreditHourEntry.objects.filter(user=user, source_kind=kind, source_key=source_key)
    found = existing.first()
    if found is not None:
        return found, False
    entry = CreditHourEntry(
        user=user,
        source_kind=kind,
        source_key=source_key,
        source_title=source_title[:255],
        hours=hours,
        category=category,
        earned_on=earned_on,
        recorded_at=timezone.now(),
        recorded_by=recorded_by,
    )
    try:
        entry.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise LedgerError(error.messages) from error
    try:
        # A second trigger racing this one hits the unique constraint; the first entry stands.
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        found = existing.first()
        if found is None:
            raise
        return found, False
    return entry, True


def _assigned(*, user, course=None, assessment=None) -> bool:
    targets = AssignmentTarget.objects.filter(user=user)
    if course is not None:
        return targets.filter(assignment__course=course).exists()
    return targets.filter(assignment__assessment=assessment).exists()


@transaction.atomic
def credit_hours_for_course_completion(*, enrolment) -> CreditHourEntry | None:
    """Credit the course's hours for a completed enrolment, once. Required when the course is
    assigned to the person in a training plan, elective otherwise. None when the course has no
    hours."""
    course: CoursePage = enrolment.course
    if not course.credit_hours or enrolment.completed_at is None:
        return None
    category = (
        CreditCategory.REQUIRED
        if _assigned(user=enrolment.user, course=course)
        else CreditCategory.ELECTIVE
    )
    entry, _created = _record(
        user=enrolment.user,
        kind=Kind.COURSE_COMPLETION,
        source_key=f"course:{course.pk}",
        source_title=course.title,
        hours=course.credit_hours,
        category=category,
        earned_on=local_today(enrolment.completed_at),
    )
    return entry


@transaction.atomic
def credit_hours_for_assessment_pass(*, result) -> CreditHourEntry | None:
    """Credit a passed test's hours (from its AssessmentCreditRule), once per test and person
    however many times they pass it. None when the test earns no hours or was not passed."""
    if not result.passed:
        return None
    rule = AssessmentCreditRule.objects.filter(assessment_id=result.assessment_id).first()
    if rule is None:
        return None
    category = (
        CreditCategory.REQUIRED
        if _assigned(user=result.user, assessment=result.assessment)
        else rule.category
    )
    entry, _created = _record(
        user=result.user,
        kind=Kind.ASSESSMENT_PASS,
        source_key=f"assessment:{result.assessment_id}",
        source_title=str(result.assessment),
        hours=rule.hours,
        category=category,
        earned_on=local_today(result.created_at),
    )
    return entry


@transaction.atomic
def credit_hours_award(
    *,
    user,
    award_key: str,
    hours: Decimal,
    title: str,
    earned_on: dt.date | None = None,
    category: str = CreditCategory.ELECTIVE,
    recorded_by=None,
) -> CreditHourEntry:
    """Credit bonus hours for a contest award. `award_key` names the award uniquely (e.g.
    "contest:7:rank:1"); calling again with the same key returns the first entry unchanged."""
    if hours is None or Decimal(hours) <= 0:
        raise LedgerError(_("An award must credit a positive number of hours."))
    entry, _created = _record(
        user=user,
        kind=Kind.CONTEST_AWARD,
        source_key=award_key,
        source_title=title,
        hours=Decimal(hours),
        category=category,
        earned_on=earned_on or local_today(),
        recorded_by=recorded_by,
    )
    return entry


@transaction.atomic
def credit_hours_correct(
    *, entry: CreditHourEntry, hours: Decimal, reason: str, recorded_by, category: str | None = None
) -> CreditHourEntry:
    """Record a correction of `entry`: `hours` is the change (negative to take hours away). The
    original stays as it was; the correction counts in the year of the original."""
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError(_("A correction needs a reason."))
    hours = Decimal(hours)
    if hours == 0:
        raise LedgerError(_("A correction must change the hours."))
    already = sum((c.hours for c in entry.corrections.all()), entry.hours)
    if already + hours < 0:
        raise LedgerError(_("A correction cannot take away more hours than the entry credited."))
    correction = CreditHourEntry(
        user_id=entry.user_id,
        source_kind=Kind.CORRECTION,
        source_key=f"corrects:{entry.pk}",
        source_title=entry.source_title,
        hours=hours,
        category=category or entry.category,
        earned_on=entry.earned_on,
        recorded_at=timezone.now(),
        recorded_by=recorded_by,
        reason=reason,
        corrects=entry,
    )
    correction.full_clean(validate_constraints=False)
    correction.save()
    return correction


@transaction.atomic
def onsite_session_credit(*, session: OnsiteSession, users, recorded_by=None) -> int:
    """Record `users` as attendees of `session` and credit each once (recording someone twice is
    a no-op). Returns how many people were newly credited."""
    credited = 0
    for user in users:
        OnsiteAttendance.objects.get_or_create(session=session, user=user)
        _entry, created = _record(
            user=user,
            kind=Kind.ONSITE_SESSION,
            source_key=f"onsite:{session.pk}",
            source_title=session.title,
            hours=session.hours,
            category=session.category,
            earned_on=session.date,
            recorded_by=recorded_by or session.recorded_by,
        )
        credited += created
    return credited
