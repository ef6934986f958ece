"""The runner every all-or-nothing file import shares (core.models.ImportJob): queue a stored
upload, run it for the task worker with progress and a row report, and lay the report out for the
admin screen (templates/core/includes/import_job.html).

An app supplies what only it knows: its ImportJob subclass, a task that calls its `*_execute`
service, and a `work(record, data, progress)` function that reads the file, checks every row and
writes all of it or nothing, returning the report {"ok": bool, "problems": [...], <count>: n, ...}.

    record = import_job_start(record=PeopleImport(...), task=run_people_import)
    import_job_run(model=PeopleImport, import_id=pk, work=work, total_key="rows")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction
from django.utils import timezone


def import_job_start(*, record, task):
    """Validate and store a new import job, and queue `task(import_id=...)` once it is committed
    (a worker must never look for a job that is not there yet)."""
    record.full_clean()
    record.save()
    transaction.on_commit(lambda: task.enqueue(import_id=record.pk))
    return record


def import_job_run(*, model, import_id: int, work, total_key: str, select_related=()) -> None:
    """Run a stored ImportJob for the task worker, the same way for every kind of import: a
    retried task does nothing to a finished job; the job shows "running", then its progress;
    `work(record, data, progress)` imports all or nothing and returns the row report (`ok`,
    problems, and the count under `total_key`); a crash is recorded as "failed, nothing written"
    with its error and re-raised so the worker logs it too.

    `progress(done, total=None)` may be called by `work` as it goes (inside its transaction, so
    others see it when that commits on SQLite; cheap regardless)."""
    record = model.objects.select_related(*select_related).get(pk=import_id)
    if record.is_finished:
        return  # A retried task must not import twice.
    jobs = model.objects.filter(pk=import_id)
    jobs.update(status=model.Status.RUNNING)
    with record.file.open("rb") as handle:
        data = handle.read()

    def progress(done: int, total: int | None = None) -> None:
        counts = {record.done_field: done}
        if total is not None:
            counts[record.total_field] = total
        jobs.update(**counts)

    try:
        report = work(record, data, progress)
    except Exception as error:  # The row report must say the import failed, and nothing was kept.
        jobs.update(
            status=model.Status.FAILED,
            report={"ok": False, "problems": [], "error": str(error)[:500]},
            finished_at=timezone.now(),
        )
        raise
    count = report.get(total_key, 0)
    jobs.update(
        status=model.Status.SUCCEEDED if report["ok"] else model.Status.REJECTED,
        report=report,
        finished_at=timezone.now(),
        **{record.total_field: count, record.done_field: count if report["ok"] else 0},
    )


def import_job_problem_rows(
    *, record, describe: Callable[[dict], str], positions: Sequence[str]
) -> list[dict]:
    """The job's row report as table rows for the admin screen: where each problem is (the report
    keys in `positions`, such as row and column, or line; "—" where a problem has none) and what
    it is in the reader's language (`describe(problem)`)."""
    return [
        {
            "positions": [problem.get(key) or "—" for key in positions],
            "message": describe(problem),
        }
        for problem in record.report.get("problems", [])
    ]
