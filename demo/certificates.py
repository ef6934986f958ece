"""Demo certificates: a rule for the first competency test, and a certificate for every demo
enrolment already completed on a course that issues one (the receivers do the same live).
Idempotent: issuing an achievement twice returns the certificate already issued."""

from __future__ import annotations

from django.db import transaction

from certificates import services
from certificates.models import CertificateRule, Design
from courses.models import Enrolment
from quizzes.models import Assessment


@transaction.atomic
def seed_certificates() -> int:
    """Make sure demo certificates exist; returns how many certificates the demo holds."""
    first_test = Assessment.objects.filter(is_published=True).order_by("pk").first()
    if first_test is not None:
        CertificateRule.objects.get_or_create(
            assessment=first_test, defaults={"design": Design.PASS, "valid_for_months": 36}
        )
    issued = 0
    for enrolment in Enrolment.objects.filter(
        status=Enrolment.Status.COMPLETED, course__certificate_issued=True
    ).select_related("user", "course"):
        if services.certificate_issue_for_enrolment(enrolment=enrolment) is not None:
            issued += 1
    return issued
