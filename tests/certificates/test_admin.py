"""The admin side: revoke and reissue with a reason, bulk issue with progress and a ZIP, rules,
design previews."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.models import BulkIssue, Certificate
from tests.factories import courses as course_factories
from tests.factories.certificates import certificate, completed_enrolment
from tests.factories.people import UserFactory
from trust.models import AuditEvent
from trust.services import mfa_totp_enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_totp_enrol(user=admin, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff need 2FA
    return admin


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admin_revokes_with_a_reason_and_it_is_audited(admin_client, admin_user):
    cert = certificate()
    url = reverse("certificates_revoke", args=[cert.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"reason": "培训记录有误。"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.status == "revoked" and cert.revoked_by == admin_user
    assert AuditEvent.objects.filter(action="certificate_revoked", target_id=str(cert.pk)).exists()


def test_admin_revoke_without_reason_is_refused_and_changes_nothing(admin_client):
    cert = certificate()
    response = admin_client.post(reverse("certificates_revoke", args=[cert.pk]), {"reason": ""})
    assert response.status_code == 200
    cert.refresh_from_db()
    assert cert.status == "valid"


def test_admin_reissue_makes_a_new_certificate(admin_client):
    cert = certificate()
    response = admin_client.post(
        reverse("certificates_reissue", args=[cert.pk]), {"reason": "姓名更正。"}
    )
    assert response.status_code == 302
    new = Certificate.objects.get(replaces=cert)
    assert new.status == "valid" and new.serial != cert.serial


def test_learner_cannot_reach_revoke(client):
    cert = certificate()
    client.force_login(UserFactory())
    response = client.post(reverse("certificates_revoke", args=[cert.pk]), {"reason": "x"})
    assert response.status_code in (302, 403)
    cert.refresh_from_db()
    assert cert.status == "valid"


def test_bulk_issue_for_a_course_issues_to_every_completer_with_progress_and_a_zip(
    admin_client, run_tasks
):
    course = course_factories.course(lessons=0, credit_hours=Decimal("1.5"))
    for _ in range(3):
        completed_enrolment(course=course)
    already = completed_enrolment(course=course)
    certificate(holder=already.user, achievement_key=f"course:{course.pk}", title=course.title)
    with run_tasks():
        response = admin_client.post(reverse("certificates_bulk_list"), {"course": course.pk})
    assert response.status_code == 302
    bulk = BulkIssue.objects.get()
    assert (bulk.status, bulk.total, bulk.done, bulk.failed) == ("done", 4, 4, 0)
    assert Certificate.objects.filter(achievement_key=f"course:{course.pk}").count() == 4
    page = admin_client.get(reverse("certificates_bulk_detail", args=[bulk.pk])).content.decode()
    assert 'value="100"' in page
    with run_tasks():
        admin_client.post(reverse("certificates_bulk_detail", args=[bulk.pk]))
    response = admin_client.get(reverse("certificates_bulk_archive", args=[bulk.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) == 4
    assert all(name.startswith("GL-") and name.endswith(".pdf") for name in archive.namelist())


def test_bulk_issue_without_a_target_is_refused(admin_client):
    response = admin_client.post(reverse("certificates_bulk_list"), {})
    assert response.status_code == 200
    assert not BulkIssue.objects.exists()


@pytest.mark.parametrize("design", ["completion", "pass", "award", "transcript"])
def test_design_preview_shows_sample_data(admin_client, design):
    response = admin_client.get(reverse("certificates_design_preview", args=[design]))
    assert response.status_code == 200
    assert "张喆" in response.content.decode()


@pytest.mark.parametrize("model", ["certificate", "certificaterule"])
def test_certificate_snippets_list(admin_client, model):
    certificate()
    assert (
        admin_client.get(reverse(f"wagtailsnippets_certificates_{model}:list")).status_code == 200
    )
