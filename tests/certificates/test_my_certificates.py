"""My certificates: own PDFs and credentials only; the PDF page says when it is still rendering;
the annual transcript."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from tests.certificates.conftest import pdf_text
from tests.factories.certificates import certificate, completed_enrolment
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def test_learner_lists_and_downloads_their_own_certificate(client, run_tasks):
    holder = UserFactory()
    with run_tasks():
        cert = certificate(holder=holder)
    client.force_login(holder)
    page = client.get(reverse("certificates:mine"))
    assert cert.serial in page.content.decode()
    response = client.get(reverse("certificates:pdf", args=[cert.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert cert.serial in pdf_text(b"".join(response.streaming_content))


def test_someone_elses_certificate_is_404(client):
    cert = certificate()
    client.force_login(UserFactory())
    assert client.get(reverse("certificates:pdf", args=[cert.pk])).status_code == 404
    assert client.get(reverse("certificates:credential", args=[cert.pk])).status_code == 404


def test_pdf_not_yet_rendered_shows_being_prepared(client):
    cert = certificate()  # no task run: no PDF yet
    client.force_login(cert.holder)
    response = client.get(reverse("certificates:pdf", args=[cert.pk]))
    assert response.status_code == 202
    assert 'http-equiv="refresh"' in response.content.decode()


def test_my_certificates_needs_login(client):
    response = client.get(reverse("certificates:mine"))
    assert response.status_code == 302


def _ledger_for(user, *courses_and_hours):
    from training.services import credit_hours_for_course_completion

    for title, hours in courses_and_hours:
        enrolment = completed_enrolment(user=user, title=title, credit_hours=Decimal(hours))
        credit_hours_for_course_completion(enrolment=enrolment)


def test_transcript_lists_the_years_ledger_entries_with_total_against_requirement(
    client, run_tasks
):
    from tests.factories.ledger import entry

    user = UserFactory(full_name="钱堃")
    _ledger_for(user, ("数据安全法解读", "4.0"), ("电子政务概论", "2.5"))
    year = timezone.localdate().year
    entry(
        user, "1.0", category="required", earned_on=timezone.localdate(), title="信息化竞赛三等奖"
    )
    client.force_login(user)
    with run_tasks():
        response = client.post(reverse("certificates:transcript"), {"year": year})
    assert response.status_code == 302
    transcript = Certificate.objects.get(holder=user, kind="transcript")
    details = transcript.snapshot["details"]
    assert details["total"] == "7.5"
    assert (details["required_hours"], details["elective_hours"]) == ("1.0", "6.5")
    assert details["requirement"] == "90.0"
    assert [row["kind"] for row in details["rows"]] == ["course", "course", "contest"]
    transcript.refresh_from_db()
    text = pdf_text(transcript.pdf.read())
    assert "钱堃" in text and "数据安全法解读" in text and "信息化竞赛三等奖" in text
    assert "7.5" in text


def test_transcript_is_superseded_when_hours_change_and_reused_when_not(client):
    user = UserFactory()
    _ledger_for(user, ("课程一", "1.0"))
    client.force_login(user)
    year = timezone.localdate().year
    client.post(reverse("certificates:transcript"), {"year": year})
    client.post(reverse("certificates:transcript"), {"year": year})
    assert Certificate.objects.filter(holder=user, kind="transcript").count() == 1
    _ledger_for(user, ("课程二", "2.0"))
    client.post(reverse("certificates:transcript"), {"year": year})
    statuses = sorted(
        Certificate.objects.filter(holder=user, kind="transcript").values_list("status", flat=True)
    )
    assert statuses == ["revoked", "valid"]


def test_transcript_with_a_bad_year_is_refused_and_issues_nothing(client):
    user = UserFactory()
    client.force_login(user)
    for year in ("", "abc", "1900"):
        response = client.post(reverse("certificates:transcript"), {"year": year}, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"])
    assert not Certificate.objects.exists()
