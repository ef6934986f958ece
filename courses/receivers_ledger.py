"""Credits hours when a course is completed (our own signal) or a test is passed (quizzes'
signal). Both signals fire after commit; the services they call are idempotent per source, so a
trigger that fires twice credits once."""

from quizzes.signals import assessment_passed

from .signals import course_completed


def _course_completed(sender, enrolment, **kwargs):
    from .services_ledger import credit_hours_for_course_completion

    credit_hours_for_course_completion(enrolment=enrolment)


def _assessment_passed(sender, result, **kwargs):
    from .services_ledger import credit_hours_for_assessment_pass

    credit_hours_for_assessment_pass(result=result)


def connect() -> None:
    course_completed.connect(_course_completed, dispatch_uid="courses_ledger_course_completed")
    assessment_passed.connect(_assessment_passed, dispatch_uid="courses_ledger_assessment_passed")
