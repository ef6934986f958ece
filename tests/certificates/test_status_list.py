"""A revoked certificate's credential is revoked for a verifier: its credentialStatus (W3C
Bitstring Status List entry) names a public, signed status list whose bit is 1. Decoded here as a
verifier would: fetch the list, check the signature with the published key, un-multibase,
gunzip, read the bit (bit 0 = most significant bit of the first byte)."""

import base64
import gzip
import threading
from urllib.parse import urlsplit

import jwt
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from certificates import services
from certificates.credentials import credential_verify, encode_bitstring
from certificates.models import STATUS_LIST_SIZE, Certificate
from tests.factories.certificates import certificate

pytestmark = pytest.mark.django_db


def _credential(client, cert) -> dict:
    client.force_login(cert.holder)
    token = client.get(reverse("certificates:credential", args=[cert.pk])).content.decode()
    client.logout()
    return credential_verify(token)["vc"]


def _jwk(client, token: str) -> dict:
    kid = jwt.get_unverified_header(token)["kid"]
    return next(
        k for k in client.get(reverse("certificates:jwks")).json()["keys"] if k["kid"] == kid
    )


def _fetch_list(client, url: str) -> tuple[dict, dict]:
    """GET the status list credential (anonymously) and verify it; (credential, response)."""
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vc+ld+json")
    envelope = response.json()
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    prefix = "data:application/vc+jwt,"
    assert envelope["id"].startswith(prefix)
    token = envelope["id"][len(prefix) :]
    claims = credential_verify(token, jwk=_jwk(client, token))
    return claims["vc"], response


def _bit(encoded_list: str, index: int) -> tuple[int, int]:
    """(bit at index, length in bits) of a multibase base64url GZIP bitstring."""
    assert encoded_list.startswith("u")
    body = encoded_list[1:]
    assert "=" not in body
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return (bits[index // 8] >> (7 - index % 8)) & 1, len(bits) * 8


def _check(client, cert) -> int:
    """What a verifier concludes: 1 revoked, 0 not."""
    status = _credential(client, cert)["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["id"] == f"{status['statusListCredential']}#{status['statusListIndex']}"
    listed, _response = _fetch_list(client, status["statusListCredential"])
    assert "BitstringStatusListCredential" in listed["type"]
    assert listed["id"] == status["statusListCredential"]
    subject = listed["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    bit, length = _bit(subject["encodedList"], int(status["statusListIndex"]))
    assert length >= 131_072
    return bit


def test_a_valid_certificate_reads_as_not_revoked(client):
    cert = certificate()
    assert _check(client, cert) == 0


def test_a_revoked_certificate_reads_as_revoked_and_others_do_not(client):
    revoked, kept = certificate(), certificate()
    services.certificate_revoke(certificate=revoked, reason="证书信息有误")
    revoked.refresh_from_db()
    assert _check(client, revoked) == 1
    assert _check(client, kept) == 0


def test_status_list_url_is_public_absolute_and_briefly_cacheable(client, settings):
    settings.PUBLIC_BASE_URL = "https://learn.example.gov.cn"
    cert = certificate()
    status = _credential(client, cert)["credentialStatus"]
    assert status["statusListCredential"] == "https://learn.example.gov.cn/certificates/status/0/"
    _listed, response = _fetch_list(client, status["statusListCredential"])
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_status_list_is_also_served_as_a_bare_vc_jwt(client):
    cert = certificate()
    services.certificate_revoke(certificate=cert, reason="证书信息有误")
    cert.refresh_from_db()
    position = cert.status_index % STATUS_LIST_SIZE
    url = reverse("certificates:status_list", args=[cert.status_index // STATUS_LIST_SIZE])
    response = client.get(url, HTTP_ACCEPT="application/vc+jwt")
    assert response["Content-Type"] == "application/vc+jwt"
    vc = credential_verify(response.content.decode())["vc"]
    assert _bit(vc["credentialSubject"]["encodedList"], position)[0] == 1


def test_a_status_list_nobody_is_in_is_a_404(client):
    certificate()
    assert client.get(reverse("certificates:status_list", args=[7])).status_code == 404


def test_a_status_list_altered_in_transit_fails_verification(client):
    cert = certificate()
    status = _credential(client, cert)["credentialStatus"]
    response = client.get(urlsplit(status["statusListCredential"]).path)
    token = response.json()["id"].split(",", 1)[1]
    header, payload, signature = token.split(".")
    forged = ".".join(
        [header, payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB"), signature]
    )
    with pytest.raises(jwt.InvalidTokenError):
        credential_verify(forged)


def test_every_certificate_gets_its_own_status_index():
    certs = [certificate() for _ in range(5)]
    indexes = [Certificate.objects.get(pk=c.pk).status_index for c in certs]
    assert None not in indexes and len(set(indexes)) == 5


def test_the_database_refuses_two_certificates_at_one_status_index():
    first, second = certificate(), certificate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=second.pk).update(
            status_index=Certificate.objects.get(pk=first.pk).status_index
        )


def test_encoded_list_is_the_minimum_length_and_sets_exactly_the_given_bits():
    encoded = encode_bitstring([0, 9, STATUS_LIST_SIZE - 1])
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 == STATUS_LIST_SIZE
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
    assert sum(bin(byte).count("1") for byte in bits) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_all_get_distinct_status_indexes():
    from tests.certificates.test_concurrency import _race
    from tests.factories.people import UserFactory

    users = [UserFactory() for _ in range(6)]
    lock = threading.Lock()

    def issue():
        with lock:
            user = users.pop()
        services.certificate_issue(
            holder=user, kind="course_completion", achievement_key="course:9", title="并发"
        )

    assert _race(issue, 6) == []
    indexes = list(Certificate.objects.values_list("status_index", flat=True))
    assert len(indexes) == 6 and len(set(indexes)) == 6 and None not in indexes
