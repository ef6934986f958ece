"""Certificates for tests, made through the real services (so snapshots, serials and codes are
what production makes)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from certificates import services
from certificates.models import AchievementKind, CertificateRule
from courses.models import Enrolment
from quizzes.models import Attempt, Result
from tests.factories import courses as course_factories
from tests.factories.people import UserFactory
from tests.factories.quizzes import AssessmentFactory


def completed_enrolment(*, user=None, course=None, **course_fields) -> Enrolment:
    """A completed enrolment, written directly (the completion rules are the courses tests' job)."""
    user = user or UserFactory()
    course = course or course_factories.course(lessons=0, **course_fields)
    return Enrolment.objects.create(
        user=user,
        course=course,
        status=Enrolment.Status.COMPLETED,
        enrolled_at=timezone.now(),
        completed_at=timezone.now(),
    )


def passed_result(*, user=None, assessment=None, percent: str = "85.00") -> Result:
    """A passed result of a finished attempt."""
    user = user or UserFactory()
    assessment = assessment or AssessmentFactory()
    number = Attempt.objects.filter(user=user, assessment=assessment).count() + 1
    now = timezone.now()
    attempt = Attempt.objects.create(
        user=user,
        assessment=assessment,
        number=number,
        status=Attempt.Status.SUBMITTED,
        started_at=now,
        finished_at=now,
        seed=number,
    )
    return Result.objects.create(
        attempt=attempt,
        user=user,
        assessment=assessment,
        score=Decimal("17"),
        max_score=Decimal("20"),
        percent=Decimal(percent),
        passed=True,
        created_at=now,
    )


def assessment_rule(*, assessment, design: str = "pass", **fields) -> CertificateRule:
    return CertificateRule.objects.create(assessment=assessment, design=design, **fields)


def certificate(*, holder=None, title: str = "政务数据共享与开放", **fields):
    """A course-completion certificate issued through the service."""
    holder = holder or UserFactory()
    defaults = {
        "kind": AchievementKind.COURSE_COMPLETION,
        "achievement_key": f"course:test-{title}",
        "credit_hours": Decimal("2.0"),
    }
    defaults.update(fields)
    return services.certificate_issue(holder=holder, title=title, **defaults)
