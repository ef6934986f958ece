"""Automatic issue: the courses and quizzes apps announce achievements with signals (sent after
their transaction committed); these receivers call our own services. Connected in
CertificatesConfig.ready()."""

import logging

from django.db import transaction

from courses.signals import course_completed
from quizzes.signals import assessment_passed, contest_awarded

from . import services

logger = logging.getLogger(__name__)


def _course_completed(sender, enrolment, **kwargs):
    # The learner's completion is already committed; a certificate failure must not surface to them.
    try:
        with transaction.atomic():
            services.certificate_issue_for_enrolment(enrolment=enrolment)
    except Exception:
        logger.exception("Could not issue the certificate of enrolment %s", enrolment.pk)


def _assessment_passed(sender, result, **kwargs):
    try:
        with transaction.atomic():
            services.certificate_issue_for_result(result=result)
    except Exception:
        logger.exception("Could not issue the certificate of result %s", result.pk)


def _contest_awarded(sender, user, award_key, contest_title, award_title, credit_hours, **kwargs):
    try:
        with transaction.atomic():
            services.certificate_issue_for_award(
                holder=user,
                award_key=award_key,
                contest_title=contest_title,
                award_title=award_title,
                credit_hours=credit_hours or None,
            )
    except Exception:
        logger.exception("Could not issue the contest award certificate %s", award_key)


def connect() -> None:
    course_completed.connect(_course_completed, dispatch_uid="certificates_course_completed")
    assessment_passed.connect(_assessment_passed, dispatch_uid="certificates_assessment_passed")
    contest_awarded.connect(_contest_awarded, dispatch_uid="certificates_contest_awarded")
