"""Reads of training plans: each assigned person's status (derived from the learning record, never
stored), overdue in the person's own time zone, notices and the calendar feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from core.clock import person_today
from courses.models import Enrolment
from people.models import Profile
from people.selectors import profiles_in_scope
from quizzes.models import Result

from ..models import AssignmentTarget, CalendarFeedToken, Notice, ReminderSent


@dataclass(frozen=True)
class TargetStatus:
    target: AssignmentTarget
    done: bool
    overdue: bool
    days_left: int  # negative when overdue
    # When the person was last reminded of it (any rule), from `targets_with_status`.
    last_reminded_at: dt.datetime | None = None

    @property
    def status(self) -> str:
        if self.done:
            return "done"
        return "overdue" if self.overdue else "open"


def targets_with_status(queryset: QuerySet[AssignmentTarget] | None = None) -> QuerySet:
    """Assignment targets annotated with `done` parts (course completed, test passed) in one
    query, and `last_reminded_at` (the newest reminder of any rule); select the assignment, its
    course or test, and the person's profile."""
    queryset = AssignmentTarget.objects.all() if queryset is None else queryset
    completed = Enrolment.objects.filter(
        user=OuterRef("user_id"),
        course=OuterRef("assignment__course_id"),
        status=Enrolment.Status.COMPLETED,
    )
    passed = Result.objects.filter(
        user=OuterRef("user_id"), assessment=OuterRef("assignment__assessment_id"), passed=True
    )
    last_reminder = ReminderSent.objects.filter(target=OuterRef("pk")).order_by("-sent_at")
    return queryset.select_related(
        "assignment__course", "assignment__assessment", "user__profile"
    ).annotate(
        course_done=Exists(completed),
        test_done=Exists(passed),
        last_reminded_at=Subquery(last_reminder.values("sent_at")[:1]),
    )


def target_status(target: AssignmentTarget, *, now: dt.datetime | None = None) -> TargetStatus:
    """Status of a target from `targets_with_status`: overdue when the due date has passed in the
    person's own time zone and the course or test is not done."""
    done = bool(target.course_done if target.assignment.course_id else target.test_done)
    profile = getattr(target.user, "profile", None)
    today = person_today(time_zone=getattr(profile, "time_zone", None), now=now)
    days_left = (target.assignment.due_date - today).days
    return TargetStatus(
        target=target,
        done=done,
        overdue=not done and days_left < 0,
        days_left=days_left,
        last_reminded_at=getattr(target, "last_reminded_at", None),
    )


_DONE = Q(assignment__course__isnull=False, course_done=True) | Q(
    assignment__course__isnull=True, test_done=True
)


def targets_with_overdue(
    queryset: QuerySet[AssignmentTarget], *, now: dt.datetime | None = None
) -> QuerySet:
    """`targets_with_status` plus `is_done` and `is_overdue` computed in SQL, overdue in each
    person's own time zone as `target_status` decides it. One query for the zones in use."""
    targets = targets_with_status(queryset)
    zones = targets.order_by().values_list("user__profile__time_zone", flat=True).distinct()
    # Each zone's today is computed here with the same clock as target_status; the few distinct
    # zones become one CASE, so the comparison itself runs in the database.
    today = Case(
        *[
            When(user__profile__time_zone=zone, then=Value(person_today(time_zone=zone, now=now)))
            for zone in zones
            if zone is not None
        ],
        default=Value(person_today(time_zone=None, now=now)),
        output_field=DateField(),
    )
    return targets.annotate(
        is_done=Case(
            When(_DONE, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        is_overdue=Case(
            When(_DONE, then=Value(False)),
            When(assignment__due_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def assignment_progress(targets: QuerySet) -> list[dict]:
    """Per assignment among `targets` (from `targets_with_overdue`): people, done and overdue
    counts, soonest due first. One grouped query."""
    one_if = {"default": Value(0), "output_field": IntegerField()}
    return list(
        targets.order_by()
        .values("assignment_id")
        .annotate(
            people=Count("pk"),
            done=Sum(Case(When(is_done=True, then=Value(1)), **one_if)),
            overdue=Sum(Case(When(is_overdue=True, then=Value(1)), **one_if)),
            first_target=Min("pk"),
        )
        .order_by("assignment__due_date", "first_target")
    )


def assignments_of_learner(*, user, now: dt.datetime | None = None) -> list[TargetStatus]:
    """A learner's assigned courses and tests with due dates and status, soonest due first."""
    targets = targets_with_status(AssignmentTarget.objects.filter(user=user)).order_by(
        "assignment__due_date", "pk"
    )
    return [target_status(t, now=now) for t in targets]


def assignable_people(*, assigned_by) -> QuerySet[Profile]:
    """The active people `assigned_by` may assign training to: everyone in the units they manage
    (and below), the whole platform for admins. The assign form and the service both ask this."""
    return profiles_in_scope(user=assigned_by).filter(user__is_active=True)


def assignable_people_search(*, assigned_by, query: str = "", limit: int = 20) -> list[Profile]:
    """Up to `limit` of `assignable_people` whose name, username or employee number contains
    `query` (all of them when it is empty), by unit then name: the assign form's people picker."""
    people = assignable_people(assigned_by=assigned_by)
    for word in query.split()[:5]:
        people = people.filter(
            Q(user__full_name__icontains=word)
            | Q(user__username__icontains=word)
            | Q(employee_number__icontains=word)
        )
    return list(people.order_by("org_unit__path", "user__full_name", "pk")[:limit])


def notices_unread(*, user) -> QuerySet[Notice]:
    """A learner's notices not yet dismissed, newest first."""
    return Notice.objects.filter(user=user, read_at__isnull=True).order_by("-created_at")[:20]


def calendar_feed_token_of(*, user) -> CalendarFeedToken | None:
    """The learner's feed secret, or None when they have not asked for a calendar link yet."""
    return CalendarFeedToken.objects.filter(user=user).first()


def calendar_feed_owner(*, token: str):
    """The user whose feed this secret opens, or None (an old, rotated or made-up token)."""
    if not token or len(token) > 64:
        return None
    row = CalendarFeedToken.objects.filter(token=token).select_related("user").first()
    if row is None or not row.user.is_active:
        return None
    return row.user


def _ical_escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ical_fold(line: str) -> str:
    """RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space,
    splitting between characters, never inside a UTF-8 sequence."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def calendar_feed(*, user, site_name: str = "GovLearn", now: dt.datetime | None = None) -> str:
    """An iCalendar (RFC 5545) document of the learner's open assignments, one all-day event on
    each due date."""
    stamp = (now or timezone.now()).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_ical_escape(site_name)}//Training due dates//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ical_escape(site_name)}",
    ]
    for row in assignments_of_learner(user=user, now=now):
        if row.done:
            continue
        assignment = row.target.assignment
        due = assignment.due_date
        lines += [
            "BEGIN:VEVENT",
            f"UID:assignment-{row.target.pk}@govlearn",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
        ]
        # A date stored before due dates were bounded (9999-12-31) has no next day; RFC 5545
        # §3.6.1 makes an all-day event without DTEND one day long anyway, so the feed still
        # renders for everyone it was assigned to.
        if due < dt.date.max:
            lines.append(f"DTEND;VALUE=DATE:{due + dt.timedelta(days=1):%Y%m%d}")
        lines += [
            f"SUMMARY:{_ical_escape(assignment.target_title)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_ical_fold(line) for line in lines) + "\r\n"
