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


@task()
def prepare_contest_papers(*, contest_id: int) -> int:
    """Queued at publish for when registration closes (or an hour before the start): build
    every registered contestant's paper, so the start only stamps it."""
    from .models import ContestPage
    from .services.contests import contest_papers_prepare

    contest = ContestPage.objects.filter(pk=contest_id).select_related("assessment").first()
    return contest_papers_prepare(contest=contest) if contest is not None else 0


@task()
def prepare_contest_paper(*, entry_id: int) -> None:
    """Queued when someone registers after the papers were built: build theirs."""
    from .models import ContestEntry
    from .services.contests import contest_paper_prepare

    entry = ContestEntry.objects.filter(pk=entry_id).select_related("contest__assessment").first()
    if entry is not None:
        contest_paper_prepare(entry=entry)


@task()
def prepare_due_contest_papers() -> int:
    """The sweep (DAILY_JOBS): build the missing papers of contests starting within 36 hours,
    in case a queued preparation was lost."""
    from .services.contests import contests_papers_prepare_due

    return contests_papers_prepare_due()


@task()
def compute_item_analysis(*, run_id: int) -> None:
    """Queued by "Recompute" (or the nightly sweep): compute and store one item analysis run."""
    from .services.analysis import item_analysis_execute

    item_analysis_execute(run_id=run_id)


@task()
def recompute_changed_item_analyses() -> int:
    """The sweep (DAILY_JOBS): queue an item analysis of every test whose finished attempts
    changed since its last one (including a test that closed since)."""
    from .services.analysis import item_analysis_request_due

    return item_analysis_request_due()


@task()
def run_calibration(*, run_id: int) -> None:
    """Queued by the admin button: calibrate the bank, then everyone's abilities."""
    from .services.abilities import calibration_execute

    calibration_execute(run_id=run_id)


@task()
def calibrate_items_daily() -> int:
    """The daily job (DAILY_JOBS): calibrate the bank with the day's responses."""
    from .services.abilities import calibration_execute, calibration_start

    run = calibration_start(queue=False)
    calibration_execute(run_id=run.pk)
    return run.pk


@task()
def estimate_learner_abilities(*, user_id: int, competence_ids: list[int]) -> dict:
    """Queued when an attempt finishes: the learner's abilities in the competences it covered."""
    from .services.abilities import abilities_estimate

    return abilities_estimate(competence_ids=competence_ids, user_ids=[user_id])
