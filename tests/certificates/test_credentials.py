"""The verifiable credential verifies with the published public key and fails when altered."""

import base64
import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from certificates.credentials import credential_verify
from tests.factories.certificates import certificate

pytestmark = pytest.mark.django_db


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _download(client, cert) -> str:
    client.force_login(cert.holder)
    response = client.get(reverse("certificates:credential", args=[cert.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_credential_verifies_with_the_published_public_key(client):
    cert = certificate(title="政务云安全")
    token = _download(client, cert)
    jwks = client.get(reverse("certificates:jwks")).json()
    header = jwt.get_unverified_header(token)
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    assert "d" not in key, "the private part is never published"
    claims = credential_verify(token, jwk=key)
    vc = claims["vc"]
    assert "OpenBadgeCredential" in vc["type"]
    assert vc["credentialSubject"]["achievement"]["name"] == "政务云安全"
    assert vc["id"].endswith(f"/certificates/verify/{cert.code}/")
    assert claims["sub"] == cert.serial


def test_credential_with_a_changed_field_fails_verification(client):
    cert = certificate(title="政务云安全")
    token = _download(client, cert)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["credentialSubject"]["achievement"]["name"] = "伪造的课程"
    forged = f"{header}.{_b64(claims)}.{signature}"
    with pytest.raises(jwt.InvalidSignatureError):
        credential_verify(forged)


def test_credential_signed_by_another_key_fails_verification(client):
    cert = certificate()
    claims = jwt.decode(_download(client, cert), options={"verify_signature": False})
    forged = jwt.encode(claims, Ed25519PrivateKey.generate(), algorithm="EdDSA")
    with pytest.raises(jwt.InvalidSignatureError):
        credential_verify(forged)
