"""Credits hours when a course is completed (courses' signal), a test is passed or a contest award
is decided (quizzes' signals). Connected in TrainingConfig.ready(). All three fire after commit;
the services they call are idempotent per source, so a trigger that fires twice credits once."""

from courses.signals import course_completed
from quizzes.signals import assessment_passed, contest_awarded


def _course_completed(sender, enrolment, **kwargs):
    from .services import credit_hours_for_course_completion

    credit_hours_for_course_completion(enrolment=enrolment)


def _assessment_passed(sender, result, **kwargs):
    from .services import credit_hours_for_assessment_pass

    credit_hours_for_assessment_pass(result=result)


def _contest_awarded(sender, user, award_key, contest_title, award_title, credit_hours, **kwargs):
    # An award without bonus hours (e.g. a certificate-only participation award) credits nothing.
    if not credit_hours or credit_hours <= 0:
        return
    from .services import credit_hours_award

    credit_hours_award(
        user=user,
        award_key=award_key,
        hours=credit_hours,
        title=f"{contest_title} — {award_title}",
        earned_on=kwargs.get("decided_on"),
    )


def connect() -> None:
    course_completed.connect(_course_completed, dispatch_uid="training_ledger_course_completed")
    assessment_passed.connect(_assessment_passed, dispatch_uid="training_ledger_assessment_passed")
    contest_awarded.connect(_contest_awarded, dispatch_uid="training_ledger_contest_awarded")
