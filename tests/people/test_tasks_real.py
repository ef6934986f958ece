from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import PeopleImport, Profile
from people.services import people_import_start


def test_import_started_from_the_admin_runs_through_the_real_task_worker(db, run_tasks, demo):
    admin = Profile.objects.get(employee_number="A0001").user
    upload = SimpleUploadedFile(
        "people.csv",
        "工号,姓名,部门\nX001,新同事,市政府办公室/市数据局/数据资源处\n".encode(),
    )
    with run_tasks():
        record = people_import_start(uploaded_file=upload, encoding="utf-8", user=admin)
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.SUCCEEDED
    assert record.report["created"] == 1
    assert Profile.objects.get(employee_number="X001").org_unit.code == "data-resources"
