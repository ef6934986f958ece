"""The import runner every import shares (core.imports): queued after commit, a crash recorded as
failed with nothing written, a retried finished job left alone, progress and the report's table."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from core.imports import import_job_problem_rows, import_job_run, import_job_start
from people.models import PeopleImport, Post
from people.tasks import run_people_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stored_job(**fields) -> PeopleImport:
    upload = SimpleUploadedFile("hr.csv", "工号,姓名\n".encode())
    return PeopleImport.objects.create(
        file=upload, original_name="hr.csv", created_by=UserFactory(), **fields
    )


def test_a_job_is_queued_only_once_it_is_committed(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    record = PeopleImport(
        file=SimpleUploadedFile("hr.csv", b"x"), original_name="hr.csv", created_by=UserFactory()
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_job_start(record=record, task=run_people_import)
    assert record.pk and not DBTaskResult.objects.exists()
    callbacks[0]()
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"import_id": record.pk}


def test_a_crash_is_recorded_as_failed_with_nothing_written_and_raised():
    record = stored_job()
    seen = []

    def work(job, data, progress):
        seen.append(data)
        with transaction.atomic():  # All or nothing, as every importer's work is.
            Post.objects.create(name="written then rolled back")
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        import_job_run(model=PeopleImport, import_id=record.pk, work=work, total_key="rows")
    record.refresh_from_db()
    assert seen == ["工号,姓名\n".encode()]
    assert record.status == PeopleImport.Status.FAILED and record.finished_at
    assert record.report == {"ok": False, "problems": [], "error": "disk on fire"}
    assert not Post.objects.filter(name="written then rolled back").exists()


def test_a_retried_task_leaves_a_finished_job_alone():
    record = stored_job(status=PeopleImport.Status.SUCCEEDED, report={"ok": True, "rows": 1})

    def work(job, data, progress):
        raise AssertionError("a finished job must not run again")

    import_job_run(model=PeopleImport, import_id=record.pk, work=work, total_key="rows")
    record.refresh_from_db()
    assert record.report == {"ok": True, "rows": 1}


@pytest.mark.parametrize(
    ("ok", "status", "done"),
    [(True, PeopleImport.Status.SUCCEEDED, 3), (False, PeopleImport.Status.REJECTED, 0)],
)
def test_the_report_decides_the_outcome_and_the_counters(ok, status, done):
    record = stored_job()

    def work(job, data, progress):
        progress(1, total=3)
        seen = PeopleImport.objects.get(pk=job.pk)
        assert (seen.status, seen.rows_done, seen.progress_percent) == ("running", 1, 33)
        return {"ok": ok, "rows": 3, "problems": []}

    import_job_run(model=PeopleImport, import_id=record.pk, work=work, total_key="rows")
    record.refresh_from_db()
    assert (record.status, record.rows_total, record.rows_done) == (status, 3, done)
    assert record.report["ok"] is ok and record.is_finished


def test_problem_rows_name_each_position_or_a_dash_and_the_readers_message():
    record = PeopleImport(
        report={"problems": [{"code": "a", "row": 2, "column": "姓名"}, {"code": "b", "row": None}]}
    )
    rows = import_job_problem_rows(
        record=record, describe=lambda problem: problem["code"].upper(), positions=("row", "column")
    )
    assert rows == [
        {"positions": [2, "姓名"], "message": "A"},
        {"positions": ["—", "—"], "message": "B"},
    ]
