"""The people part of the Wagtail admin: org units through the service, HR imports as tasks."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import OrgUnit, PeopleImport, Profile


@pytest.fixture
def admin_client(client, demo):
    client.login(username="admin", password=settings.DEMO_PASSWORD)
    return client


def test_admin_creates_an_org_unit_under_a_parent(admin_client):
    parent = OrgUnit.objects.get(code="data-bureau")
    response = admin_client.post(
        reverse("wagtailsnippets_people_orgunit:add"),
        {
            "name": "数据安全处",
            "name_en": "Data Security Section",
            "code": "data-security",
            "kind": "section",
            "parent": parent.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(code="data-security")
    assert unit.get_parent() == parent


def test_admin_cannot_move_a_unit_below_itself(admin_client):
    bureau = OrgUnit.objects.get(code="data-bureau")
    child = OrgUnit.objects.get(code="data-resources")
    response = admin_client.post(
        reverse("wagtailsnippets_people_orgunit:edit", args=[bureau.pk]),
        {
            "name": bureau.name,
            "name_en": bureau.name_en,
            "code": bureau.code,
            "kind": bureau.kind,
            "parent": child.pk,
        },
    )
    assert response.status_code == 200  # The form comes back with an error.
    bureau.refresh_from_db()
    assert bureau.get_parent().code == "gov-office"


def test_import_upload_runs_as_a_task_and_reports_progress(admin_client, run_tasks):
    upload = SimpleUploadedFile(
        "hr.csv", "工号,姓名,部门\nN1,新人,市政府办公室/培训中心\n".encode()
    )
    with run_tasks():
        response = admin_client.post(
            reverse("people_import_create"), {"file": upload, "encoding": "utf-8"}
        )
    record = PeopleImport.objects.get()
    assert response["Location"] == reverse("people_import_detail", args=[record.pk])
    page = admin_client.get(response["Location"])
    assert page.context["record"].status == PeopleImport.Status.SUCCEEDED
    assert Profile.objects.filter(employee_number="N1").exists()


def test_import_with_a_bad_row_shows_the_row_report_and_writes_nothing(admin_client, run_tasks):
    before = Profile.objects.count()
    upload = SimpleUploadedFile(
        "hr.csv", "工号,姓名,部门,邮箱\nN1,新人,市政府办公室,bad-email\n".encode()
    )
    with run_tasks():
        response = admin_client.post(
            reverse("people_import_create"), {"file": upload, "encoding": "utf-8"}
        )
    page = admin_client.get(response["Location"])
    assert page.context["record"].status == PeopleImport.Status.REJECTED
    assert "“bad-email” 不是有效的电子邮箱地址。" in page.content.decode()
    assert Profile.objects.count() == before


def test_upload_of_a_wrong_file_type_is_refused_by_the_form(admin_client):
    upload = SimpleUploadedFile("hr.pdf", b"%PDF-1.4")
    response = admin_client.post(
        reverse("people_import_create"), {"file": upload, "encoding": "utf-8"}
    )
    assert response.status_code == 200
    assert "只能导入 .csv 和 .xlsx 文件。" in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_learner_and_expert_cannot_import(client, demo):
    for username in ("learner1", "expert1"):
        client.login(username=username, password=settings.DEMO_PASSWORD)
        assert client.get(reverse("people_import_create")).status_code in (302, 403)


def test_templates_download(admin_client):
    response = admin_client.get(reverse("people_import_template", args=["csv"]))
    assert response.content.decode("utf-8-sig").startswith("工号,姓名")
    assert admin_client.get(reverse("people_import_template", args=["xlsx"])).status_code == 200
    assert admin_client.get(reverse("people_import_template", args=["pdf"])).status_code == 404
