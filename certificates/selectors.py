"""Reads of the certificates app: verification, a learner's certificates, bulk-issue targets and
the annual transcript."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from courses.models import Enrolment
from quizzes.models import Result

from .models import BulkIssue, Certificate, CertificateStatus

CREDIT_YEAR_TIME_ZONE = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai, no DST


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate a verification code belongs to, or None (unknown codes are not errors)."""
    if not code or len(code) > 64:
        return None
    return Certificate.objects.filter(code=code).select_related("replaced_by").first()


def certificates_of_user(*, user) -> QuerySet[Certificate]:
    """A learner's certificates, newest first, the revoked ones included (marked as such)."""
    return Certificate.objects.filter(holder=user).select_related("replaced_by")


def certificate_of_user(*, user, certificate_id: int) -> Certificate | None:
    """One of `user`'s own certificates, or None (someone else's is treated as not existing)."""
    return Certificate.objects.filter(holder=user, pk=certificate_id).first()


def bulk_issue_targets(*, bulk: BulkIssue):
    """What a bulk issue issues for: completed enrolments of the course, or passed results of
    the test (the first passed result per person: one certificate per person and test)."""
    if bulk.course_id:
        return (
            Enrolment.objects.filter(course_id=bulk.course_id, status=Enrolment.Status.COMPLETED)
            .select_related("user", "course")
            .order_by("pk")
        )
    first_passes: dict[int, Result] = {}
    for result in (
        Result.objects.filter(assessment_id=bulk.assessment_id, passed=True)
        .select_related("user", "assessment")
        .order_by("created_at", "pk")
    ):
        first_passes.setdefault(result.user_id, result)
    return list(first_passes.values())


def annual_requirement_hours() -> Decimal:
    """Credit hours a civil servant must earn a year (State Council training outline: 90)."""
    return Decimal(str(getattr(settings, "ANNUAL_CREDIT_HOURS_REQUIRED", 90)))


def transcript_for_year(*, user, year: int) -> dict:
    """Everything the annual transcript prints, as JSON-ready data: one row per course, test and
    contest with hours, the required/elective split and the total against the requirement.

    Source: completed enrolments (courses) and passed results (quizzes). TODO(issue 7): switch to
    courses.selectors' credit-hour ledger (`credit_hour_entries_for_year`) once it is committed;
    this is the only function that needs to change. Until then every course counts as elective
    (nothing marks a course required yet) and tests carry no hours of their own.
    """
    start = dt.datetime(year, 1, 1, tzinfo=CREDIT_YEAR_TIME_ZONE)
    end = dt.datetime(year + 1, 1, 1, tzinfo=CREDIT_YEAR_TIME_ZONE)
    rows = []
    for enrolment in (
        Enrolment.objects.filter(
            user=user,
            status=Enrolment.Status.COMPLETED,
            completed_at__gte=start,
            completed_at__lt=end,
        )
        .select_related("course")
        .order_by("completed_at", "pk")
    ):
        rows.append(
            {
                "kind": "course",
                "title": enrolment.course.title,
                "date": enrolment.completed_at.astimezone(CREDIT_YEAR_TIME_ZONE).date().isoformat(),
                "hours": str(enrolment.course.credit_hours or Decimal("0")),
                "required": False,
            }
        )
    seen_tests: set[int] = set()
    for result in (
        Result.objects.filter(user=user, passed=True, created_at__gte=start, created_at__lt=end)
        .select_related("assessment")
        .order_by("created_at", "pk")
    ):
        if result.assessment_id in seen_tests:
            continue
        seen_tests.add(result.assessment_id)
        rows.append(
            {
                "kind": "test",
                "title": result.assessment.title,
                "date": result.created_at.astimezone(CREDIT_YEAR_TIME_ZONE).date().isoformat(),
                "hours": "0",
                "required": False,
            }
        )
    required = sum((Decimal(r["hours"]) for r in rows if r["required"]), Decimal("0"))
    elective = sum((Decimal(r["hours"]) for r in rows if not r["required"]), Decimal("0"))
    total = required + elective
    requirement = annual_requirement_hours()
    return {
        "year": year,
        "rows": rows,
        "required_hours": str(required),
        "elective_hours": str(elective),
        "total": str(total),
        "requirement": str(requirement),
        "met": total >= requirement,
    }


def certificate_is_valid(certificate: Certificate) -> bool:
    """Valid now: neither revoked nor past its expiry."""
    return certificate.effective_status == CertificateStatus.VALID
