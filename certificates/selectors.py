"""Reads of the certificates app: verification, a learner's certificates, bulk-issue targets and
the annual transcript."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from courses.models import Enrolment
from quizzes.models import Result
from training.selectors import credit_hour_entries_for_year, credit_hours_summary

from .models import BulkIssue, Certificate, CertificateStatus


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
    the test (the first passed result per person: one certificate per person and test); only the
    chosen people's when the bulk issue names any."""
    chosen = list(bulk.people.values_list("pk", flat=True)) if bulk.pk else []
    return achievements_for_bulk_issue(
        course_id=bulk.course_id, assessment_id=bulk.assessment_id, user_ids=chosen or None
    )


def achievements_for_bulk_issue(
    *, course_id: int | None, assessment_id: int | None, user_ids: list[int] | None = None
):
    """Completed enrolments of a course, or each person's first passed result of a test, for
    everyone or only `user_ids`."""
    if course_id:
        enrolments = Enrolment.objects.filter(
            course_id=course_id, status=Enrolment.Status.COMPLETED
        )
        if user_ids is not None:
            enrolments = enrolments.filter(user_id__in=user_ids)
        return enrolments.select_related("user", "course").order_by("pk")
    results = Result.objects.filter(assessment_id=assessment_id, passed=True)
    if user_ids is not None:
        results = results.filter(user_id__in=user_ids)
    first_passes: dict[int, Result] = {}
    for result in results.select_related("user", "assessment").order_by("created_at", "pk"):
        first_passes.setdefault(result.user_id, result)
    return list(first_passes.values())


# Ledger source kinds -> what the transcript prints in its "type" column.
TRANSCRIPT_KINDS = {
    "course_completion": "course",
    "assessment_pass": "test",
    "contest_award": "contest",
    "onsite_session": "onsite",
    "correction": "correction",
}


def _hours(value) -> str:
    """Hours printed the same way whatever the database returned (SQLite drops the scale)."""
    return str(Decimal(value).quantize(Decimal("0.1")))


def transcript_for_year(*, user, year: int) -> dict:
    """Everything the annual transcript prints, as JSON-ready data: one row per ledger entry
    (course, test, contest, on-site session, correction) with hours and required/elective, and the
    totals against the person's annual requirement. The only source is the credit-hour ledger
    (courses.selectors), so the transcript and My learning always agree."""
    rows = []
    for entry in credit_hour_entries_for_year(user=user, year=year):
        title = entry.source_title or (entry.corrects.source_title if entry.corrects else "")
        rows.append(
            {
                "kind": TRANSCRIPT_KINDS.get(entry.source_kind, entry.source_kind),
                "title": title,
                "date": entry.earned_on.isoformat(),
                "hours": _hours(entry.hours),
                "required": entry.category == "required",
            }
        )
    summary = credit_hours_summary(user=user, year=year)
    return {
        "year": year,
        "rows": rows,
        "required_hours": _hours(summary.required),
        "elective_hours": _hours(summary.elective),
        "total": _hours(summary.total),
        "requirement": _hours(summary.requirement_total),
        "requirement_required": _hours(summary.requirement_required),
        "met": summary.met,
    }


def certificate_is_valid(certificate: Certificate) -> bool:
    """Valid now: neither revoked nor past its expiry."""
    return certificate.effective_status == CertificateStatus.VALID


def status_list_exists(*, list_number: int) -> bool:
    """Whether any certificate has its place in status list `list_number` (lists past the last
    one in use are not published)."""
    from .models import STATUS_LIST_SIZE

    low = list_number * STATUS_LIST_SIZE
    return Certificate.objects.filter(
        status_index__gte=low, status_index__lt=low + STATUS_LIST_SIZE
    ).exists()


def status_list_revoked_positions(*, list_number: int) -> list[int]:
    """The places (0 .. STATUS_LIST_SIZE - 1) of revoked certificates in status list
    `list_number`: the bits that are 1 in the published revocation list."""
    from .models import STATUS_LIST_SIZE

    low = list_number * STATUS_LIST_SIZE
    indexes = Certificate.objects.filter(
        status=CertificateStatus.REVOKED,
        status_index__gte=low,
        status_index__lt=low + STATUS_LIST_SIZE,
    ).values_list("status_index", flat=True)
    return [index - low for index in indexes]
