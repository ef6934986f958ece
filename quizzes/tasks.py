"""Background tasks of the quizzes app."""

from django_tasks import task


@task()
def expire_attempt(*, attempt_id: int) -> None:
    """Queued at start to run at the attempt's deadline: finish it with the answers saved."""
    from .services import attempt_expire

    attempt_expire(attempt_id=attempt_id)


@task()
def expire_overdue_attempts() -> int:
    """The sweep (cron: `manage.py expire_overdue_attempts`): finish every attempt past its
    deadline, in case a deadline task was lost."""
    from .services import attempts_expire_overdue

    return attempts_expire_overdue()


@task()
def run_question_import(*, import_id: int) -> None:
    """Validate and apply an uploaded question file."""
    from .services import question_import_execute

    question_import_execute(import_id=import_id)
