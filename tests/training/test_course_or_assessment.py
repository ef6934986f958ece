"""One rule, written once, for the three records that name exactly one course or test."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates.models import BulkIssue, CertificateRule
from tests.factories import courses as course_factories
from tests.factories.quizzes import AssessmentFactory
from training.models import CourseOrAssessment, TrainingAssignment

pytestmark = pytest.mark.django_db

SHARED = [
    (TrainingAssignment, "plans_assignment_course_xor_test"),
    (CertificateRule, "certificate_rule_one_target"),
    (BulkIssue, "bulk_issue_one_target"),
]


@pytest.mark.parametrize(("model", "name"), SHARED)
def test_each_model_keeps_its_constraint_name_and_the_shared_rule(model, name):
    assert issubclass(model, CourseOrAssessment)
    constraint = next(c for c in model._meta.constraints if c.name == name)
    assert constraint == CourseOrAssessment.one_target_constraint(name=name)


@pytest.mark.usefixtures("english")  # the refusal is read in English
def test_neither_or_both_is_refused_by_clean_and_by_the_database():
    course, test = course_factories.course(lessons=1), AssessmentFactory()
    for fields in ({}, {"course": course, "assessment": test}):
        rule = CertificateRule(design="completion", **fields)
        with pytest.raises(ValidationError, match="either a course or a test"):
            rule.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingAssignment.objects.create(due_date=dt.date(2030, 1, 1), created_at=timezone.now())


def test_target_is_the_course_or_the_test():
    course, test = course_factories.course(lessons=1), AssessmentFactory()
    assert CertificateRule(course=course).target == course
    assert BulkIssue(assessment=test).target == test
    assert TrainingAssignment(course=course).target_title == course.title
