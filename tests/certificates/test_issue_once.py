"""Passing a test or completing a course again never mints a second certificate: the test-pass
certificate belongs to the test (not the attempt), the partial unique constraint on live
certificates decides, and the issue service returns the certificate already issued."""

import pytest
from django.db import IntegrityError, transaction

from certificates import services
from certificates.models import Certificate
from tests.certificates.test_concurrency import _race
from tests.factories.certificates import assessment_rule, completed_enrolment, passed_result


@pytest.mark.django_db
def test_passing_a_test_twice_returns_the_first_certificate():
    first = passed_result()
    assessment_rule(assessment=first.assessment)
    again = passed_result(user=first.user, assessment=first.assessment, percent="95.00")
    issued = services.certificate_issue_for_result(result=first)
    assert services.certificate_issue_for_result(result=again) == issued
    assert Certificate.objects.filter(holder=first.user).count() == 1


@pytest.mark.django_db
def test_completing_a_course_twice_returns_the_first_certificate():
    enrolment = completed_enrolment()
    issued = services.certificate_issue_for_enrolment(enrolment=enrolment)
    assert services.certificate_issue_for_enrolment(enrolment=enrolment) == issued
    assert Certificate.objects.filter(holder=enrolment.user).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_live_certificate_of_one_test():
    result = passed_result()
    assessment_rule(assessment=result.assessment)
    issued = services.certificate_issue_for_result(result=result)
    duplicate = Certificate(
        serial="GL-DUP-1",
        code="dup",
        holder=issued.holder,
        kind=issued.kind,
        achievement_key=issued.achievement_key,
        title=issued.title,
        issuer=issued.issuer,
        issued_at=issued.issued_at,
        design=issued.design,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_after_revocation_passing_again_issues_a_new_certificate():
    first = passed_result()
    assessment_rule(assessment=first.assessment)
    issued = services.certificate_issue_for_result(result=first)
    services.certificate_revoke(certificate=issued, reason="录入错误")
    again = passed_result(user=first.user, assessment=first.assessment)
    fresh = services.certificate_issue_for_result(result=again)
    assert fresh.pk != issued.pk and fresh.status == "valid"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_passes_of_one_test_issued_concurrently_make_one_certificate():
    first = passed_result()
    assessment_rule(assessment=first.assessment)
    results = [first] + [
        passed_result(user=first.user, assessment=first.assessment) for _ in range(3)
    ]
    issued: list[int] = []

    def issue():
        result = results.pop()
        issued.append(services.certificate_issue_for_result(result=result).pk)

    assert _race(issue, 4) == []
    assert len(set(issued)) == 1
    assert Certificate.objects.filter(holder=first.user).count() == 1
