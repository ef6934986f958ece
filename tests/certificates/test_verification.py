"""The public verification page: the full record and nothing more; revoked and expired shown;
unknown codes 404; rate-limited."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from tests.factories.certificates import certificate
from tests.factories.people import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def _verify(client, code):
    return client.get(reverse("certificates:verify", kwargs={"code": code}))


def test_verification_page_shows_the_record_to_anyone_and_nothing_private(client):
    holder = UserFactory(full_name="赵喆", email="zhao@example.gov.cn")
    profile = ProfileFactory(user=holder)
    cert = certificate(holder=holder, title="一网通办实务")
    response = _verify(client, cert.code)
    assert response.status_code == 200
    body = response.content.decode()
    for expected in ("赵喆", "一网通办实务", cert.serial, "2.0", cert.issuer):
        assert expected in body
    assert "zhao@example.gov.cn" not in body
    assert profile.employee_number not in body
    assert holder.username not in body


def test_revoked_certificate_shows_revoked_with_reason_and_date(client):
    cert = certificate()
    services.certificate_revoke(certificate=cert, reason="考试作弊，证书撤销。", by=None)
    body = _verify(client, cert.code).content.decode()
    assert "考试作弊，证书撤销。" in body
    assert "certificate-status--revoked" in body
    assert timezone.localdate().strftime("%Y") in body


def test_expired_certificate_shows_expired(client):
    cert = certificate()
    Certificate.objects.filter(pk=cert.pk).update(
        issued_at=timezone.now() - timezone.timedelta(days=400),
        expires_at=timezone.now() - timezone.timedelta(days=1),
    )
    body = _verify(client, cert.code).content.decode()
    assert "certificate-status--expired" in body


def test_unknown_code_is_404_with_a_clear_not_found_page(client):
    certificate()
    response = _verify(client, "no-such-code-AAAAAAAAAAAAAAAAAAAA")
    assert response.status_code == 404
    assert 'class="certificate-status' in response.content.decode()
    assert "<h1>" in response.content.decode()


def test_verification_is_rate_limited(client):
    cert = certificate()
    statuses = [_verify(client, cert.code).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_verification_works_in_english_too(client):
    cert = certificate()
    response = client.get(f"/en/certificates/verify/{cert.code}/")
    assert response.status_code == 200
    assert cert.serial in response.content.decode()


def test_an_anonymised_holders_certificates_stop_verifying_and_lose_the_name(client, run_tasks):
    from trust.services import person_anonymise

    holder = UserFactory(full_name="钱珺")
    ProfileFactory(user=holder)
    with run_tasks():
        valid = certificate(holder=holder, title="数据安全")
    already = certificate(holder=holder, title="电子证照")
    services.certificate_revoke(certificate=already, reason="重新颁发。", by=None)
    valid.refresh_from_db()
    assert valid.pdf  # rendered by the worker
    pdf_path = valid.pdf.path

    pseudonym = person_anonymise(user=holder)

    valid.refresh_from_db()
    already.refresh_from_db()
    assert valid.status == "revoked" and valid.revoked_reason == services.HOLDER_ANONYMISED_REASON
    assert already.revoked_reason == "重新颁发。"  # the earlier reason stays
    for cert in (valid, already):
        assert cert.snapshot["holder_name"] == pseudonym and not cert.pdf
        body = _verify(client, cert.code).content.decode()
        assert "钱珺" not in body and "certificate-status--revoked" in body
    assert "已按规定删除" in _verify(client, valid.code).content.decode()
    import os

    assert not os.path.exists(pdf_path)
