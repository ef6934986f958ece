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


@task()
def decide_contest(*, contest_id: int) -> None:
    """Queued when a contest is published, to run at its end: final standings and awards."""
    from .models import ContestPage
    from .services.contests import contest_decide

    contest = ContestPage.objects.filter(pk=contest_id).first()
    if contest is not None:
        contest_decide(contest=contest)


@task()
def decide_due_contests() -> int:
    """The sweep (cron: `manage.py decide_contests`): decide every ended, undecided contest."""
    from .services.contests import contests_decide_due

    return contests_decide_due()
